import type { KeyRing } from './key-ring.ts';
import type { SecretContext } from './secret-context.ts';
import { SecretError, type SecretErrorCode } from './secret-error.ts';

/** One stored secret: its envelope and where it lives. Extra fields (a row id...) pass through to `write`. */
export interface RotationRow {
  readonly envelope: string;
  readonly aad: SecretContext;
}

export interface RotationFailure {
  readonly aad: SecretContext;
  readonly code: SecretErrorCode;
  readonly message: string;
}

export interface RotationReport {
  readonly examined: number;
  readonly rotated: number;
  readonly alreadyCurrent: number;
  /** Secrets that could not be decrypted (unknown key, tampered...). Keep the old keys until this is empty. */
  readonly failures: readonly RotationFailure[];
}

/**
 * Re-encrypts every secret that is not yet under the ring's newest key and hands the new envelope to
 * `write` (which should replace the row's value only if it still holds `row.envelope`). A secret that
 * fails to decrypt is reported, not fatal, so one bad row does not block the rest; other errors
 * (from `write`, say) stop the run. Running it again after success rewrites nothing.
 */
export async function rotateAll<R extends RotationRow>(
  keyRing: KeyRing,
  rows: AsyncIterable<R> | Iterable<R>,
  write: (row: R, newEnvelope: string) => Promise<void> | void,
): Promise<RotationReport> {
  let examined = 0;
  let rotated = 0;
  let alreadyCurrent = 0;
  const failures: RotationFailure[] = [];
  for await (const row of rows) {
    examined += 1;
    let next: string;
    try {
      if (!keyRing.needsRotation(row.envelope)) {
        alreadyCurrent += 1;
        continue;
      }
      next = keyRing.encrypt(keyRing.decrypt(row.envelope, row.aad), row.aad);
    } catch (err) {
      if (!(err instanceof SecretError)) throw err;
      failures.push({ aad: row.aad, code: err.code, message: err.message });
      continue;
    }
    await write(row, next);
    rotated += 1;
  }
  return { examined, rotated, alreadyCurrent, failures };
}
