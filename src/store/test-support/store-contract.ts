import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decide, type AcdState, type Decision, type PresenceEvent } from '../../domain/index.ts';
import { migrateToLatest, type Database } from '../database.ts';
import { isStoreError } from '../errors.ts';
import type { AgentFacts, ClaimedIntent, IngestRequest, Store } from '../ports.ts';
import { createStore } from '../store.ts';
import { describeBatchContract } from './batch-contract.ts';
import { fakeCipher, ManualClock } from './fakes.ts';
import { AVAILABLE_FOR_CHATS, BUSY, buildContext, LUNCH, RULE, seedTenant, sf } from './fixtures.ts';

export interface StoreHarness {
  readonly database: Database;
  dispose(): Promise<void>;
}

const SF_USER = '005xx0000000001AAA';
const cx = (agentId: string, at: number, state: AcdState): PresenceEvent => ({ agentId, at, origin: 'cxone_feed', observation: { side: 'cxone', state } });
const sfEvent = (agentId: string, at: number, statusId: string): PresenceEvent => ({ agentId, at, origin: 'console_manual', observation: { side: 'salesforce', presence: { kind: 'Status', statusId } } });

/** The store's behaviour, the same on every engine. `open` gives a fresh, empty, migrated database. */
export function describeStoreContract(engine: string, open: () => Promise<StoreHarness>, teardown?: () => Promise<void>): void {
  describe(`store contract on ${engine}`, () => {
    if (teardown) afterAll(teardown);
    let harness: StoreHarness;
    let store: Store;
    let clock: ManualClock;
    let jitter: number;

    beforeEach(async () => {
      harness = await open();
      clock = new ManualClock();
      jitter = 0;
      store = createStore(harness.database, { cipher: fakeCipher, clock, random: () => jitter, retry: { maxAttempts: 3, baseDelayMs: 1000, maxDelayMs: 60_000 } });
    });
    afterEach(async () => {
      await harness.dispose();
    });

    const ingestReq = (event: PresenceEvent, key: string, extra: Partial<IngestRequest> = {}): IngestRequest => ({
      tenantId: 't1', event, dedup: { source: event.observation.side, key }, buildContext, decide, ...extra,
    });

    it('migrations are idempotent', async () => {
      expect((await migrateToLatest(harness.database)).applied).toEqual([]);
    });

    describe('prerequisite problems', () => {
      it("keeps each tenant's last check, replacing the one before, users without a problem left out", async () => {
        await store.tenants.upsert({ id: 't1', name: 'One' });
        await store.tenants.upsert({ id: 't2', name: 'Two' });
        const missing = { code: 'PSYNC_SF_PERMISSION_SET_MISSING', message: 'No Agent permission set.' };
        await store.prerequisites.replace('t1', new Map([['005AA', [missing]], ['005BB', []]]));
        await store.prerequisites.replace('t2', new Map([['005cc', [missing]]]));
        expect(await store.prerequisites.of('t1')).toEqual(new Map([['005aa', [missing]]]));
        await store.prerequisites.replace('t1', new Map([['005BB', [missing]]]));
        expect(await store.prerequisites.of('t1')).toEqual(new Map([['005bb', [missing]]]));
        expect((await store.prerequisites.of('t2')).size).toBe(1);
      });
    });

    describe('console sessions', () => {
      beforeEach(async () => {
        await store.tenants.upsert({ id: 't1', name: 'One' });
      });

      it('knows which instance holds each console, and lets a console move to another instance', async () => {
        await store.consoleSessions.opened('t1', 'a1', 'hub-a');
        await store.consoleSessions.opened('t1', 'a1', 'hub-b'); // reconnected to hub-b
        expect(await store.consoleSessions.closed('t1', 'a1', 'hub-a')).toBe(false); // hub-a's grace timer: the console lives on
        expect(await store.consoleSessions.closed('t1', 'a1', 'hub-b')).toBe(true);
        expect(await store.consoleSessions.closed('t1', 'a2', 'hub-a')).toBe(true); // never recorded: closes as before
      });

      it("finds consoles left behind by a restarted instance or one whose liveness lease lapsed", async () => {
        expect(await store.leases.acquire('instance:hub-a', 'hub-a', 30_000)).toBe(true);
        await store.consoleSessions.opened('t1', 'a1', 'hub-a');
        await store.consoleSessions.opened('t1', 'a2', 'hub-b'); // hub-b never held a liveness lease
        clock.advance(1_000);
        await store.consoleSessions.opened('t1', 'a3', 'hub-a');
        const startedAt = clock.t - 500; // hub-a restarted between a1 and a3
        const found = await store.consoleSessions.orphaned('hub-a', startedAt, clock.t);
        expect(found.map((o) => o.agentId).sort()).toEqual(['a1', 'a2']);
        // hub-a as seen from hub-c: alive while its lease runs, orphaned once it lapsed.
        expect((await store.consoleSessions.orphaned('hub-c', 0, clock.t)).map((o) => o.agentId).sort()).toEqual(['a2']);
        clock.advance(60_000);
        expect((await store.consoleSessions.orphaned('hub-c', 0, clock.t)).map((o) => o.agentId).sort()).toEqual(['a1', 'a2', 'a3']);
        // A console that connected again meanwhile is not forgotten.
        const a1 = found.find((o) => o.agentId === 'a1')!;
        await store.consoleSessions.opened('t1', 'a1', 'hub-a');
        expect(await store.consoleSessions.forget(a1)).toBe(false);
        expect(await store.consoleSessions.forget(found.find((o) => o.agentId === 'a2')!)).toBe(true);
        expect((await store.consoleSessions.orphaned('hub-c', 0, clock.t)).map((o) => o.agentId).sort()).toEqual(['a1', 'a3']);
      });
    });

    describe('bridge token uses', () => {
      it('accepts each token once until it expires, on every instance sharing the store', async () => {
        const other = createStore(harness.database, { cipher: fakeCipher, clock });
        const exp = clock.t + 60_000;
        expect(await store.bridgeTokens.remember('00D1:jti-1', exp)).toBe(true);
        expect(await store.bridgeTokens.remember('00D1:jti-1', exp)).toBe(false);
        expect(await other.bridgeTokens.remember('00D1:jti-1', exp)).toBe(false);
        expect(await other.bridgeTokens.remember('00D1:jti-2', exp)).toBe(true);
        clock.advance(60_001);
        expect(await store.bridgeTokens.remember('00D1:jti-1', clock.t + 60_000)).toBe(true);
        expect(await store.bridgeTokens.prune(clock.t)).toBe(1);
      });
    });

    describe('leases', () => {
      it('gives a named lease to one holder at a time, renews it, and frees it on expiry or release', async () => {
        expect(await store.leases.acquire('poller:t1', 'hub-a', 30_000)).toBe(true);
        expect(await store.leases.acquire('poller:t1', 'hub-b', 30_000)).toBe(false);
        expect(await store.leases.holder('poller:t1')).toBe('hub-a');
        clock.advance(20_000);
        expect(await store.leases.acquire('poller:t1', 'hub-a', 30_000)).toBe(true); // renewed until +50 s
        clock.advance(20_000);
        expect(await store.leases.acquire('poller:t1', 'hub-b', 30_000)).toBe(false);
        clock.advance(20_000);
        expect(await store.leases.holder('poller:t1')).toBeUndefined();
        expect(await store.leases.acquire('poller:t1', 'hub-b', 30_000)).toBe(true);
        await store.leases.release('poller:t1', 'hub-a'); // not theirs any more: nothing happens
        expect(await store.leases.holder('poller:t1')).toBe('hub-b');
        await store.leases.release('poller:t1', 'hub-b');
        expect(await store.leases.acquire('poller:t1', 'hub-a', 30_000)).toBe(true);
      });
    });

    describe('tenants and feature switches', () => {
      it('keeps presence sync off while the adapter is off', async () => {
        await store.tenants.upsert({ id: 't1', name: 'One' });
        expect((await store.tenants.get('t1'))?.switches).toEqual({ salesforceAdapter: false, presenceSync: false });
        await expect(store.tenants.setSwitches('t1', { presenceSync: true })).rejects.toMatchObject({ code: 'PSYNC_PRESENCE_SYNC_NEEDS_ADAPTER' });
        expect(await store.tenants.setSwitches('t1', { salesforceAdapter: true, presenceSync: true })).toEqual({ salesforceAdapter: true, presenceSync: true });
        await expect(store.tenants.setSwitches('t1', { salesforceAdapter: false })).rejects.toMatchObject({ code: 'PSYNC_PRESENCE_SYNC_NEEDS_ADAPTER' });
        expect(await store.tenants.setSwitches('t1', { salesforceAdapter: false, presenceSync: false })).toEqual({ salesforceAdapter: false, presenceSync: false });
        await expect(store.tenants.setSwitches('nope', { salesforceAdapter: true })).rejects.toMatchObject({ code: 'PSYNC_TENANT_NOT_FOUND' });
      });

      it('renames on upsert, lists, and removes a tenant with everything it owns', async () => {
        await seedTenant(store);
        await store.tenants.upsert({ id: 't1', name: 'Renamed' });
        expect((await store.tenants.list()).map((t) => t.name)).toEqual(['Renamed']);
        expect(await store.tenants.remove('t1')).toBe(true);
        expect(await store.tenants.get('t1')).toBeUndefined();
        expect(await store.rules.list('t1')).toEqual([]);
        expect(await store.cxone.users('t1')).toEqual([]);
      });
    });

    describe('account mappings', () => {
      const mapping = {
        id: 'm1', tenantId: 't1', accessKeyUser: 'admin@cx', platform: 'sandbox' as const, environmentName: 'UAT', orgId: '00Dxx0000001gPFEAY',
        authFlow: 'client_credentials' as const, loginUrl: 'https://test.salesforce.com', status: 'draft' as const,
      };

      it('stores secrets encrypted, shows only whether they are set, and reveals them bound to their row', async () => {
        await store.tenants.upsert({ id: 't1', name: 'One' });
        const saved = await store.accountMappings.save(mapping, { sfClientSecret: 's3cret', cxoneAccessKeySecret: 'k3y' });
        expect(saved.secretsSet).toMatchObject({ sfClientSecret: true, cxoneAccessKeySecret: true, sfPrivateKey: false });
        expect(JSON.stringify(saved)).not.toContain('s3cret');
        const raw = await harness.database.db.selectFrom('account_mapping').selectAll().executeTakeFirstOrThrow();
        expect(raw.sf_client_secret).not.toContain('s3cret');
        expect(await store.accountMappings.revealSecrets('t1', 'm1')).toEqual({ sfClientSecret: 's3cret', cxoneAccessKeySecret: 'k3y' });

        await store.accountMappings.save({ ...mapping, status: 'verified' }, { sfClientSecret: null });
        expect(await store.accountMappings.revealSecrets('t1', 'm1')).toEqual({ cxoneAccessKeySecret: 'k3y' });
        expect((await store.accountMappings.get('t1', 'm1'))?.status).toBe('verified');

        // An envelope copied to another row does not decrypt there.
        await store.accountMappings.save({ ...mapping, id: 'm2' });
        await harness.database.db.updateTable('account_mapping').set({ cxone_access_key_secret: raw.cxone_access_key_secret }).where('id', '=', 'm2').execute();
        await expect(store.accountMappings.revealSecrets('t1', 'm2')).rejects.toThrow();
      });

      it("stores the org's bridge secret alone, without counting it as a change of the mapping's connections", async () => {
        await store.tenants.upsert({ id: 't1', name: 'One' });
        const saved = await store.accountMappings.save(mapping, { sfClientSecret: 's3cret' });
        clock.advance(1_000);
        expect(await store.accountMappings.setBridgeSecret('t1', 'm1', 'bridge!')).toBe(true);
        const after = (await store.accountMappings.get('t1', 'm1'))!;
        expect(after.secretsSet.bridgeSecret).toBe(true);
        expect(after.updatedAt).toBe(saved.updatedAt);
        expect(await store.accountMappings.revealSecrets('t1', 'm1')).toEqual({ sfClientSecret: 's3cret', bridgeSecret: 'bridge!' });
        expect(await store.accountMappings.setBridgeSecret('t1', 'nope', 'x')).toBe(false);
      });

      it('re-encrypts every envelope for key rotation, and refuses unknown mappings', async () => {
        await store.tenants.upsert({ id: 't1', name: 'One' });
        await store.accountMappings.save(mapping, { sfPrivateKey: 'pem', sfRefreshToken: 'rt' });
        const seen: string[] = [];
        const count = await store.accountMappings.reencryptAll((envelope, aad) => {
          seen.push(`${aad.recordId}.${aad.field}`);
          return fakeCipher.encrypt(`${fakeCipher.decrypt(envelope, aad)}!`, aad);
        });
        expect(count).toBe(2);
        expect(seen.sort()).toEqual(['m1.sfPrivateKey', 'm1.sfRefreshToken']);
        expect(await store.accountMappings.revealSecrets('t1', 'm1')).toEqual({ sfPrivateKey: 'pem!', sfRefreshToken: 'rt!' });
        await expect(store.accountMappings.setStatus('t1', 'zz', 'failed')).rejects.toMatchObject({ code: 'PSYNC_ACCOUNT_MAPPING_NOT_FOUND' });
        expect(await store.accountMappings.remove('t1', 'm1')).toBe(true);
        expect(await store.accountMappings.list('t1')).toEqual([]);
      });
    });

    describe('directories', () => {
      it('replaces the CXone snapshot and says what was added, updated and removed', async () => {
        await seedTenant(store);
        const summary = await store.cxone.replaceSnapshot('t1', {
          users: [
            { id: 'a1', firstName: 'Ada', lastName: 'Lovelace', email: 'ada@x.test', username: 'ada', federationId: null, teamId: 'team-1', active: true },
            { id: 'a2', firstName: 'Bob', lastName: 'B', email: null, username: null, federationId: null, teamId: null, active: true },
          ],
          teams: [{ id: 'team-1', name: 'Voice', active: true }],
          codes: [{ id: '12', name: 'Break', active: true }],
          teamCodes: [{ teamId: 'team-1', codeId: '12' }],
        });
        expect(summary).toEqual({
          users: { added: ['a2'], updated: ['a1'], removed: [] },
          teams: { added: [], updated: [], removed: [] },
          codes: { added: ['12'], updated: [], removed: ['11'] },
          teamCodes: { added: ['team-1/12'], updated: [], removed: ['team-1/11'] },
        });
        expect(await store.cxone.teamCodes('t1', 'team-1')).toEqual([{ id: '12', name: 'Break' }]);
        expect((await store.cxone.user('t1', 'a1'))?.lastName).toBe('Lovelace');
      });

      it('knows which statuses a Salesforce user may use once access is read', async () => {
        await seedTenant(store);
        expect(await store.salesforce.allowedStatusIds('t1', SF_USER)).toBeUndefined();
        const summary = await store.salesforce.replaceSnapshot('t1', { access: [{ statusId: BUSY.id, parentId: '00exx', parentKind: 'profile' }] });
        expect(summary.access?.added).toEqual([`${BUSY.id.toLowerCase()}/00exx`]);
        expect(summary.users).toBeUndefined();
        expect(await store.salesforce.allowedStatusIds('t1', SF_USER)).toEqual(new Set([BUSY.id.toLowerCase()]));
        expect((await store.salesforce.statuses('t1')).map((s) => s.id)).toEqual([AVAILABLE_FOR_CHATS.id, BUSY.id]);
      });

      it('keeps each Salesforce user’s profile name when the org gave one, and counts a renamed profile as an update', async () => {
        await seedTenant(store);
        const ada = { id: SF_USER, username: 'ada@sf', email: null, federationId: null, name: 'Ada', profileId: '00exx', profileName: 'Custom: Support Profile', permissionSetIds: [], active: true };
        const bob = { ...ada, id: '005xx0000000002AAA', username: 'bob@sf', name: 'Bob', profileName: null };
        expect((await store.salesforce.replaceSnapshot('t1', { users: [ada, bob] })).users).toEqual({ added: ['005xx0000000002AAA'], updated: [SF_USER], removed: [] });
        expect((await store.salesforce.user('t1', SF_USER))?.profileName).toBe('Custom: Support Profile');
        expect(await store.salesforce.user('t1', bob.id)).not.toHaveProperty('profileName');
        expect((await store.salesforce.replaceSnapshot('t1', { users: [ada, bob] })).users).toEqual({ added: [], updated: [], removed: [] });
        expect((await store.salesforce.replaceSnapshot('t1', { users: [{ ...ada, profileName: 'Agents' }, bob] })).users?.updated).toEqual([SF_USER]);
        expect((await store.salesforce.users('t1')).map((u) => u.profileName ?? null)).toEqual(['Agents', null]);
      });

      it('keeps one link per user on each side', async () => {
        await seedTenant(store);
        await store.links.set('t1', { acdUserId: 'a9', sfUserId: SF_USER, matchedBy: 'manual' });
        expect(await store.links.byAcdUser('t1', 'a1')).toBeUndefined();
        expect(await store.links.bySalesforceUser('t1', SF_USER)).toEqual({ acdUserId: 'a9', sfUserId: SF_USER, matchedBy: 'manual' });
        expect(await store.links.remove('t1', 'a9')).toBe(true);
        expect(await store.links.list('t1')).toEqual([]);
      });
    });

    describe('presence rules', () => {
      it('round-trips rows, bumps the version on every save, and refuses a stale edit', async () => {
        const rule = await seedTenant(store);
        expect(rule).toMatchObject({ id: 'rule-1', version: 2, publisher: RULE.publisher, subscriber: RULE.subscriber, assignments: { teamIds: ['team-1'], userIds: [] } });
        const saved = await store.rules.save('t1', { ...RULE, subscriber: [{ salesforce: sf(BUSY), acd: { kind: 'PREVIOUS' } }] }, 2);
        expect(saved.version).toBe(3);
        expect(saved.subscriber).toEqual([{ salesforce: sf(BUSY), acd: { kind: 'PREVIOUS' } }]);
        expect(saved.assignments.teamIds).toEqual(['team-1']);
        await expect(store.rules.save('t1', RULE, 2)).rejects.toMatchObject({ code: 'PSYNC_RULE_VERSION_CONFLICT' });
      });

      it('keeps each team and user to one rule and resolves rules for an agent', async () => {
        await seedTenant(store);
        await store.rules.save('t1', { ...RULE, id: 'rule-2', name: 'Chat' });
        const err = await store.rules.assign('t1', 'rule-2', { teamIds: ['team-1'], userIds: ['a1'] }).catch((e: unknown) => e);
        expect(isStoreError(err, 'PSYNC_RULE_ASSIGNMENT_TAKEN')).toBe(true);
        expect((err as Error).message).toContain('team team-1 (rule rule-1)');
        await store.rules.assign('t1', 'rule-2', { teamIds: [], userIds: ['a1'] });
        expect((await store.rules.forAgent('t1', 'a1', 'team-1')).map((r) => r.id)).toEqual(['rule-1', 'rule-2']);
        expect((await store.rules.forAgent('t1', 'a2', 'team-1')).map((r) => r.id)).toEqual(['rule-1']);
        expect(await store.rules.forAgent('t1', 'a2', null)).toEqual([]);
        await store.rules.assign('t1', 'rule-2', { teamIds: ['team-1'], userIds: [] }, { takeOver: true });
        expect((await store.rules.get('t1', 'rule-1'))?.assignments.teamIds).toEqual([]);
        expect(await store.rules.remove('t1', 'rule-2')).toBe(true);
        expect(await store.rules.forAgent('t1', 'a1', 'team-1')).toEqual([]);
        await expect(store.rules.assign('t1', 'rule-2', { teamIds: [], userIds: [] })).rejects.toMatchObject({ code: 'PSYNC_RULE_NOT_FOUND' });
      });
    });

    describe('mailbox', () => {
      const key = { tenantId: 't1', agentId: 'a1', target: 'salesforce' as const };
      const want = (statusId: string) => ({ side: 'salesforce' as const, presence: { kind: 'Status' as const, statusId }, stateKey: `status:${statusId.toLowerCase()}` });
      const claimOne = async (owner = 'w1', extra = {}) => (await store.mailbox.claim({ owner, limit: 10, leaseMs: 30_000, ...extra }))[0];
      beforeEach(async () => {
        await store.tenants.upsert({ id: 't1', name: 'One' });
      });

      it('keeps the newest intent by source time and bumps the generation', async () => {
        expect(await store.mailbox.upsert({ ...key, desired: want('A'), sourceAt: 100 })).toEqual({ outcome: 'inserted', generation: 1 });
        expect(await store.mailbox.upsert({ ...key, desired: want('B'), sourceAt: 90 })).toEqual({ outcome: 'kept_newer', generation: 1 });
        expect(await store.mailbox.upsert({ ...key, desired: want('C'), sourceAt: 110 })).toEqual({ outcome: 'replaced', generation: 2 });
        const held = await store.mailbox.get(key);
        expect(held).toMatchObject({ desired: want('C'), sourceAt: 110, generation: 2, status: 'pending' });
      });

      it('lets an intent decided in order replace even a completed newer one, so that it is sent', async () => {
        await store.mailbox.upsert({ ...key, desired: want('A'), sourceAt: 100 });
        expect(await store.mailbox.complete((await claimOne())!)).toBe('completed');
        expect(await store.mailbox.upsert({ ...key, desired: want('B'), sourceAt: 90, decidedInOrder: true })).toEqual({ outcome: 'replaced', generation: 2 });
        expect(await store.mailbox.get(key)).toMatchObject({ desired: want('B'), sourceAt: 90, status: 'pending' });
        expect(await claimOne()).toMatchObject({ generation: 2 });
      });

      it('keeps the generation of a pending write decided again, so that it is not made twice', async () => {
        await store.mailbox.upsert({ ...key, desired: want('A'), sourceAt: 100 });
        const inFlight = (await claimOne())!;
        expect(await store.mailbox.upsert({ ...key, desired: want('A'), sourceAt: 100, decidedInOrder: true, samePending: true })).toEqual({ outcome: 'unchanged', generation: 1 });
        expect(await store.mailbox.complete(inFlight)).toBe('completed');
        // Read as pending but completed since: it has just been made, not to be made again.
        expect(await store.mailbox.upsert({ ...key, desired: want('A'), sourceAt: 100, decidedInOrder: true, samePending: true })).toEqual({ outcome: 'unchanged', generation: 1 });
        // Read as applied, the same write decided again is made again (a console that reconnected showing something else).
        expect(await store.mailbox.upsert({ ...key, desired: want('A'), sourceAt: 100, decidedInOrder: true })).toEqual({ outcome: 'replaced', generation: 2 });
      });

      it('leases a claim, fences completion by owner and token, and sends the newer generation next', async () => {
        await store.mailbox.upsert({ ...key, desired: want('A'), sourceAt: 100 });
        const first = (await claimOne('w1'))!;
        expect(first).toMatchObject({ leaseOwner: 'w1', generation: 1, leaseUntil: clock.t + 30_000 });
        expect(await claimOne('w2')).toBeUndefined();

        clock.advance(31_000); // w1 stalls past its lease; w2 takes over
        const second = (await claimOne('w2'))!;
        expect(second.leaseOwner).toBe('w2');
        expect(await store.mailbox.complete(first)).toBe('lost_lease');
        expect(await store.mailbox.fail(first, { kind: 'retryable', message: 'late' })).toEqual({ outcome: 'lost_lease' });

        await store.mailbox.upsert({ ...key, desired: want('B'), sourceAt: 200 }); // newer work while w2 writes A
        expect(await store.mailbox.complete(second)).toBe('newer_pending');
        const third = (await claimOne('w1'))!;
        expect(third).toMatchObject({ generation: 2, desired: want('B') });
        expect(await store.mailbox.complete(third)).toBe('completed');
        expect(await store.mailbox.get(key)).toMatchObject({ status: 'completed', appliedGeneration: 2, leaseOwner: null });
        expect(await store.mailbox.complete(third)).toBe('lost_lease');
        expect(await claimOne('w1')).toBeUndefined();
      });

      it('completes several claims in one call with the outcome each would have alone', async () => {
        const other = { ...key, agentId: 'a2' };
        const third = { ...key, agentId: 'a3' };
        for (const k of [key, other, third]) await store.mailbox.upsert({ ...k, desired: want('A'), sourceAt: 100 });
        const claims = await store.mailbox.claim({ owner: 'w1', limit: 10, leaseMs: 30_000 });
        expect(claims).toHaveLength(3);
        const byAgent = (agentId: string) => claims.find((c) => c.agentId === agentId)!;
        await store.mailbox.upsert({ ...other, desired: want('B'), sourceAt: 200 }); // newer work while a2 is written
        const stale = { ...byAgent('a3'), leaseToken: 'someone-else' };
        expect(await store.mailbox.completeAll([byAgent('a1'), byAgent('a2'), stale])).toEqual(['completed', 'newer_pending', 'lost_lease']);
        expect(await store.mailbox.get(key)).toMatchObject({ status: 'completed', appliedGeneration: 1, leaseOwner: null });
        expect(await store.mailbox.get(other)).toMatchObject({ status: 'pending', generation: 2, appliedGeneration: 1, leaseOwner: null });
        expect(await store.mailbox.get(third)).toMatchObject({ status: 'pending', leaseOwner: 'w1' });
        expect(await store.mailbox.completeAll([])).toEqual([]);
      });

      it('retries with backoff and jitter, honours retry-after, and goes dead when exhausted or permanent', async () => {
        await store.mailbox.upsert({ ...key, desired: want('A'), sourceAt: 100 });
        const start = clock.t;
        jitter = 0;
        expect(await store.mailbox.fail((await claimOne())!, { kind: 'retryable', message: '503' })).toEqual({ outcome: 'retry', attempts: 1, runAfter: start + 500 });
        expect(await claimOne()).toBeUndefined();
        clock.advance(500);
        jitter = 0.999999;
        expect(await store.mailbox.fail((await claimOne())!, { kind: 'rate_limited', message: '429', retryAfterMs: 10_000 })).toEqual({ outcome: 'retry', attempts: 2, runAfter: clock.t + 10_000 });
        clock.advance(10_000);
        const last = await store.mailbox.fail((await claimOne())!, { kind: 'retryable', message: '503 again' });
        expect(last).toEqual({ outcome: 'dead', reason: 'gave up after 3 attempts; last error (retryable): 503 again' });
        expect(await store.mailbox.get(key)).toMatchObject({ status: 'dead', attempts: 3, lastError: '503 again' });

        // A newer desired state revives it; a permanent failure kills it at once.
        await store.mailbox.upsert({ ...key, desired: want('B'), sourceAt: 200 });
        expect(await store.mailbox.get(key)).toMatchObject({ status: 'pending', attempts: 0 });
        expect(await store.mailbox.fail((await claimOne())!, { kind: 'invalid', message: 'no such status' })).toEqual({ outcome: 'dead', reason: 'invalid: no such status' });
        expect(await store.mailbox.list('t1', { status: 'dead' })).toHaveLength(1);
      });

      it('grows the backoff exponentially up to its cap', async () => {
        const { backoffDelay } = await import('../mailbox.ts');
        const policy = { maxAttempts: 10, baseDelayMs: 1000, maxDelayMs: 5000 };
        expect([1, 2, 3, 4].map((n) => backoffDelay(n, policy, () => 0))).toEqual([500, 1000, 2000, 2500]);
        expect(backoffDelay(2, policy, () => 0.5)).toBe(1500);
      });

      it('supersedes a pending intent, releases leases, and restricts claims to what an instance serves', async () => {
        await store.mailbox.upsert({ ...key, desired: want('A'), sourceAt: 100, serveKey: 'hub-a' });
        await store.mailbox.upsert({ ...key, agentId: 'a2', desired: want('A'), sourceAt: 100, serveKey: 'hub-b' });
        await store.mailbox.upsert({ ...key, agentId: 'a3', target: 'cxone', desired: { side: 'cxone', state: { kind: 'Available' }, stateKey: 'Available', whenContactEnds: false }, sourceAt: 100 });
        expect((await store.mailbox.claim({ owner: 'hub-b', limit: 10, leaseMs: 1000, serveKeys: ['hub-b'] })).map((c) => c.agentId)).toEqual(['a2']);
        expect((await store.mailbox.claim({ owner: 'x', limit: 10, leaseMs: 1000, agentIds: [] }))).toEqual([]);
        expect((await store.mailbox.claim({ owner: 'hub-c', limit: 10, leaseMs: 1000, tenantId: 't1', target: 'cxone', agentIds: ['a3'] })).map((c) => c.agentId)).toEqual(['a3']);
        expect(await store.mailbox.releaseLeases('hub-b')).toBe(1);
        expect(await store.mailbox.setServeKey({ ...key, agentId: 'a2' }, 'hub-a')).toBe(true);

        expect(await store.mailbox.supersede(key, 'agent changed Salesforce themselves', 50)).toBe(false);
        expect(await store.mailbox.supersede(key, 'agent changed Salesforce themselves', 150)).toBe(true);
        expect(await store.mailbox.get(key)).toMatchObject({ status: 'superseded', statusReason: 'agent changed Salesforce themselves' });
        expect((await store.mailbox.claim({ owner: 'hub-a', limit: 10, leaseMs: 1000, serveKeys: ['hub-a'] })).map((c) => c.agentId)).toEqual(['a2']);
      });

      it('keeps a superseded intent superseded when its worker reports back', async () => {
        await store.mailbox.upsert({ ...key, desired: want('A'), sourceAt: 100 });
        const claim = (await claimOne()) as ClaimedIntent;
        await store.mailbox.supersede(key, 'newer change', 200);
        expect(await store.mailbox.complete(claim)).toBe('superseded');
        expect(await store.mailbox.get(key)).toMatchObject({ status: 'superseded', leaseOwner: null });
      });
    });

    describe('ingest', () => {
      beforeEach(async () => {
        await seedTenant(store);
      });

      it('decides, observes, queues the write, audits and checkpoints in one go; a duplicate changes nothing', async () => {
        const event = cx('a1', clock.t - 40, { kind: 'Available' });
        const result = await store.ingest(ingestReq(event, 'e1', { checkpoint: { source: 'cxone-feed', position: '2026-11-25T13:00:00Z' }, serveKey: () => 'hub-a' }));
        expect(result).toMatchObject({ status: 'applied', decision: { outcome: 'write', reason: 'publisher_row' }, intent: { target: 'salesforce', upsert: { outcome: 'inserted', generation: 1 } } });
        expect(await store.mailbox.get({ tenantId: 't1', agentId: 'a1', target: 'salesforce' })).toMatchObject({ desired: { presence: sf(AVAILABLE_FOR_CHATS) }, sourceAt: event.at, serveKey: 'hub-a', sourceEvent: 'cxone:e1' });
        expect((await store.syncState.observed('t1', 'a1')).cxone).toEqual({ value: { kind: 'Available' }, at: event.at, origin: 'cxone_feed' });
        expect(await store.syncState.history('t1', 'a1')).toEqual([{ state: { kind: 'Available' }, at: event.at, byHub: false }]);
        expect(await store.syncState.checkpoint('t1', 'cxone-feed')).toBe('2026-11-25T13:00:00Z');
        const audit = await store.audit.query({ tenantId: 't1' });
        expect(audit.entries).toHaveLength(1);
        expect(audit.entries[0]).toMatchObject({ id: (result as { auditId: string }).auditId, kind: 'decision', outcome: 'write', rule: { id: 'rule-1', version: 2 }, details: { latency: { sourceToIngestMs: 40 }, row: { direction: 'publisher', index: 0 } } });

        expect(await store.ingest(ingestReq(event, 'e1'))).toEqual({ status: 'duplicate' });
        expect((await store.audit.query({ tenantId: 't1' })).entries).toHaveLength(1);
      });

      it('never lets an older observation overwrite a newer one', async () => {
        await store.ingest(ingestReq(cx('a1', 2000, { kind: 'Available' }), 'new'));
        const stale = await store.ingest(ingestReq(cx('a1', 1000, { kind: 'Unavailable', code: LUNCH }), 'old'));
        expect(stale).toMatchObject({ status: 'applied', decision: { outcome: 'stale' } });
        expect((await store.syncState.observed('t1', 'a1')).cxone?.value).toEqual({ kind: 'Available' });
      });

      it('consumes an expected echo and supersedes an obsolete pending write', async () => {
        await store.syncState.expectEcho('t1', 'a1', { side: 'salesforce', stateKey: `status:${BUSY.id.toLowerCase()}`, expiresAt: clock.t + 60_000 });
        const echo = await store.ingest(ingestReq(sfEvent('a1', 1000, BUSY.id), 'echo'));
        expect(echo).toMatchObject({ decision: { outcome: 'echo' } });
        expect(await store.syncState.expectedEchoes('t1', 'a1')).toEqual([]);

        // An echo that never comes back expires, and is dropped when the next one is recorded.
        await store.syncState.expectEcho('t1', 'a1', { side: 'cxone', stateKey: 'Available', expiresAt: clock.t + 10, commandId: 'c1' });
        expect(await store.syncState.expectedEchoes('t1', 'a1')).toEqual([{ side: 'cxone', stateKey: 'Available', expiresAt: clock.t + 10, commandId: 'c1' }]);
        clock.advance(11);
        expect(await store.syncState.expectedEchoes('t1', 'a1')).toEqual([]);
        await store.syncState.expectEcho('t1', 'a1', { side: 'cxone', stateKey: 'LoggedOut', expiresAt: clock.t + 10 });
        expect(await harness.database.db.selectFrom('expected_echo').select('state_key').execute()).toEqual([{ state_key: 'LoggedOut' }]);
        await harness.database.db.deleteFrom('expected_echo').execute();

        // A write that certainly did not happen takes its echo back; another command's echo for the same state stays.
        await store.syncState.expectEcho('t1', 'a1', { side: 'cxone', stateKey: 'Available', expiresAt: clock.t + 1000, commandId: 'c2', recordedAt: clock.t });
        await store.syncState.forgetEcho('t1', 'a1', { side: 'cxone', stateKey: 'Available', commandId: 'c1' });
        expect(await store.syncState.expectedEchoes('t1', 'a1')).toEqual([{ side: 'cxone', stateKey: 'Available', expiresAt: clock.t + 1000, commandId: 'c2', recordedAt: clock.t }]);
        await store.syncState.forgetEcho('t1', 'a1', { side: 'cxone', stateKey: 'Available', commandId: 'c2' });
        await store.syncState.expectEcho('t1', 'a1', { side: 'salesforce', stateKey: 'offline', expiresAt: clock.t + 1000 });
        await store.syncState.forgetEcho('t1', 'a1', { side: 'salesforce', stateKey: 'offline' });
        expect(await store.syncState.expectedEchoes('t1', 'a1')).toEqual([]);

        // Several writes' echoes at once (a dispatcher's claim), each as if recorded alone.
        await store.syncState.expectEchoes([
          { tenantId: 't1', agentId: 'a1', echo: { side: 'cxone', stateKey: 'Available', expiresAt: clock.t + 1000, commandId: 'c3', recordedAt: clock.t } },
          { tenantId: 't1', agentId: 'a2', echo: { side: 'salesforce', stateKey: 'offline', expiresAt: clock.t + 1000, commandId: 'c4', recordedAt: clock.t } },
        ]);
        expect(await store.syncState.expectedEchoes('t1', 'a1')).toEqual([{ side: 'cxone', stateKey: 'Available', expiresAt: clock.t + 1000, commandId: 'c3', recordedAt: clock.t }]);
        expect(await store.syncState.expectedEchoes('t1', 'a2')).toEqual([{ side: 'salesforce', stateKey: 'offline', expiresAt: clock.t + 1000, commandId: 'c4', recordedAt: clock.t }]);
        await harness.database.db.deleteFrom('expected_echo').execute();

        // Salesforce → CXone write pending; then the agent changes CXone themselves, later.
        const toCx = await store.ingest(ingestReq(sfEvent('a1', 2000, AVAILABLE_FOR_CHATS.id), 'sf2'));
        expect(toCx).toMatchObject({ intent: { target: 'cxone' } });
        const own = await store.ingest(ingestReq(cx('a1', 3000, { kind: 'Unavailable', code: LUNCH }), 'cx3'));
        expect(own).toMatchObject({ superseded: 'cxone' });
        expect(await store.mailbox.get({ tenantId: 't1', agentId: 'a1', target: 'cxone' })).toMatchObject({ status: 'superseded' });
      });

      it('leaves nothing behind when the transaction fails mid-way, so the event can be ingested again', async () => {
        const event = cx('a1', 1000, { kind: 'Available' });
        const boom = (): Decision => {
          throw new Error('decide crashed');
        };
        await expect(store.ingest(ingestReq(event, 'e1', { decide: boom }))).rejects.toThrow('decide crashed');
        // A failure at the very last write (the checkpoint breaks NOT NULL), after observed state, intent and audit were written.
        await expect(store.ingest(ingestReq(event, 'e1', { checkpoint: { source: null as unknown as string, position: 'x' } }))).rejects.toThrow();
        expect((await store.audit.query({ tenantId: 't1' })).entries).toEqual([]);
        expect(await store.syncState.observed('t1', 'a1')).toEqual({});
        expect(await store.mailbox.list('t1')).toEqual([]);
        expect(await store.ingest(ingestReq(event, 'e1'))).toMatchObject({ status: 'applied' });
      });

      it('hands the engine every fact about the agent', async () => {
        await store.salesforce.replaceSnapshot('t1', { access: [{ statusId: BUSY.id, parentId: '00exx', parentKind: 'profile' }, { statusId: AVAILABLE_FOR_CHATS.id, parentId: '0PSother', parentKind: 'permission_set' }] });
        await store.syncState.expectEcho('t1', 'a1', { side: 'cxone', stateKey: 'LoggedOut', expiresAt: clock.t + 1000 });
        await store.ingest(ingestReq(cx('a1', 900, { kind: 'Available' }), 'first'));
        await store.mailbox.upsert({ tenantId: 't1', agentId: 'a1', target: 'cxone', desired: { side: 'cxone', state: { kind: 'LoggedOut' }, stateKey: 'LoggedOut', whenContactEnds: false }, sourceAt: 950 });
        await store.mailbox.upsert({ tenantId: 't1', agentId: 'a1', target: 'salesforce', desired: { side: 'salesforce', presence: { kind: 'Offline' }, stateKey: 'Offline' }, sourceAt: 960 });
        const seen: AgentFacts[] = [];
        await store.ingest(ingestReq(sfEvent('a1', 1000, BUSY.id), 'second', { buildContext: (facts) => (seen.push(facts), buildContext(facts)) }));
        const facts = seen[0]!;
        expect(facts).toMatchObject({
          tenantId: 't1',
          agentId: 'a1',
          now: clock.t,
          switches: { salesforceAdapter: true, presenceSync: true },
          acdUser: { id: 'a1', teamId: 'team-1' },
          link: { acdUserId: 'a1', sfUserId: SF_USER, matchedBy: 'email' },
          sfUser: { id: SF_USER, profileId: '00exx' },
          observed: { cxone: { value: { kind: 'Available' }, at: 900, origin: 'cxone_feed' } },
          history: [{ state: { kind: 'Available' }, at: 900, byHub: false }],
          expectedEchoes: [{ side: 'cxone', stateKey: 'LoggedOut', expiresAt: clock.t + 1000 }],
          pending: { cxone: 950, salesforce: 960 },
        });
        expect(facts.rules.map((r) => r.id)).toEqual(['rule-1']);
        expect([...facts.teamCodes.entries()]).toEqual([[LUNCH.id, LUNCH]]);
        expect([...facts.statuses.keys()]).toEqual([AVAILABLE_FOR_CHATS.id.toLowerCase(), BUSY.id.toLowerCase()]);
        expect(facts.allowedStatusIds).toEqual(new Set([BUSY.id.toLowerCase()]));

        // An agent the store knows nothing about still gets a context (the engine decides what that means).
        const unknown: AgentFacts[] = [];
        await store.ingest(ingestReq(cx('ghost', 1000, { kind: 'Available' }), 'ghost', { buildContext: (f) => (unknown.push(f), buildContext(f)) }));
        expect(unknown[0]).toMatchObject({ acdUser: undefined, link: undefined, sfUser: undefined, rules: [], allowedStatusIds: undefined, observed: {}, history: [], pending: {} });
      });

      it('sees a configuration change made anywhere at the very next event: another instance, or SQL outside the hub', async () => {
        const other = createStore(harness.database, { cipher: fakeCipher, clock });
        const factsOf = async (key: string, event = cx('a1', clock.t, { kind: 'Available' })) => {
          const seen: AgentFacts[] = [];
          await store.ingest(ingestReq(event, key, { buildContext: (facts) => (seen.push(facts), buildContext(facts)) }));
          return seen[0]!;
        };
        expect((await factsOf('e1')).rules.map((r) => [r.id, r.version])).toEqual([['rule-1', 2]]);
        expect((await factsOf('e2')).rules.map((r) => [r.id, r.version])).toEqual([['rule-1', 2]]);

        // Another instance saves the rule: the very next event here decides with the new version.
        await other.rules.save('t1', { ...RULE, publisher: [{ acd: { kind: 'Available' }, salesforce: sf(BUSY) }] });
        const next = await factsOf('e3');
        expect(next.rules.map((r) => [r.id, r.version])).toEqual([['rule-1', 3]]);
        expect(next.rules[0]!.publisher).toEqual([{ acd: { kind: 'Available' }, salesforce: sf(BUSY) }]);

        // Switches, statuses and the link, changed by other code or by hand, count at once too.
        await other.tenants.setSwitches('t1', { presenceSync: false });
        expect((await factsOf('e4')).switches.presenceSync).toBe(false);
        await harness.database.db.updateTable('sf_status').set({ label: 'Renamed by hand' }).where('id', '=', BUSY.id).execute();
        expect((await factsOf('e5')).statuses.get(BUSY.id.toLowerCase())?.label).toBe('Renamed by hand');
        await harness.database.db.deleteFrom('agent_link').where('acd_user_id', '=', 'a1').execute();
        expect(await factsOf('e6')).toMatchObject({ link: undefined, sfUser: undefined, allowedStatusIds: undefined });
      });

      it('refuses an unknown tenant', async () => {
        await expect(store.ingest({ ...ingestReq(cx('a1', 1, { kind: 'Available' }), 'x'), tenantId: 'nope' })).rejects.toMatchObject({ code: 'PSYNC_TENANT_NOT_FOUND' });
      });
    });

    describe('audit', () => {
      it('queries by agent, time and outcome, newest first, in keyset pages, and prunes old entries in batches', async () => {
        for (let i = 0; i < 7; i++) {
          await store.audit.append({ tenantId: 't1', agentId: i % 2 ? 'a1' : 'a2', kind: 'decision', outcome: i % 3 ? 'noop' : 'write', explanation: `entry ${i}` });
          if (i % 2) clock.advance(1000); // some entries share a timestamp
        }
        const all: string[] = [];
        let cursor: string | undefined;
        for (let page = 0; page < 10; page++) {
          const result = await store.audit.query({ tenantId: 't1', limit: 3, ...(cursor ? { cursor } : {}) });
          all.push(...result.entries.map((e) => e.explanation));
          cursor = result.nextCursor;
          if (!cursor) break;
        }
        expect(all).toHaveLength(7);
        expect(new Set(all).size).toBe(7);
        expect(all[0]).toBe('entry 6');
        expect(all[6]).toBe('entry 0');
        const writesOfA2 = await store.audit.query({ tenantId: 't1', agentId: 'a2', outcomes: ['write'] });
        expect(writesOfA2.entries.map((e) => e.explanation)).toEqual(['entry 6', 'entry 0']);
        const t0 = clock.t - 3000;
        expect((await store.audit.query({ tenantId: 't1', from: t0, to: t0 + 1000 })).entries.map((e) => e.explanation)).toEqual(['entry 1', 'entry 0']);
        await expect(store.audit.query({ tenantId: 't1', cursor: 'garbage' })).rejects.toMatchObject({ code: 'PSYNC_AUDIT_CURSOR_INVALID' });

        clock.advance(30 * 24 * 3600 * 1000 - 1500);
        expect(await store.audit.prune({ batchSize: 3 })).toBe(4);
        expect((await store.audit.query({ tenantId: 't1' })).entries.map((e) => e.explanation)).toEqual(['entry 6', 'entry 5', 'entry 4']);
      });

      it('prunes old dedup keys', async () => {
        await seedTenant(store);
        await store.ingest(ingestReq(cx('a1', 1, { kind: 'Available' }), 'k1'));
        clock.advance(1000);
        await store.ingest(ingestReq(cx('a1', 2, { kind: 'Available' }), 'k2'));
        expect(await store.pruneDedupKeys(clock.t, 1)).toBe(1);
        expect(await store.ingest(ingestReq(cx('a1', 1, { kind: 'Available' }), 'k1'))).toMatchObject({ status: 'applied' });
        expect(await store.ingest(ingestReq(cx('a1', 2, { kind: 'Available' }), 'k2'))).toEqual({ status: 'duplicate' });
      });
    });
    describeBatchContract(() => ({ store, clock, database: harness.database }));
  });
}
