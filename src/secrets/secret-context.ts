import { createHash } from 'node:crypto';

/** Where a secret lives. Bound into its envelope: a value copied to any other place fails to decrypt. */
export interface SecretContext {
  readonly tenantId: string;
  readonly table: string;
  readonly recordId: string;
  readonly field: string;
}

/** The port the store encrypts and decrypts secret columns through. */
export interface SecretCipher {
  encrypt(plain: string, aad: SecretContext): string;
  decrypt(envelope: string, aad: SecretContext): string;
}

/** Unambiguous bytes for the context (JSON of an array cannot be confused across field boundaries). */
export function contextBytes(header: readonly string[], aad: SecretContext): Buffer {
  return Buffer.from(JSON.stringify([...header, aad.tenantId, aad.table, aad.recordId, aad.field]), 'utf8');
}

/**
 * A short unkeyed digest of the context, stored in the envelope so that a value pasted into the wrong
 * row can be told apart from one whose bytes were altered. The context holds identifiers, not secrets.
 */
export function contextTag(aad: SecretContext): Buffer {
  return createHash('sha256').update(contextBytes(['psync-context'], aad)).digest().subarray(0, 6);
}

export function describeContext(aad: SecretContext): string {
  return `${aad.table}.${aad.field} of record '${aad.recordId}' (tenant '${aad.tenantId}')`;
}

export function contextDetails(aad: SecretContext): Record<string, string> {
  return { tenantId: aad.tenantId, table: aad.table, recordId: aad.recordId, field: aad.field };
}
