import { closeSync, mkdirSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { randomBytes } from 'node:crypto';
import { fail, type Result } from '../domain/index.ts';
import { fingerprintKeyId, type KeyRing, MASTER_KEY_BYTES } from './key-ring.ts';
import { parseMasterKeys } from './master-key-text.ts';
import { SecretError } from './secret-error.ts';

/**
 * Reads a key file (same syntax as `PRESENCE_SYNC_MASTER_KEY`). On POSIX the file must not be
 * readable or writable by group or others.
 */
export function readMasterKeyFile(path: string, platform: NodeJS.Platform = process.platform): Result<KeyRing> {
  const label = `PRESENCE_SYNC_MASTER_KEY_FILE (${path})`;
  let text: string;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) {
      return fail({ code: 'PSYNC_MASTER_KEY_FILE_UNREADABLE', message: `${label}: is not a regular file; point it at the key file.` });
    }
    if (platform !== 'win32' && (stat.mode & 0o077) !== 0) {
      const mode = (stat.mode & 0o777).toString(8).padStart(4, '0');
      return fail({
        code: 'PSYNC_MASTER_KEY_FILE_PERMISSIONS',
        message: `${label}: has mode ${mode}, so other users on this machine can read or change it; make it owner-only with: chmod 600 '${path}'`,
      });
    }
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'unknown error';
    return fail({ code: 'PSYNC_MASTER_KEY_FILE_UNREADABLE', message: `${label}: cannot be read (${code}); check the path and that this user owns the file.` });
  }
  return parseMasterKeys(text, label);
}

/**
 * Creates a key file holding one fresh random key, owner-only (0600), its folder 0700 if it has to
 * be created. For the demo: a real deployment keeps its key in a secret manager. Never overwrites.
 */
export function generateMasterKeyFile(path: string): { readonly path: string; readonly keyId: string } {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const key = randomBytes(MASTER_KEY_BYTES);
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new SecretError(
        'PSYNC_MASTER_KEY_FILE_EXISTS',
        `a key file already exists at ${path}; it is never overwritten, because the secrets stored with it would be lost. Use it, or move it away yourself.`,
        { path },
      );
    }
    throw err;
  }
  try {
    const body =
      '# presence-sync master key (generated for the demo). Keep it secret and back it up with the data:\n' +
      '# without it the stored secrets cannot be decrypted. To rotate, append a new key on its own line.\n' +
      `${key.toString('base64')}\n`;
    writeSync(fd, body);
  } finally {
    closeSync(fd);
  }
  return { path, keyId: fingerprintKeyId(key) };
}
