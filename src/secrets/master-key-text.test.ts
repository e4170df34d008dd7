import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fingerprintKeyId } from './key-ring.ts';
import { parseMasterKeys } from './master-key-text.ts';
import { PUBLISHED_MASTER_KEYS } from './published-keys.ts';

const key = () => randomBytes(32).toString('base64');

function problemsOf(text: string): { code: string; message: string }[] {
  const result = parseMasterKeys(text, 'PRESENCE_SYNC_MASTER_KEY');
  if (result.ok) throw new Error('expected problems');
  for (const p of result.problems) for (const part of text.split(/[,:\n]/)) if (part.length > 8) expect(p.message).not.toContain(part);
  return result.problems.map((p) => ({ code: p.code, message: p.message }));
}

describe('parseMasterKeys', () => {
  it('reads one bare key and names it by its fingerprint', () => {
    const bytes = randomBytes(32);
    const result = parseMasterKeys(` ${bytes.toString('base64')} `, 'X');
    expect(result.ok && result.value.currentKeyId).toBe(fingerprintKeyId(bytes));
  });

  it('reads a labelled list, newest last, in base64 or base64url, padded or not', () => {
    const k2 = randomBytes(32).toString('base64url');
    const result = parseMasterKeys(`k1:${key()}, k2:${k2}`, 'X');
    expect(result.ok && result.value.keyIds).toEqual(['k1', 'k2']);
    expect(result.ok && result.value.currentKeyId).toBe('k2');
  });

  it('reads a key file body with comments and one key per line', () => {
    const result = parseMasterKeys(`# old key\nk1:${key()}\n\n# new key\r\nk2:${key()}\n`, 'X');
    expect(result.ok && result.value.keyIds).toEqual(['k1', 'k2']);
  });

  it.each([
    ['an empty value', ' , ', 'PSYNC_MASTER_KEY_MISSING'],
    ['text that is not base64', 'not a key at all!', 'PSYNC_MASTER_KEY_NOT_BASE64'],
    ['non-canonical base64', `${key().slice(0, 42)}B=`, 'PSYNC_MASTER_KEY_NOT_BASE64'],
    ['16 bytes', randomBytes(16).toString('base64'), 'PSYNC_MASTER_KEY_WRONG_LENGTH'],
    ['a key in hex', randomBytes(32).toString('hex'), 'PSYNC_MASTER_KEY_WRONG_LENGTH'],
    ['the all-zero key', Buffer.alloc(32).toString('base64'), 'PSYNC_MASTER_KEY_PUBLISHED'],
    ['a bad label', `a b:${key()}`, 'PSYNC_MASTER_KEY_BAD_ID'],
  ])('refuses %s', (_name, text, code) => {
    expect(problemsOf(text).map((p) => p.code)).toEqual([code]);
  });

  it('refuses every key printed in our docs, in either base64 alphabet', () => {
    for (const published of PUBLISHED_MASTER_KEYS) {
      expect(problemsOf(published).map((p) => p.code)).toEqual(['PSYNC_MASTER_KEY_PUBLISHED']);
      expect(problemsOf(`k9:${Buffer.from(published, 'base64').toString('base64url')}`).map((p) => p.code)).toEqual(['PSYNC_MASTER_KEY_PUBLISHED']);
    }
  });

  it('reports every bad entry at once, naming its position and what to do', () => {
    const problems = problemsOf(`${randomBytes(8).toString('base64')},${key()},???`);
    expect(problems.map((p) => p.code)).toEqual(['PSYNC_MASTER_KEY_WRONG_LENGTH', 'PSYNC_MASTER_KEY_NOT_BASE64']);
    expect(problems[0]?.message).toMatch(/^PRESENCE_SYNC_MASTER_KEY \(key #1\): expected base64 of exactly 32 bytes, got 8 bytes; generate a key with: openssl rand -base64 32$/);
    expect(problems[1]?.message).toContain('(key #3)');
  });

  it('reports a duplicated key', () => {
    const k = key();
    expect(problemsOf(`${k},${k}`).map((p) => p.code)).toEqual(['PSYNC_MASTER_KEY_DUPLICATE']);
  });
});
