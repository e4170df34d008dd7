import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { fromCanonicalBase64Url, toBase64Url } from './base64url.ts';
import { contextBytes, contextDetails, contextTag, describeContext, type SecretContext } from './secret-context.ts';
import { SecretError } from './secret-error.ts';

/**
 * `psync:v1:<key id>:<context tag>:<nonce>:<ciphertext+tag>`, the last three in unpadded base64url.
 * AES-256-GCM, 96-bit random nonce, 128-bit tag. The header and the context are the associated data.
 * Changing anything in this layout invalidates every stored secret: add a new version beside it.
 */
export const ENVELOPE_PREFIX = 'psync';
export const ENVELOPE_VERSION = 'v1';
export const KEY_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/;

const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const CONTEXT_TAG_BYTES = 6;

export interface ParsedEnvelope {
  readonly version: string;
  readonly keyId: string;
  readonly contextTag: Buffer;
  readonly nonce: Buffer;
  readonly sealed: Buffer;
}

function where(aad: SecretContext | undefined): string {
  return aad ? `the stored secret for ${describeContext(aad)}` : 'a stored secret';
}

function malformed(aad: SecretContext | undefined, why: string): SecretError {
  return new SecretError(
    'PSYNC_SECRET_MALFORMED',
    `${where(aad)} is not a presence-sync secret envelope (${why}). ` +
      'It was probably written outside presence-sync or truncated; enter the secret again through the console or API.',
    aad ? contextDetails(aad) : {},
  );
}

/** Splits an envelope into its parts; `aad` only names the secret in error messages. */
export function parseEnvelope(text: string, aad?: SecretContext): ParsedEnvelope {
  const parts = text.split(':');
  if (parts[0] !== ENVELOPE_PREFIX) throw malformed(aad, `it does not start with '${ENVELOPE_PREFIX}:'`);
  const version = parts[1] ?? '';
  if (version !== ENVELOPE_VERSION) {
    throw new SecretError(
      'PSYNC_SECRET_VERSION_UNSUPPORTED',
      `${where(aad)} uses envelope format '${version}', which this version of ` +
        `presence-sync does not read (it reads '${ENVELOPE_VERSION}'). Upgrade presence-sync, or enter the secret again.`,
      { ...(aad ? contextDetails(aad) : {}), version },
    );
  }
  if (parts.length !== 6) throw malformed(aad, 'wrong number of parts');
  const [, , keyId = '', tagText = '', nonceText = '', sealedText = ''] = parts;
  if (!KEY_ID_PATTERN.test(keyId)) throw malformed(aad, 'invalid key id');
  const tag = fromCanonicalBase64Url(tagText);
  const nonce = fromCanonicalBase64Url(nonceText);
  const sealed = fromCanonicalBase64Url(sealedText);
  if (tag?.length !== CONTEXT_TAG_BYTES) throw malformed(aad, 'invalid context tag');
  if (nonce?.length !== NONCE_BYTES) throw malformed(aad, 'invalid nonce');
  if (sealed === undefined || sealed.length < TAG_BYTES) throw malformed(aad, 'invalid ciphertext');
  return { version, keyId, contextTag: tag, nonce, sealed };
}

function associatedData(keyId: string, aad: SecretContext): Buffer {
  return contextBytes([ENVELOPE_PREFIX, ENVELOPE_VERSION, keyId], aad);
}

/** Encrypts with an already derived 32-byte AES key. */
export function sealEnvelope(aesKey: Buffer, keyId: string, plain: string, aad: SecretContext): string {
  if (/\p{Cs}/u.test(plain)) {
    throw new SecretError(
      'PSYNC_SECRET_INVALID_PLAINTEXT',
      `the secret for ${describeContext(aad)} contains an unpaired UTF-16 surrogate and would not survive storage; check how it was copied.`,
      contextDetails(aad),
    );
  }
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', aesKey, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(associatedData(keyId, aad));
  const sealed = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return [ENVELOPE_PREFIX, ENVELOPE_VERSION, keyId, toBase64Url(contextTag(aad)), toBase64Url(nonce), toBase64Url(sealed)].join(':');
}

/** Decrypts a parsed envelope with the derived AES key of the key its id names. */
export function openEnvelope(aesKey: Buffer, envelope: ParsedEnvelope, aad: SecretContext): string {
  if (!envelope.contextTag.equals(contextTag(aad))) {
    throw new SecretError(
      'PSYNC_SECRET_WRONG_CONTEXT',
      `the stored secret for ${describeContext(aad)} was encrypted for a different tenant, record or field: ` +
        'it was copied from elsewhere. Enter the secret for this record again through the console or API.',
      contextDetails(aad),
    );
  }
  const ciphertext = envelope.sealed.subarray(0, envelope.sealed.length - TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', aesKey, envelope.nonce, { authTagLength: TAG_BYTES });
  decipher.setAAD(associatedData(envelope.keyId, aad));
  decipher.setAuthTag(envelope.sealed.subarray(envelope.sealed.length - TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
  } catch {
    throw new SecretError(
      'PSYNC_SECRET_TAMPERED',
      `the stored secret for ${describeContext(aad)} failed its integrity check under key '${envelope.keyId}': ` +
        'it was altered, copied from another record, or encrypted with a different key that has the same id. ' +
        'Check that the master key is the one this database was written with; otherwise enter the secret again.',
      { ...contextDetails(aad), keyId: envelope.keyId },
    );
  }
}
