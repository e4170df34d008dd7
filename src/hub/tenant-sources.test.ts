import { afterEach, describe, expect, it, vi } from 'vitest';
import { PrerequisiteProblems } from '../directory/index.ts';
import { createStore, migrateToLatest, openDatabase, type Store } from '../store/index.ts';
import { fakeCipher } from '../store/test-support/fakes.ts';
import { TenantSources } from './tenant-sources.ts';

const logger = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined };
const stores: Store[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
});

async function storeWithTenant(): Promise<Store> {
  const database = await openDatabase({ url: ':memory:' });
  await migrateToLatest(database);
  // A clock that moves on every reading, so that two saves never share a timestamp.
  let now = Date.UTC(2026, 0, 1);
  const store = createStore(database, { cipher: fakeCipher, clock: { now: () => (now += 1) } });
  stores.push(store);
  await store.tenants.upsert({ id: 't1', name: 'Tenant' });
  await store.tenants.setSwitches('t1', { salesforceAdapter: true, presenceSync: true });
  return store;
}

/** Sources whose CXone poller is a counter: what starts and stops is all that matters here. */
function sourcesFor(store: Store, owner: string, counts: { started: number; stopped: number }) {
  const poller = { start: () => void counts.started++, stop: async () => void counts.stopped++ };
  return new TenantSources({
    store,
    engine: {} as never,
    cxone: { statePoller: () => poller } as never,
    connections: { cxone: async () => ({}) as never, salesforce: async () => undefined, tenantOfOrg: async () => undefined, bridgeSecret: async () => undefined },
    logger,
    cxonePollIntervalMs: 1000,
    salesforceFeedIntervalMs: 30_000,
    enabled: true,
    owner,
    leaseMs: 60_000,
  });
}

describe("a tenant's sources among several hub instances", () => {
  it('run on the one instance holding the lease, and move when it stops', async () => {
    const store = await storeWithTenant();
    const a = { started: 0, stopped: 0 };
    const b = { started: 0, stopped: 0 };
    const hubA = sourcesFor(store, 'hub-a', a);
    const hubB = sourcesFor(store, 'hub-b', b);
    await hubA.start();
    await hubB.start();
    expect([hubA.tenants(), hubB.tenants()]).toEqual([['t1'], []]);
    expect(await store.leases.holder('poller:t1')).toBe('hub-a');

    await hubA.stop();
    expect(a).toEqual({ started: 1, stopped: 1 });
    await hubB.refresh();
    expect(hubB.tenants()).toEqual(['t1']);
    expect(b.started).toBe(1);
    await hubB.stop();
  });

  it('stop when Presence Sync is switched off, giving the lease back', async () => {
    const store = await storeWithTenant();
    const counts = { started: 0, stopped: 0 };
    const hub = sourcesFor(store, 'hub-a', counts);
    await hub.start();
    await store.tenants.setSwitches('t1', { presenceSync: false });
    await hub.refresh();
    expect(hub.tenants()).toEqual([]);
    expect(counts).toEqual({ started: 1, stopped: 1 });
    expect(await store.leases.holder('poller:t1')).toBeUndefined();
    await hub.stop();
  });

  it('start again with the new credentials when the account mapping in use changes, and only then', async () => {
    const store = await storeWithTenant();
    const counts = { started: 0, stopped: 0 };
    const hub = sourcesFor(store, 'hub-a', counts);
    const mapping = { id: 'env', tenantId: 't1', accessKeyUser: 'u', platform: 'production', environmentName: 'Prod', orgId: '00D5g000004XyZaEAK', authFlow: 'client_credentials', loginUrl: 'https://acme.my.salesforce.com', status: 'verified' } as const;
    await store.accountMappings.save(mapping);
    await hub.start();
    await hub.refresh();
    expect(counts).toEqual({ started: 1, stopped: 0 });
    await store.accountMappings.save({ ...mapping, cxoneClientId: 'app', cxoneAccessKeyId: 'key' }, { cxoneClientSecret: 's', cxoneAccessKeySecret: 'k' });
    await hub.refresh();
    expect(counts).toEqual({ started: 2, stopped: 1 });
    expect(hub.tenants()).toEqual(['t1']);
    await hub.stop();
  });
});

describe("a tenant's directories", () => {
  it('are read again every interval by the instance running its sources, when asked to', async () => {
    const store = await storeWithTenant();
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      let reads = 0;
      const poller = { start: () => undefined, stop: async () => undefined };
      const cxone = {
        statePoller: () => poller,
        getCxoneUsers: async () => {
          reads++;
          return { ok: false, failure: { code: 'PSYNC_CXONE_UNAVAILABLE', message: 'CXone is down.', kind: 'retryable' } };
        },
      };
      const sources = new TenantSources({
        store,
        engine: {} as never,
        cxone: cxone as never,
        connections: { cxone: async () => ({}) as never, salesforce: async () => undefined, tenantOfOrg: async () => undefined, bridgeSecret: async () => undefined },
        logger,
        cxonePollIntervalMs: 1000,
        salesforceFeedIntervalMs: 30_000,
        enabled: true,
        owner: 'hub-a',
        leaseMs: 600_000,
        directoryRefresh: { intervalMs: 60_000, prerequisites: { agentPermissionSetName: 'Agent', packageNamespace: 'NICE' }, problems: new PrerequisiteProblems() },
      });
      await sources.start();
      expect(reads).toBe(0);
      await vi.advanceTimersByTimeAsync(60_000);
      expect(reads).toBe(1);
      await sources.stop();
      await vi.advanceTimersByTimeAsync(120_000);
      expect(reads).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });
});
