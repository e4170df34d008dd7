import { describe, expect, it } from 'vitest';
import { IdFactory, newOrgId, normaliseId, sameId, to18 } from './ids.ts';

describe('Salesforce IDs', () => {
  it('computes the case checksum of the published test vectors', () => {
    const vectors: [string, string][] = [
      ['a0RE000000IJmcN', 'MAT'], ['001M000000qfPyS', 'IAU'], ['a0FE000000D6r3F', 'MAR'], ['AbCdEfGhIjKlMnO', 'VKV'],
      ['aBcDEfgHIJKLMNO', '025'], ['00558000001N0Ke', 'AAK'], ['70130000001tcyI', 'AAQ'],
    ];
    for (const [id15, suffix] of vectors) expect(to18(id15)).toBe(id15 + suffix);
  });

  it('normalises 15 and 18 characters, restores case from the checksum and refuses non-IDs', () => {
    expect(normaliseId('001M000000qfPyS')).toBe('001M000000qfPySIAU');
    expect(normaliseId('001m000000qfpysiau')).toBe('001M000000qfPySIAU');
    expect(normaliseId('001M000000qfPyS!!!')).toBeUndefined();
    expect(normaliseId('001M000000qfPy')).toBeUndefined();
    expect(normaliseId('001M000000qfPyS999')).toBeUndefined();
    expect(sameId('001M000000qfPyS', '001M000000QFPYSIAU')).toBe(true);
    expect(sameId('nope', 'nope')).toBe(false);
  });

  it('issues org and record IDs in the real format with valid checksums', () => {
    const org = newOrgId();
    expect(org).toMatch(/^00D[A-Za-z0-9]{15}$/);
    expect(normaliseId(org)).toBe(org);
    const ids = new IdFactory(org.slice(3, 5));
    const a = ids.next('005');
    const b = ids.next('005');
    expect(a).not.toBe(b);
    expect(a.startsWith('005')).toBe(true);
    expect(normaliseId(a)).toBe(a);
  });
});
