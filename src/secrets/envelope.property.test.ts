import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KeyRing } from './key-ring.ts';
import { SecretError } from './secret-error.ts';

const ring = new KeyRing([{ id: 'old', key: randomBytes(32) }, { id: 'k1', key: randomBytes(32) }]);
const contextArb = fc.record({ tenantId: fc.string(), table: fc.string(), recordId: fc.string(), field: fc.string() });
const plainArb = fc.string({ unit: 'grapheme', maxLength: 200 });
const base64urlChar = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_:.'.split(''));

function throwsSecretError(fn: () => unknown): boolean {
  try {
    fn();
    return false;
  } catch (err) {
    return err instanceof SecretError;
  }
}

describe('envelope properties', () => {
  it('decrypts what it encrypted, for any text and context', () => {
    fc.assert(
      fc.property(plainArb, contextArb, (plain, ctx) => {
        expect(ring.decrypt(ring.encrypt(plain, ctx), ctx)).toBe(plain);
      }),
    );
  });

  it('fails on any single changed character of the envelope', () => {
    fc.assert(
      fc.property(plainArb, contextArb, fc.nat(), base64urlChar, (plain, ctx, at, replacement) => {
        const envelope = ring.encrypt(plain, ctx);
        const i = at % envelope.length;
        fc.pre(envelope[i] !== replacement);
        const altered = envelope.slice(0, i) + replacement + envelope.slice(i + 1);
        expect(throwsSecretError(() => ring.decrypt(altered, ctx))).toBe(true);
      }),
    );
  });

  it('fails when the last character of a part changes, even if only its unused bits would differ', () => {
    fc.assert(
      fc.property(plainArb, contextArb, fc.constantFrom(3, 4, 5), base64urlChar, (plain, ctx, part, replacement) => {
        const parts = ring.encrypt(plain, ctx).split(':');
        const text = parts[part] ?? '';
        fc.pre(!text.endsWith(replacement));
        parts[part] = text.slice(0, -1) + replacement;
        expect(throwsSecretError(() => ring.decrypt(parts.join(':'), ctx))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('fails on any single changed byte of the context tag, nonce, ciphertext or tag', () => {
    fc.assert(
      fc.property(plainArb, contextArb, fc.constantFrom(3, 4, 5), fc.nat(), fc.integer({ min: 1, max: 255 }), (plain, ctx, part, at, xor) => {
        const parts = ring.encrypt(plain, ctx).split(':');
        const bytes = Buffer.from(parts[part] ?? '', 'base64url');
        const i = at % bytes.length;
        bytes[i] = (bytes[i] ?? 0) ^ xor;
        parts[part] = bytes.toString('base64url');
        expect(throwsSecretError(() => ring.decrypt(parts.join(':'), ctx))).toBe(true);
      }),
    );
  });

  it('fails in any other context', () => {
    fc.assert(
      fc.property(plainArb, contextArb, contextArb, (plain, ctx, other) => {
        fc.pre(JSON.stringify(ctx) !== JSON.stringify(other));
        expect(throwsSecretError(() => ring.decrypt(ring.encrypt(plain, ctx), other))).toBe(true);
      }),
    );
  });
});
