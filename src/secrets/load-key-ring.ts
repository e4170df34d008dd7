import { existsSync } from 'node:fs';
import { fail, ok, type Result } from '../domain/index.ts';
import type { KeyRing } from './key-ring.ts';
import { generateMasterKeyFile, readMasterKeyFile } from './master-key-file.ts';
import { parseMasterKeys } from './master-key-text.ts';
import { SecretError } from './secret-error.ts';

export type MasterKeySource = 'env' | 'file' | 'generated';

export interface LoadedKeyRing {
  readonly keyRing: KeyRing;
  readonly source: MasterKeySource;
  /** The key file, when the keys came from one. */
  readonly file?: string;
}

export interface ResolveKeyRingOptions {
  /** The value of PRESENCE_SYNC_MASTER_KEY. */
  readonly keyText?: string;
  /** The value of PRESENCE_SYNC_MASTER_KEY_FILE. */
  readonly keyFile?: string;
  /** Demo only: with no key configured, use this key file, creating it (0600) when it does not exist. */
  readonly demoKeyFile?: string;
  /** With no key and no demo key file: true fails with PSYNC_MASTER_KEY_MISSING, false gives undefined. */
  readonly required: boolean;
}

/** Finds the master keys from the settings; every problem comes back as a `Problem`, never a key. */
export function resolveKeyRing(options: ResolveKeyRingOptions): Result<LoadedKeyRing | undefined> {
  const { keyText, keyFile, demoKeyFile } = options;
  if (keyText !== undefined && keyFile !== undefined) {
    return fail({
      code: 'PSYNC_MASTER_KEY_CONFLICT',
      message: 'PRESENCE_SYNC_MASTER_KEY and PRESENCE_SYNC_MASTER_KEY_FILE are both set; set only one of them.',
    });
  }
  if (keyText !== undefined) {
    const ring = parseMasterKeys(keyText, 'PRESENCE_SYNC_MASTER_KEY');
    return ring.ok ? ok({ keyRing: ring.value, source: 'env' }) : ring;
  }
  if (keyFile !== undefined) {
    const ring = readMasterKeyFile(keyFile);
    return ring.ok ? ok({ keyRing: ring.value, source: 'file', file: keyFile }) : ring;
  }
  if (demoKeyFile !== undefined) {
    const generated = !existsSync(demoKeyFile);
    if (generated) {
      try {
        generateMasterKeyFile(demoKeyFile);
      } catch (err) {
        const why = err instanceof SecretError ? err.message : ((err as NodeJS.ErrnoException).code ?? 'unknown error');
        return fail({
          code: 'PSYNC_MASTER_KEY_FILE_UNWRITABLE',
          message: `cannot create the demo key file ${demoKeyFile} (${why}); check that PRESENCE_SYNC_DATA_DIR is writable.`,
        });
      }
    }
    const ring = readMasterKeyFile(demoKeyFile);
    return ring.ok ? ok({ keyRing: ring.value, source: generated ? 'generated' : 'file', file: demoKeyFile }) : ring;
  }
  if (!options.required) return ok(undefined);
  return fail({
    code: 'PSYNC_MASTER_KEY_MISSING',
    message:
      'PRESENCE_SYNC_MASTER_KEY: no master key is configured, and the hub will not store secrets without one. ' +
      'Set PRESENCE_SYNC_MASTER_KEY to the output of `openssl rand -base64 32`, or PRESENCE_SYNC_MASTER_KEY_FILE to a file holding it (chmod 600).',
  });
}
