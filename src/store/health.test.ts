import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase, type Database } from './database.ts';
import type { HealthFinding, Store } from './ports.ts';
import { createStore } from './store.ts';
import { fakeCipher, ManualClock } from './test-support/fakes.ts';
import { PostgresTestSchema, postgresAvailable } from './test-support/postgres.ts';

const finding = (code: string, severity: 'critical' | 'warning' = 'critical', agents: string[] = []): HealthFinding => ({
  code,
  severity,
  affected: { agents: agents.map((id) => ({ id, name: id })), rules: [], agentCount: agents.length, ruleCount: 0 },
  params: { n: agents.length },
});

function describeHealthStore(engine: string, open: () => Promise<{ database: Database; dispose(): Promise<void> }>, teardown?: () => Promise<void>) {
  describe(`tenant health in the store on ${engine}`, () => {
    if (teardown) afterAll(teardown);
    let store: Store;
    let clock: ManualClock;
    let dispose: () => Promise<void>;
    const apply = (findings: HealthFinding[], instanceId = 'hub-a') => store.health.apply('t1', findings, { now: clock.now(), clearAfterMs: 60_000, instanceId });

    beforeEach(async () => {
      const opened = await open();
      dispose = opened.dispose;
      clock = new ManualClock();
      store = createStore(opened.database, { cipher: fakeCipher, clock });
      await store.tenants.upsert({ id: 't1', name: 'One' });
      return () => dispose();
    });

    it('opens a problem once, refreshes it while found, and clears it after the hold once it is gone', async () => {
      expect((await apply([finding('PSYNC_HEALTH_A', 'critical', ['a1'])])).map((t) => t.kind)).toEqual(['opened']);
      clock.advance(30_000);
      // Found again by another instance: still the same problem, nothing to announce, its agents updated.
      expect(await apply([finding('PSYNC_HEALTH_A', 'critical', ['a1', 'a2'])], 'hub-b')).toEqual([]);
      const [open] = await store.health.open('t1');
      expect(open).toMatchObject({ code: 'PSYNC_HEALTH_A', openedAt: clock.now() - 30_000, lastSeenAt: clock.now(), clearedAt: null, affected: { agentCount: 2 } });
      expect(await store.health.lastEvaluation('t1')).toEqual({ at: clock.now(), instanceId: 'hub-b' });
      clock.advance(30_000);
      expect(await apply([])).toEqual([]);
      clock.advance(30_000);
      const cleared = await apply([]);
      expect(cleared).toMatchObject([{ kind: 'cleared', problem: { code: 'PSYNC_HEALTH_A', clearedAt: clock.now() } }]);
      expect(await store.health.open('t1')).toEqual([]);
      expect(await store.health.history('t1', 10)).toMatchObject([{ id: open!.id, clearedAt: clock.now() }]);
      // The same check failing again is a new problem with a history of its own.
      clock.advance(1000);
      expect((await apply([finding('PSYNC_HEALTH_A')])).map((t) => t.kind)).toEqual(['opened']);
      expect((await store.health.open('t1'))[0]!.id).not.toBe(open!.id);
      expect((await store.health.openEverywhere()).map((p) => p.tenantId)).toEqual(['t1']);
    });

    it('queues a delivery per transition for each enabled channel that wants the severity', async () => {
      const channel = { tenantId: 't1', kind: 'webhook' as const, enabled: true, language: 'en' as const, smtp: null, urlHint: 'https://alerts.example' };
      await store.alerts.save({ ...channel, id: 'all', name: 'All', minSeverity: 'warning' }, { url: 'https://alerts.example/hook', signingSecret: 's3cret' });
      await store.alerts.save({ ...channel, id: 'red', name: 'Red only', minSeverity: 'critical' });
      await store.alerts.save({ ...channel, id: 'off', name: 'Off', minSeverity: 'warning', enabled: false });
      await apply([finding('PSYNC_HEALTH_A', 'critical'), finding('PSYNC_HEALTH_B', 'warning')]);
      const due = await store.alerts.due(['t1'], clock.now(), 10);
      expect(due.map((d) => `${d.channelId}:${d.event}:${d.problem.code}`).sort()).toEqual(['all:opened:PSYNC_HEALTH_A', 'all:opened:PSYNC_HEALTH_B', 'red:opened:PSYNC_HEALTH_A']);
      expect(await store.alerts.revealSecrets('t1', 'all')).toEqual({ url: 'https://alerts.example/hook', signingSecret: 's3cret' });
      expect((await store.alerts.get('t1', 'all'))?.secretsSet).toEqual({ url: true, signingSecret: true, smtpPassword: false });
      await store.alerts.sent('t1', due.filter((d) => d.channelId === 'all').map((d) => d.id), clock.now());
      expect(await store.alerts.messagesSince('t1', 'all', clock.now() - 1)).toBe(1);
      await store.alerts.attemptFailed('t1', due.filter((d) => d.channelId === 'red').map((d) => d.id), 'HTTP 500', clock.now() + 5000);
      expect(await store.alerts.due(['t1'], clock.now(), 10)).toEqual([]);
      expect((await store.alerts.due(['t1'], clock.now() + 5000, 10)).map((d) => [d.channelId, d.attempts, d.lastError])).toEqual([['red', 1, 'HTTP 500']]);
      const envelopes = await store.alerts.secretEnvelopes();
      expect(envelopes.map((e) => e.aad.field).sort()).toEqual(['signingSecret', 'url']);
      expect(await store.alerts.replaceSecretEnvelope(envelopes[0]!.aad, 'not it', 'x')).toBe(false);
      expect(await store.alerts.remove('t1', 'all')).toBe(true);
      expect((await store.alerts.recent('t1', 10)).map((d) => d.channelId)).toEqual(['red']);
    });

    it('keeps since when each subject of a condition has been seen, and reads the agents without a console and the dead letters', async () => {
      expect([...(await store.health.setConditions('t1', 'c', ['a', 'b'], clock.now()))]).toEqual([['a', clock.now()], ['b', clock.now()]]);
      const first = clock.now();
      clock.advance(5000);
      expect(await store.health.setConditions('t1', 'c', ['b', 'c'], clock.now())).toEqual(new Map([['b', first], ['c', clock.now()]]));
      expect(await store.health.conditions('t1', 'c')).toEqual(new Map([['b', first], ['c', clock.now()]]));
      expect(await store.health.agentsWithoutConsole('t1')).toEqual([]);
      expect(await store.health.deadLetters('t1', 0, 5)).toEqual({ count: 0, recent: [] });
      await store.health.setCredential('t1', { kind: 'jwt_certificate', expiresAt: first + 86_400_000, detail: { subject: 'CN=hub' } });
      expect(await store.health.credentials('t1')).toEqual([{ kind: 'jwt_certificate', expiresAt: first + 86_400_000, detail: { subject: 'CN=hub' }, updatedAt: clock.now() }]);
      await store.health.setCredential('t1', { kind: 'jwt_certificate', remove: true });
      expect(await store.health.credentials('t1')).toEqual([]);
    });
  });
}

describeHealthStore('SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'psync-health-'));
  const database = await openDatabase({ url: join(dir, 'hub.db') });
  await migrateToLatest(database);
  return { database, dispose: async () => (await database.close(), rmSync(dir, { recursive: true, force: true })) };
});

const postgres = await postgresAvailable();
if (postgres.ok || process.env.CI) {
  const schema = new PostgresTestSchema();
  describeHealthStore('PostgreSQL', () => schema.open(), () => schema.drop());
}
