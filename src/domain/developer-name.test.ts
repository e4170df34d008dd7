import { describe, expect, it } from 'vitest';
import { developerNameFromLabel, validateDeveloperName } from './developer-name.ts';

const codes = (r: ReturnType<typeof validateDeveloperName>) => (r.ok ? [] : r.problems.map((p) => p.code));

describe('developer names (M2.2)', () => {
  it.each([
    ['Available for Chats', 'Available_for_Chats'],
    ['Busy', 'Busy'],
    ['  Lunch  break ', 'Lunch_break'],
    ['Lunch - Break', 'Lunch_Break'],
    ['On Call (Inbound)', 'On_Call_Inbound'],
    ['1st Shift', 'X1st_Shift'],
    ['Café', 'Cafe'],
  ])('turns the label %j into %j, as Salesforce proposes', (label, expected) => {
    expect(developerNameFromLabel(label)).toEqual({ ok: true, value: expected });
  });

  it('refuses a label with nothing to build a name from, and says what to do', () => {
    const r = developerNameFromLabel('!!! ---');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0]!.message).toMatch(/type the developer name yourself/);
  });

  it('keeps generated names within 80 characters and without a trailing underscore', () => {
    const r = developerNameFromLabel(`${'a'.repeat(79)} b`);
    expect(r.ok && r.value).toBe('a'.repeat(79));
    expect(r.ok && validateDeveloperName(r.value).ok).toBe(true);
  });

  it('accepts a valid name', () => {
    expect(validateDeveloperName('Available_for_Chats')).toEqual({ ok: true, value: 'Available_for_Chats' });
  });

  it.each([
    ['', ['PSYNC_DEVNAME_EMPTY']],
    ['1abc', ['PSYNC_DEVNAME_FIRST_CHARACTER']],
    ['_abc', ['PSYNC_DEVNAME_FIRST_CHARACTER']],
    ['has space', ['PSYNC_DEVNAME_CHARACTERS']],
    ['a__b', ['PSYNC_DEVNAME_DOUBLE_UNDERSCORE']],
    ['ab_', ['PSYNC_DEVNAME_TRAILING_UNDERSCORE']],
    ['a'.repeat(81), ['PSYNC_DEVNAME_TOO_LONG']],
    ['9 a__', ['PSYNC_DEVNAME_FIRST_CHARACTER', 'PSYNC_DEVNAME_CHARACTERS', 'PSYNC_DEVNAME_DOUBLE_UNDERSCORE', 'PSYNC_DEVNAME_TRAILING_UNDERSCORE']],
  ])('refuses %j naming each rule it breaks', (name, expected) => {
    expect(codes(validateDeveloperName(name))).toEqual(expected);
  });

  it('names the offending characters', () => {
    const r = validateDeveloperName('a-b.c');
    expect(!r.ok && r.problems[0]!.message).toContain('"-", "."');
  });
});
