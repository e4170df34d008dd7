import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Dispatcher, EngineMetrics, IngestService, LatencyTracker, Reconciler, createContextBuilder } from '../../../src/engine/index.ts';
import { createStore, migrateToLatest, openDatabase, type Database, type Store } from '../../../src/store/index.ts';
import { fakeCipher, ManualClock } from '../../../src/store/test-support/fakes.ts';
import { AVAILABLE_FOR_CHATS, BUSY, LUNCH, RULE } from '../../../src/store/test-support/fixtures.ts';
import { World } from './world.ts';

export { AVAILABLE_FOR_CHATS, BUSY, LUNCH, RULE };

export const sfUserOf = (i: number) => `005xx${String(i).padStart(10, '0')}AAA`;

/** A hub on a real SQLite store (a temporary file), with `agents` linked agents on one team under RULE, and a world. */
export interface OpenedDatabase {
  readonly database: Database;
  dispose(): Promise<void>;
}

/** A fresh, migrated SQLite database in a temporary file. */
export async function openSqlite(): Promise<OpenedDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'psync-engine-'));
  const database = await openDatabase({ url: join(dir, 'hub.db') });
  await migrateToLatest(database);
  return {
    database,
    async dispose() {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function openHub(agents: number, options: { readonly maxAttempts?: number; readonly open?: () => Promise<OpenedDatabase> } = {}) {
  const { database, dispose } = await (options.open ?? openSqlite)();
  const clock = new ManualClock(1_700_000_000_000);
  const store: Store = createStore(database, { cipher: fakeCipher, clock, random: () => 0.5, retry: { maxAttempts: options.maxAttempts ?? 5 } });
  const tenantId = 't1';
  const ids = Array.from({ length: agents }, (_, i) => `a${i}`);
  await store.tenants.upsert({ id: tenantId, name: 'Tenant' });
  await store.tenants.setSwitches(tenantId, { salesforceAdapter: true, presenceSync: true });
  await store.cxone.replaceSnapshot(tenantId, {
    users: ids.map((id) => ({ id, firstName: id, lastName: 'Agent', email: `${id}@x.test`, username: id, federationId: null, teamId: 'team-1', active: true })),
    teams: [{ id: 'team-1', name: 'Voice', active: true }],
    codes: [{ ...LUNCH, active: true }],
    teamCodes: [{ teamId: 'team-1', codeId: LUNCH.id }],
  });
  await store.salesforce.replaceSnapshot(tenantId, {
    users: ids.map((id, i) => ({ id: sfUserOf(i), username: `${id}@sf`, email: `${id}@x.test`, federationId: null, name: id, profileId: null, permissionSetIds: [], active: true })),
    statuses: [AVAILABLE_FOR_CHATS, BUSY],
  });
  for (const [i, id] of ids.entries()) await store.links.set(tenantId, { acdUserId: id, sfUserId: sfUserOf(i), matchedBy: 'email' });
  await store.rules.save(tenantId, RULE);
  await store.rules.assign(tenantId, RULE.id, { teamIds: ['team-1'], userIds: [] });

  const metrics = new EngineMetrics();
  const latency = new LatencyTracker();
  const world = new World(clock, store.mailbox, tenantId);
  const ingest = new IngestService({ store, clock, metrics, latency, buildContext: createContextBuilder() });
  let instances = 0;
  const newDispatcher = (options: { readonly leaseMs?: number } = {}) =>
    new Dispatcher({ store, cxone: world.cxoneWriter, salesforce: world.salesforceWriter, owner: `hub-${++instances}`, clock, metrics, latency, leaseMs: options.leaseMs ?? 30_000, concurrency: 8 });
  const reconciler = new Reconciler({ store, ingest, clock, metrics });

  /** Delivers every pending observation (in order, or as given) to ingest. */
  const deliver = async (which = world.outbox.splice(0)) => {
    const results = [];
    for (const d of which) results.push(await ingest.ingest(d));
    return results;
  };

  return {
    store,
    clock,
    metrics,
    world,
    ingest,
    reconciler,
    ids,
    deliver,
    newDispatcher,
    async close() {
      world.releaseHung();
      await dispose();
    },
  };
}

export type Hub = Awaited<ReturnType<typeof openHub>>;

/** Runs dispatch and delivery until nothing is due (advancing the clock past backoffs), bounded. */
export async function settle(hub: Hub, dispatcher: Dispatcher, rounds = 50, deliver: () => Promise<unknown> = () => hub.deliver()): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    const handled = await dispatcher.runOnce();
    const delivered = hub.world.outbox.length;
    await deliver();
    if (handled === 0 && delivered === 0) {
      const pending = await hub.store.mailbox.list('t1', { status: 'pending' });
      if (pending.length === 0) return;
      hub.clock.advance(60_000);
    }
  }
  throw new Error('the hub did not settle');
}
