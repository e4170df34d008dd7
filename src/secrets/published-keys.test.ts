import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseMasterKeys } from './master-key-text.ts';
import { PUBLISHED_MASTER_KEYS, isPublishedMasterKey } from './published-keys.ts';

const doc = readFileSync(new URL('../../docs/configuration.md', import.meta.url), 'utf8');

describe('published master keys', () => {
  it('include every 32-byte base64 key printed in docs/configuration.md', () => {
    // Setting names (PRESENCE_SYNC_..., upper case and underscores) can be as long as a key: not keys.
    const candidates = (doc.match(/[A-Za-z0-9+/_-]{43}=?/g) ?? []).filter((c) => !/^[A-Z_]+$/.test(c));
    const keys = candidates.map((c) => Buffer.from(c, 'base64')).filter((b) => b.length === 32);
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) expect(isPublishedMasterKey(key), key.toString('base64')).toBe(true);
  });

  it('are all 32-byte keys, and the documented rotation example is refused', () => {
    for (const k of PUBLISHED_MASTER_KEYS) expect(Buffer.from(k, 'base64')).toHaveLength(32);
    const example = /PRESENCE_SYNC_MASTER_KEY='([^']+)'/.exec(doc)?.[1] ?? '';
    const result = parseMasterKeys(example, 'PRESENCE_SYNC_MASTER_KEY');
    expect(!result.ok && result.problems.map((p) => p.code)).toEqual(['PSYNC_MASTER_KEY_PUBLISHED', 'PSYNC_MASTER_KEY_PUBLISHED']);
  });
});
