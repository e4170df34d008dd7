/** Stable codes for everything that can go wrong with stored secrets and master keys. */
export type SecretErrorCode =
  | 'PSYNC_SECRET_MALFORMED'
  | 'PSYNC_SECRET_VERSION_UNSUPPORTED'
  | 'PSYNC_SECRET_KEY_UNKNOWN'
  | 'PSYNC_SECRET_WRONG_CONTEXT'
  | 'PSYNC_SECRET_TAMPERED'
  | 'PSYNC_SECRET_INVALID_PLAINTEXT'
  | 'PSYNC_MASTER_KEY_MISSING'
  | 'PSYNC_MASTER_KEY_CONFLICT'
  | 'PSYNC_MASTER_KEY_NOT_BASE64'
  | 'PSYNC_MASTER_KEY_WRONG_LENGTH'
  | 'PSYNC_MASTER_KEY_BAD_ID'
  | 'PSYNC_MASTER_KEY_DUPLICATE'
  | 'PSYNC_MASTER_KEY_PUBLISHED'
  | 'PSYNC_MASTER_KEY_FILE_UNREADABLE'
  | 'PSYNC_MASTER_KEY_FILE_PERMISSIONS'
  | 'PSYNC_MASTER_KEY_FILE_UNWRITABLE'
  | 'PSYNC_MASTER_KEY_FILE_EXISTS';

/**
 * An error about a secret or a master key. Its message says what is wrong and what to do; it never
 * contains key material or a decrypted value, only identifiers (tenant, table, record, field, key id).
 */
export class SecretError extends Error {
  override readonly name = 'SecretError';
  readonly code: SecretErrorCode;
  readonly details: Readonly<Record<string, string>>;

  constructor(code: SecretErrorCode, message: string, details: Record<string, string> = {}) {
    super(`${code}: ${message}`);
    this.code = code;
    this.details = Object.freeze({ ...details });
  }
}
