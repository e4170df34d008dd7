export { SecretError, type SecretErrorCode } from './secret-error.ts';
export type { SecretCipher, SecretContext } from './secret-context.ts';
export { ENVELOPE_PREFIX, ENVELOPE_VERSION, KEY_ID_PATTERN, parseEnvelope, type ParsedEnvelope } from './envelope.ts';
export { KeyRing, MASTER_KEY_BYTES, fingerprintKeyId, type MasterKeyEntry } from './key-ring.ts';
export { parseMasterKeys } from './master-key-text.ts';
export { generateMasterKeyFile, readMasterKeyFile } from './master-key-file.ts';
export { PUBLISHED_MASTER_KEYS, isPublishedMasterKey } from './published-keys.ts';
export { resolveKeyRing, type LoadedKeyRing, type MasterKeySource, type ResolveKeyRingOptions } from './load-key-ring.ts';
export { rotateAll, type RotationFailure, type RotationReport, type RotationRow } from './rotate.ts';
