/** A captured bridge token is single-use across a restart: the used-token record lives in the database. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mintBridgeToken, verifyBridgeToken } from '../bridge/bridge-token.ts';
import { openStore } from './store.ts';
import { fakeCipher } from './test-support/fakes.ts';

const dir = mkdtempSync(join(tmpdir(), 'psync-bridge-uses-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ORG = '00D000000000001EAA';
const SECRET = 'psb1_test-secret-for-org-1';

describe('bridge tokens after a restart', () => {
  it('refuses a token the hub accepted before it restarted', async () => {
    const token = mintBridgeToken(SECRET, { org: ORG, user: '005000000000001', exp: Math.floor(Date.now() / 1000) + 300 });
    const check = async () => {
      const store = await openStore({ url: join(dir, 'hub.sqlite') }, { cipher: fakeCipher });
      try {
        return await verifyBridgeToken(token, { secrets: { lookup: () => SECRET }, replayCache: store.bridgeTokens, now: Date.now() });
      } finally {
        await store.close();
      }
    };
    expect((await check()).ok).toBe(true);
    expect(await check()).toMatchObject({ ok: false, reason: 'replayed' });
  });
});
