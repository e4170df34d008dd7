import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { KeyRing, fingerprintKeyId } from './key-ring.ts';
import type { SecretContext } from './secret-context.ts';
import { SecretError } from './secret-error.ts';

const ctx: SecretContext = { tenantId: 't1', table: 'account_mapping', recordId: 'am-1', field: 'client_secret' };
const secret = 'sf-client-secret-Ω-42';

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(SecretError);
    expect((err as Error).message).not.toContain(secret);
    return (err as SecretError).code;
  }
  throw new Error('expected a SecretError');
}

/** Replaces one base64url character of the envelope part at `index` by another. */
function alterPart(envelope: string, index: number): string {
  const parts = envelope.split(':');
  const part = parts[index] ?? '';
  const first = part[0] === 'A' ? 'B' : 'A';
  parts[index] = first + part.slice(1);
  return parts.join(':');
}

describe('KeyRing envelope', () => {
  const ring = new KeyRing([{ id: 'k1', key: randomBytes(32) }]);

  it('round-trips and writes psync:v1:<kid>:<context>:<nonce>:<ciphertext+tag>', () => {
    const envelope = ring.encrypt(secret, ctx);
    expect(envelope).toMatch(/^psync:v1:k1:[A-Za-z0-9_-]{8}:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]+$/);
    expect(envelope).not.toContain(secret);
    expect(ring.decrypt(envelope, ctx)).toBe(secret);
  });

  it('uses a fresh nonce every time', () => {
    expect(ring.encrypt(secret, ctx)).not.toBe(ring.encrypt(secret, ctx));
  });

  it('round-trips the empty string', () => {
    expect(ring.decrypt(ring.encrypt('', ctx), ctx)).toBe('');
  });

  it('refuses a key of the same id but different bytes: PSYNC_SECRET_TAMPERED', () => {
    const other = new KeyRing([{ id: 'k1', key: randomBytes(32) }]);
    expect(codeOf(() => other.decrypt(ring.encrypt(secret, ctx), ctx))).toBe('PSYNC_SECRET_TAMPERED');
  });

  it('names an unknown key id and says how to fix it', () => {
    const other = new KeyRing([{ id: 'k2', key: randomBytes(32) }]);
    const envelope = ring.encrypt(secret, ctx);
    expect(codeOf(() => other.decrypt(envelope, ctx))).toBe('PSYNC_SECRET_KEY_UNKNOWN');
    expect(() => other.decrypt(envelope, ctx)).toThrow(/'k1'.*PRESENCE_SYNC_MASTER_KEY/);
  });

  it('detects tampered nonce, ciphertext and tag', () => {
    const envelope = ring.encrypt(secret, ctx);
    expect(codeOf(() => ring.decrypt(alterPart(envelope, 4), ctx))).toBe('PSYNC_SECRET_TAMPERED');
    expect(codeOf(() => ring.decrypt(alterPart(envelope, 5), ctx))).toBe('PSYNC_SECRET_TAMPERED');
    const sealed = envelope.split(':')[5] ?? '';
    const bytes = Buffer.from(sealed, 'base64url');
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 1; // last byte of the GCM tag
    const withBadTag = [...envelope.split(':').slice(0, 5), bytes.toString('base64url')].join(':');
    expect(codeOf(() => ring.decrypt(withBadTag, ctx))).toBe('PSYNC_SECRET_TAMPERED');
  });

  it.each([
    ['another tenant', { ...ctx, tenantId: 't2' }],
    ['another table', { ...ctx, table: 'api_token' }],
    ['another record', { ...ctx, recordId: 'am-2' }],
    ['another field', { ...ctx, field: 'refresh_token' }],
  ])('refuses a value copied to %s: PSYNC_SECRET_WRONG_CONTEXT', (_name, elsewhere) => {
    const envelope = ring.encrypt(secret, ctx);
    expect(codeOf(() => ring.decrypt(envelope, elsewhere))).toBe('PSYNC_SECRET_WRONG_CONTEXT');
    expect(() => ring.decrypt(envelope, elsewhere)).toThrow(/Enter the secret for this record again/);
  });

  it('refuses a copied value even when the context tag was forged to match', () => {
    const elsewhere = { ...ctx, recordId: 'am-2' };
    const forgedTag = ring.encrypt('x', elsewhere).split(':')[3] ?? '';
    const parts = ring.encrypt(secret, ctx).split(':');
    parts[3] = forgedTag;
    expect(codeOf(() => ring.decrypt(parts.join(':'), elsewhere))).toBe('PSYNC_SECRET_TAMPERED');
  });

  it('does not confuse contexts whose fields run together', () => {
    const a = { tenantId: 't', table: 'ab', recordId: 'c', field: 'd' };
    const b = { tenantId: 't', table: 'a', recordId: 'bc', field: 'd' };
    expect(codeOf(() => ring.decrypt(ring.encrypt(secret, a), b))).toBe('PSYNC_SECRET_WRONG_CONTEXT');
  });

  it.each([
    ['not an envelope', 'hunter2', 'PSYNC_SECRET_MALFORMED'],
    ['a future format', 'psync:v9:k1:a:b:c', 'PSYNC_SECRET_VERSION_UNSUPPORTED'],
    ['too few parts', 'psync:v1:k1:AAAAAAAA', 'PSYNC_SECRET_MALFORMED'],
    ['a bad key id', 'psync:v1:-k:AAAAAAAA:AAAAAAAAAAAAAAAA:AAAAAAAAAAAAAAAAAAAAAA', 'PSYNC_SECRET_MALFORMED'],
    ['a short nonce', 'psync:v1:k1:AAAAAAAA:AAAA:AAAAAAAAAAAAAAAAAAAAAA', 'PSYNC_SECRET_MALFORMED'],
    ['a bad context tag', 'psync:v1:k1:AA:AAAAAAAAAAAAAAAA:AAAAAAAAAAAAAAAAAAAAAA', 'PSYNC_SECRET_MALFORMED'],
    ['no room for a tag', 'psync:v1:k1:AAAAAAAA:AAAAAAAAAAAAAAAA:AAAA', 'PSYNC_SECRET_MALFORMED'],
    ['non-canonical base64url', 'psync:v1:k1:AAAAAAAA:AAAAAAAAAAAAAAAA:AAAAAAAAAAAAAAAAAAAAAB', 'PSYNC_SECRET_MALFORMED'],
  ])('refuses %s with a clear code and without quoting it', (_name, text, code) => {
    expect(codeOf(() => ring.decrypt(text, ctx))).toBe(code);
    expect(() => ring.decrypt(text, ctx)).toThrow(/account_mapping\.client_secret of record 'am-1'/);
  });

  it('refuses text that would not survive UTF-8 storage', () => {
    expect(codeOf(() => ring.encrypt('a\uD800b', ctx))).toBe('PSYNC_SECRET_INVALID_PLAINTEXT');
  });
});

