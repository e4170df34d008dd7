import { fail, ok, type Problem, type Result } from '../domain/index.ts';
import { KeyRing, MASTER_KEY_BYTES, type MasterKeyEntry } from './key-ring.ts';
import { isPublishedMasterKey } from './published-keys.ts';
import { SecretError } from './secret-error.ts';

const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;
const GENERATE_HINT = 'generate a key with: openssl rand -base64 32';

/** Strict base64 (standard or url alphabet, padding optional): undefined unless canonical. */
function decodeBase64(text: string): Buffer | undefined {
  if (!BASE64.test(text)) return undefined;
  const standard = text.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
  const bytes = Buffer.from(standard, 'base64');
  return bytes.toString('base64').replace(/=+$/, '') === standard ? bytes : undefined;
}

function parseEntry(entry: string, label: string): Result<MasterKeyEntry> {
  const colon = entry.indexOf(':');
  const id = colon >= 0 ? entry.slice(0, colon).trim() : undefined;
  const encoded = (colon >= 0 ? entry.slice(colon + 1) : entry).trim();
  const key = decodeBase64(encoded);
  if (key === undefined) {
    return fail({ code: 'PSYNC_MASTER_KEY_NOT_BASE64', message: `${label}: expected base64 of ${MASTER_KEY_BYTES} random bytes, got text that is not base64; ${GENERATE_HINT}` });
  }
  if (key.length !== MASTER_KEY_BYTES) {
    const hex = /^[0-9a-fA-F]{64}$/.test(encoded) ? ' (it looks like hex: convert with `echo <hex key> | xxd -r -p | base64`)' : '';
    return fail({ code: 'PSYNC_MASTER_KEY_WRONG_LENGTH', message: `${label}: expected base64 of exactly ${MASTER_KEY_BYTES} bytes, got ${key.length} bytes${hex}; ${GENERATE_HINT}` });
  }
  if (isPublishedMasterKey(key)) {
    return fail({ code: 'PSYNC_MASTER_KEY_PUBLISHED', message: `${label}: this key is printed in the presence-sync documentation (or is all zeros), so anyone can decrypt with it; ${GENERATE_HINT}` });
  }
  return ok(id === undefined ? { key } : { id, key });
}

/**
 * Parses master keys as written in `PRESENCE_SYNC_MASTER_KEY` or a key file: entries `[id:]<base64>`
 * separated by commas or new lines, oldest first, newest (the one that encrypts) last; `#` starts a
 * comment line. `source` names where the text came from in messages, which never quote key material.
 */
export function parseMasterKeys(text: string, source: string): Result<KeyRing> {
  const entries = text
    .split(/\r?\n/)
    .filter((line) => !line.trim().startsWith('#'))
    .flatMap((line) => line.split(','))
    .map((e) => e.trim())
    .filter((e) => e !== '');
  if (entries.length === 0) {
    return fail({ code: 'PSYNC_MASTER_KEY_MISSING', message: `${source}: contains no key; ${GENERATE_HINT}` });
  }
  const problems: Problem[] = [];
  const parsed: MasterKeyEntry[] = [];
  entries.forEach((entry, i) => {
    const label = entries.length === 1 ? source : `${source} (key #${i + 1})`;
    const result = parseEntry(entry, label);
    if (result.ok) parsed.push(result.value);
    else problems.push(...result.problems);
  });
  if (problems.length > 0) return fail(...problems);
  try {
    return ok(new KeyRing(parsed));
  } catch (err) {
    if (err instanceof SecretError) return fail({ code: err.code, message: `${source}: ${err.message.slice(err.code.length + 2)}` });
    throw err;
  }
}
