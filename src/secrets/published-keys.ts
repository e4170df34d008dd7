/**
 * Master keys anyone can read: the examples printed in our documentation, and the all-zero key.
 * The hub refuses them. When a doc shows a new example key, add it here
 * (`published-keys.test.ts` checks docs/configuration.md against this list).
 */
export const PUBLISHED_MASTER_KEYS: readonly string[] = [
  'W6ovW+lujdHlY3cuxNu5Mn+0RvO/vFX3dL/bgh31lMU=',
  'IxdRJcR+C5WxGAxigAOnuY6xfQekrdrFghz4XkyMFNo=',
  'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
];

const published = new Set(PUBLISHED_MASTER_KEYS.map((k) => Buffer.from(k, 'base64').toString('hex')));

export function isPublishedMasterKey(key: Uint8Array): boolean {
  return published.has(Buffer.from(key).toString('hex'));
}