describe('KeyRing keys', () => {
  it('encrypts with the newest key and decrypts with any', () => {
    const k1 = randomBytes(32);
    const k2 = randomBytes(32);
    const old = new KeyRing([{ id: 'k1', key: k1 }]);
    const both = new KeyRing([{ id: 'k1', key: k1 }, { id: 'k2', key: k2 }]);
    const oldEnvelope = old.encrypt(secret, ctx);
    expect(both.currentKeyId).toBe('k2');
    expect(both.keyIds).toEqual(['k1', 'k2']);
    expect(both.decrypt(oldEnvelope, ctx)).toBe(secret);
    expect(both.encrypt(secret, ctx).split(':')[2]).toBe('k2');
    expect(both.needsRotation(oldEnvelope)).toBe(true);
    expect(both.needsRotation(both.encrypt(secret, ctx))).toBe(false);
  });

  it('names an unlabelled key by its fingerprint and finds a labelled key by it too', () => {
    const key = randomBytes(32);
    const bare = new KeyRing([{ key }]);
    expect(bare.currentKeyId).toBe(fingerprintKeyId(key));
    expect(bare.currentKeyId).toMatch(/^fp-[0-9a-f]{8}$/);
    const labelled = new KeyRing([{ id: 'main', key }]);
    expect(labelled.decrypt(bare.encrypt(secret, ctx), ctx)).toBe(secret);
    expect(labelled.needsRotation(bare.encrypt(secret, ctx))).toBe(false);
  });

  it.each([
    ['no keys', [], 'PSYNC_MASTER_KEY_MISSING'],
    ['a short key', [{ key: randomBytes(16) }], 'PSYNC_MASTER_KEY_WRONG_LENGTH'],
    ['a bad id', [{ id: 'a:b', key: randomBytes(32) }], 'PSYNC_MASTER_KEY_BAD_ID'],
    ['a fake fingerprint id', [{ id: 'fp-00000000', key: randomBytes(32) }], 'PSYNC_MASTER_KEY_BAD_ID'],
    ['one id twice', [{ id: 'a', key: randomBytes(32) }, { id: 'a', key: randomBytes(32) }], 'PSYNC_MASTER_KEY_DUPLICATE'],
    ['one key twice', ((k: Buffer) => [{ key: k }, { id: 'b', key: k }])(randomBytes(32)), 'PSYNC_MASTER_KEY_DUPLICATE'],
  ])('refuses %s', (_name, entries, code) => {
    expect(() => new KeyRing(entries)).toThrow(expect.objectContaining({ code }));
  });

  it('never prints key material: toString, JSON.stringify, util.inspect', () => {
    const key = randomBytes(32);
    const ring = new KeyRing([{ id: 'k1', key }]);
    const printed = [String(ring), `${ring}`, JSON.stringify(ring), inspect(ring, { showHidden: true, depth: 10 }), JSON.stringify({ ring })];
    for (const text of printed) {
      for (const encoding of ['base64', 'base64url', 'hex', 'latin1'] as const) expect(text).not.toContain(key.toString(encoding));
      expect(text).toContain('k1');
    }
    expect(JSON.parse(JSON.stringify(ring))).toEqual({ keyIds: ['k1'], currentKeyId: 'k1' });
  });
});
