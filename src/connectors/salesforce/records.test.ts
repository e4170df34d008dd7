import { describe, expect, it } from 'vitest';
import { flag, id18, num, parent, parseDateTime, soqlDateTime, soqlString, text } from './records.ts';

describe('record helpers', () => {
  const row = { Name: 'Acme', Empty: '', On: true, N: 3, Profile: { Name: 'Agent' }, Id: '005000000000001', Bad: 'x!' };
  it('read fields defensively', () => {
    expect(text(row, 'Name')).toBe('Acme');
    expect(text(row, 'Empty')).toBeUndefined();
    expect(text(undefined, 'Name')).toBeUndefined();
    expect(flag(row, 'On')).toBe(true);
    expect(flag(row, 'Name')).toBe(false);
    expect(num(row, 'N')).toBe(3);
    expect(num(row, 'Name')).toBeUndefined();
    expect(text(parent(row, 'Profile'), 'Name')).toBe('Agent');
    expect(parent(row, 'Name')).toBeUndefined();
    expect(id18(row, 'Id')).toBe('005000000000001AAA');
    expect(id18(row, 'Bad')).toBeUndefined();
    expect(id18(row, 'Missing')).toBeUndefined();
  });

  it('writes SOQL literals and reads Salesforce dateTimes', () => {
    expect(soqlString("O'Brien \\ co")).toBe("'O\\'Brien \\\\ co'");
    expect(soqlDateTime(Date.UTC(2026, 10, 25, 13))).toBe('2026-11-25T13:00:00.000Z');
    expect(parseDateTime('2026-11-25T13:00:00.000+0000')).toBe(Date.UTC(2026, 10, 25, 13));
    expect(parseDateTime('2026-11-25T14:00:00.000+0100')).toBe(Date.UTC(2026, 10, 25, 13));
    expect(parseDateTime('2026-11-25T13:00:00Z')).toBe(Date.UTC(2026, 10, 25, 13));
    expect(parseDateTime('never')).toBeUndefined();
    expect(parseDateTime(undefined)).toBeUndefined();
  });
});
