/**
 * The platforms and the hub's configuration for a run: both emulators seeded as the demo seeds
 * them, the administrator's set-up done once through the hub's own code paths (as the crash test
 * does) into the database the instances will share, and an API token for the harness, which reads
 * the audit and edits the rule through the hub's admin API like any client.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { startDemoWorld, type DemoWorld } from '../../../demo/demo-world.ts';
import { createSqlPrincipalStore } from '../../../src/api/index.ts';
import { sha256 } from '../../../src/api/auth/secrets.ts';
import { DEMO_KEY_FILE_NAME } from '../../../src/config/load-config.ts';
import type { PresenceRule } from '../../../src/domain/index.ts';
import { DEMO_TENANT, startE2e } from '../../e2e/support/e2e-hub.ts';

export interface ChaosWorld {
  readonly world: DemoWorld;
  readonly bridgeSecret: string;
  readonly rule: PresenceRule;
  /** Settings every hub instance gets: the database and the master key. */
  readonly hubEnv: Readonly<Record<string, string>>;
  /** A bearer token with audit and rule permissions. */
  readonly apiToken: string;
  /** The CXone change log's last record before the run. */
  readonly cxoneSeqBefore: number;
  close(): Promise<void>;
}

export async function startChaosWorld(options: { readonly agents: number; readonly dataDir: string; readonly databaseUrl?: string }): Promise<ChaosWorld> {
  const world = await startDemoWorld({ agents: options.agents, cxonePort: 0, salesforcePort: 0 });
  try {
    const seeded = await startE2e({ agents: options.agents, world, dataDir: options.dataDir, ...(options.databaseUrl ? { env: { DATABASE_URL: options.databaseUrl } } : {}) });
    const apiToken = `chaos_${randomBytes(24).toString('base64url')}`;
    await createSqlPrincipalStore(seeded.hub.database).createToken({
      id: 'chaos-harness',
      name: 'chaos harness',
      permissions: ['audit_view', 'rule_view', 'rule_edit'],
      createdBy: 'chaos',
      createdAt: Date.now(),
      expiresAt: null,
      revokedAt: null,
      lastUsedAt: null,
      tokenHash: sha256(apiToken),
    });
    const rule = (await seeded.hub.store.rules.get(DEMO_TENANT, 'voice-agents'))!;
    await seeded.hub.stop();
    return {
      world,
      bridgeSecret: seeded.bridgeSecret,
      rule,
      hubEnv: {
        // SQLite: the one instance uses the database the set-up wrote.
        ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : { PRESENCE_SYNC_DATA_DIR: options.dataDir }),
        PRESENCE_SYNC_MASTER_KEY_FILE: join(options.dataDir, DEMO_KEY_FILE_NAME),
      },
      apiToken,
      cxoneSeqBefore: world.cxone.control.changes().at(-1)?.seq ?? 0,
      close: () => world.close(),
    };
  } catch (error) {
    await world.close();
    throw error;
  }
}
