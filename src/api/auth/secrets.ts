import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const sha256 = (value: string): string => createHash('sha256').update(value).digest('base64url');

export const randomToken = (bytes = 32): string => randomBytes(bytes).toString('base64url');

export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** API tokens look like `psync_<random>`; the prefix lets secret scanners find leaked ones. */
export const API_TOKEN_PREFIX = 'psync_';
export const newApiToken = (): string => `${API_TOKEN_PREFIX}${randomToken(32)}`;
