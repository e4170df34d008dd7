import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseOrgId, sameSalesforceId, toId18 } from './salesforce-id.ts';

describe('Salesforce IDs', () => {
  it.each([
    ['a0RE000000IJmcN', 'a0RE000000IJmcNMAT'],
    ['001M000000qfPyS', '001M000000qfPySIAU'],
    ['a0FE000000D6r3F', 'a0FE000000D6r3FMAR'],
    ['AbCdEfGhIjKlMnO', 'AbCdEfGhIjKlMnOVKV'],
    ['aBcDEfgHIJKLMNO', 'aBcDEfgHIJKLMNO025'],
    ['00558000001N0Ke', '00558000001N0KeAAK'],
    ['70130000001tcyI', '70130000001tcyIAAQ'],
  ])('normalises %s to %s (published test vectors)', (id15, id18) => {
    expect(toId18(id15)).toEqual({ ok: true, value: id18 });
    expect(toId18(id18)).toEqual({ ok: true, value: id18 });
  });

  it('restores the case of an 18-character ID that was lower- or upper-cased in transit', () => {
    expect(toId18('001m000000qfpysiau')).toEqual({ ok: true, value: '001M000000qfPySIAU' });
    expect(toId18('001M000000QFPYSIAU')).toEqual({ ok: true, value: '001M000000qfPySIAU' });
  });

  it('refuses an 18-character ID whose checksum does not match', () => {
    const r = toId18('001M000000qfPySAAA');
    expect(!r.ok && r.problems[0]!.code).toBe('PSYNC_SFID_CHECKSUM');
    const bits = toId18('0010000000000000AB'); // checksum claims upper-case digits
    expect(!bits.ok && bits.problems[0]!.code).toBe('PSYNC_SFID_CHECKSUM');
    const badChar = toId18('001m000000qfpys!au');
    expect(!badChar.ok && badChar.problems[0]!.code).toBe('PSYNC_SFID_FORMAT');
    const badSuffix = toId18('001m000000qfpys999');
    expect(!badSuffix.ok && badSuffix.problems[0]!.code).toBe('PSYNC_SFID_CHECKSUM');
  });

  it.each(['', '00D123', '00D12345678901234567', '00D 23456789012'])('refuses %j as not 15 or 18 letters and digits', (id) => {
    const r = toId18(id);
    expect(!r.ok && r.problems[0]!.code).toBe('PSYNC_SFID_FORMAT');
  });

  it('accepts organisation IDs of 15 or 18 characters and normalises them', () => {
    expect(parseOrgId(' 00D5g000004XyZ1 ')).toEqual({ ok: true, value: '00D5g000004XyZ1EAK' });
    expect(parseOrgId('00D5g000004XyZ1EAK')).toEqual({ ok: true, value: '00D5g000004XyZ1EAK' });
  });

  it('refuses an ID that is not an organisation, and says where to find the right one', () => {
    const r = parseOrgId('00558000001N0Ke');
    expect(!r.ok && r.problems[0]!.code).toBe('PSYNC_ORGID_PREFIX');
    expect(!r.ok && r.problems[0]!.message).toMatch(/Company Information/);
    const short = parseOrgId('00D1');
    expect(!short.ok && short.problems[0]!.message).toMatch(/organisation ID/);
  });

  it('compares 15-character IDs case-sensitively and 18-character IDs without regard to case', () => {
    expect(sameSalesforceId('001M000000qfPyS', '001M000000qfPyS')).toBe(true);
    expect(sameSalesforceId('001M000000qfPyS', '001m000000qfPyS')).toBe(false);
    expect(sameSalesforceId('001M000000qfPyS', '001m000000qfpysiau')).toBe(true);
    expect(sameSalesforceId('001M000000qfPySIAU', '001M000000QFPYSIAU')).toBe(true);
    expect(sameSalesforceId('001M000000qfPyS', 'a0RE000000IJmcNMAT')).toBe(false);
    expect(sameSalesforceId('not an id', 'not an id')).toBe(false);
  });

  it('gives every 15-character ID an 18-character form that parses back to itself', () => {
    const id15 = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'), minLength: 15, maxLength: 15 });
    fc.assert(
      fc.property(id15, (id) => {
        const r = toId18(id);
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        expect(r.value.slice(0, 15)).toBe(id);
        expect(toId18(r.value.toLowerCase())).toEqual(r);
        expect(sameSalesforceId(id, r.value.toUpperCase())).toBe(true);
      }),
    );
  });
});
