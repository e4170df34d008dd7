import { createHmac, hkdfSync } from 'node:crypto';
import { inspect } from 'node:util';
import { KEY_ID_PATTERN, openEnvelope, parseEnvelope, sealEnvelope } from './envelope.ts';
import type { SecretCipher, SecretContext } from './secret-context.ts';
import { SecretError } from './secret-error.ts';

export const MASTER_KEY_BYTES = 32;

/** One master key as configured: raw bytes and an optional label (the key's fingerprint id otherwise). */
export interface MasterKeyEntry {
  readonly id?: string;
  readonly key: Uint8Array;
}

interface Slot {
  readonly id: string;
  readonly fingerprintId: string;
  readonly aesKey: Buffer;
}

/** `fp-` and 8 hex digits of an HMAC of the key: names a key without revealing anything about it. */
export function fingerprintKeyId(key: Uint8Array): string {
  return `fp-${createHmac('sha256', key).update('presence-sync/key-id').digest('hex').slice(0, 8)}`;
}

function deriveAesKey(key: Uint8Array): Buffer {
  return Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), 'presence-sync/secret-envelope/v1', MASTER_KEY_BYTES));
}

function toSlot(entry: MasterKeyEntry, position: number): Slot {
  if (entry.key.length !== MASTER_KEY_BYTES) {
    throw new SecretError(
      'PSYNC_MASTER_KEY_WRONG_LENGTH',
      `master key #${position + 1} has ${entry.key.length} bytes; it must have exactly ${MASTER_KEY_BYTES}. Generate one with: openssl rand -base64 32`,
    );
  }
  const fingerprintId = fingerprintKeyId(entry.key);
  const id = entry.id ?? fingerprintId;
  if (!KEY_ID_PATTERN.test(id) || (id.startsWith('fp-') && id !== fingerprintId)) {
    throw new SecretError(
      'PSYNC_MASTER_KEY_BAD_ID',
      `master key #${position + 1} has the id '${id}'; an id is 1–32 letters, digits, '.', '_' or '-', starts with a letter or digit, and does not start with 'fp-' (reserved for fingerprints).`,
    );
  }
  return { id, fingerprintId, aesKey: deriveAesKey(entry.key) };
}

/**
 * The configured master keys. The last one encrypts; any of them decrypts. Implements the store's
 * `SecretCipher` port. Key material lives only in private fields and never prints.
 */
export class KeyRing implements SecretCipher {
  readonly #slots: readonly Slot[];
  readonly #byId: ReadonlyMap<string, Slot>;

  /** Throws `SecretError` (PSYNC_MASTER_KEY_*) for an empty list, a wrong length, a bad or duplicate id. */
  constructor(entries: readonly MasterKeyEntry[]) {
    if (entries.length === 0) {
      throw new SecretError('PSYNC_MASTER_KEY_MISSING', 'a key ring needs at least one master key.');
    }
    const slots = entries.map(toSlot);
    const byId = new Map<string, Slot>();
    for (const slot of slots) {
      for (const name of new Set([slot.id, slot.fingerprintId])) {
        if (byId.has(name)) {
          throw new SecretError(
            'PSYNC_MASTER_KEY_DUPLICATE',
            `the key id '${name}' is configured twice (the same key listed twice, or two keys with one label); each key must appear once with a distinct id.`,
            { keyId: name },
          );
        }
        byId.set(name, slot);
      }
    }
    this.#slots = slots;
    this.#byId = byId;
  }

  /** The id written into new envelopes. */
  get currentKeyId(): string {
    return this.#current().id;
  }

  /** Every configured key's id, oldest first. */
  get keyIds(): readonly string[] {
    return this.#slots.map((s) => s.id);
  }

  encrypt(plain: string, aad: SecretContext): string {
    const current = this.#current();
    return sealEnvelope(current.aesKey, current.id, plain, aad);
  }

  decrypt(envelope: string, aad: SecretContext): string {
    const parsed = parseEnvelope(envelope, aad);
    return openEnvelope(this.#slotFor(parsed.keyId).aesKey, parsed, aad);
  }

  /** True when the envelope was not written under the newest key (so `rotateAll` would rewrite it). */
  needsRotation(envelope: string): boolean {
    return this.#slotFor(parseEnvelope(envelope).keyId) !== this.#current();
  }

  toString(): string {
    return `KeyRing(keys: ${this.keyIds.join(', ')}; current: ${this.currentKeyId})`;
  }

  toJSON(): { keyIds: readonly string[]; currentKeyId: string } {
    return { keyIds: this.keyIds, currentKeyId: this.currentKeyId };
  }

  [inspect.custom](): string {
    return this.toString();
  }

  #current(): Slot {
    return this.#slots[this.#slots.length - 1] as Slot;
  }

  #slotFor(keyId: string): Slot {
    const slot = this.#byId.get(keyId);
    if (slot) return slot;
    throw new SecretError(
      'PSYNC_SECRET_KEY_UNKNOWN',
      `a stored secret was encrypted under master key '${keyId}', which is not configured (configured: ${this.keyIds.join(', ')}). ` +
        'Add that key back to PRESENCE_SYNC_MASTER_KEY or the key file (older keys first, newest last), then run `presence-sync rotate-keys`.',
      { keyId },
    );
  }
}
