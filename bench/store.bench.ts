/**
 * Store throughput: ingest transactions per second and mailbox claim+complete per second, on SQLite
 * and on PostgreSQL, each beside a bare one-row insert of the same size measured in the same run.
 * Run: `npx tsx bench/store.bench.ts [--quick]` (PostgreSQL from DATABASE_URL, skipped when unreachable).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { decide, type AcdState, type PresenceEvent } from '../src/domain/index.ts';
import { createStore, migrateToLatest, openDatabase, type Database, type Store } from '../src/store/index.ts';
import { fakeCipher } from '../src/store/test-support/fakes.ts';
import { buildContext, LUNCH, seedTenant } from '../src/store/test-support/fixtures.ts';
import { PostgresTestSchema, postgresAvailable } from '../src/store/test-support/postgres.ts';

export interface StoreBenchResult {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly baseline: number;
  readonly baselineUnit: string;
  /** value / baseline. */
  readonly ratio: number;
}

const AGENTS = 50;
const STATES: readonly AcdState[] = [{ kind: 'Available' }, { kind: 'Unavailable', code: LUNCH }];

async function perSecond(count: number, step: (i: number) => Promise<unknown>): Promise<number> {
  for (let i = 0; i < Math.min(50, count); i++) await step(-1 - i); // warm-up
  const started = performance.now();
  for (let i = 0; i < count; i++) await step(i);
  return Math.round(count / ((performance.now() - started) / 1000));
}

/** Per second of `count` steps of 100 changes each, in changes (rounded after, not before, the ×100). */
async function perSecond100(count: number, step: (i: number) => Promise<unknown>): Promise<number> {
  for (let i = 0; i < Math.min(5, count); i++) await step(-1 - i);
  const started = performance.now();
  for (let i = 0; i < count; i++) await step(i);
  return Math.round((count * 100) / ((performance.now() - started) / 1000));
}

/** One row of `bytes` characters inserted in its own transaction: what any durable write costs here. */
async function bareInserts(database: Database, count: number, bytes: number): Promise<number> {
  await sql`create table if not exists bench_baseline (id text primary key, body text not null)`.execute(database.db);
  const body = 'x'.repeat(bytes);
  let n = 0;
  return perSecond(count, () => sql`insert into bench_baseline (id, body) values (${`r${n++}`}, ${body})`.execute(database.db));
}

async function measure(engine: string, database: Database, count: number): Promise<StoreBenchResult[]> {
  const store: Store = createStore(database, { cipher: fakeCipher });
  await seedTenant(store);
  await store.cxone.replaceSnapshot('t1', {
    users: Array.from({ length: AGENTS }, (_, i) => ({ id: `a${i}`, firstName: 'A', lastName: `${i}`, email: null, username: null, federationId: null, teamId: 'team-1', active: true })),
    teams: [{ id: 'team-1', name: 'Voice', active: true }],
    codes: [{ ...LUNCH, active: true }],
    teamCodes: [{ teamId: 'team-1', codeId: LUNCH.id }],
  });
  let at = Date.now();
  const event = (i: number): PresenceEvent => ({ agentId: `a${Math.abs(i) % AGENTS}`, at: at++, origin: 'cxone_feed', observation: { side: 'cxone', state: STATES[Math.floor(Math.abs(i) / AGENTS) % 2]! } });
  const ingest = await perSecond(count, (i) => store.ingest({ tenantId: 't1', event: event(i), dedup: { source: 'bench', key: `e${i}` }, buildContext, decide, checkpoint: { source: 'bench', position: String(i) } }));
  // The same changes offered 100 at a time (a poll page, a shift start's consoles): group commit lets them share transactions.
  let burst = count;
  const burstIngest = await perSecond100(Math.ceil(count / 100), async () => {
    const page = Array.from({ length: 100 }, () => burst++);
    await Promise.all(page.map((i) => store.ingest({ tenantId: 't1', event: event(i), dedup: { source: 'bench', key: `b${i}` }, buildContext, decide })));
  }) * 100;
  const auditRow = await database.db.selectFrom('audit').select(sql<number>`length(details) + length(explanation)`.as('size')).limit(1).executeTakeFirstOrThrow();

  for (let i = 0; i < count + 50; i++) {
    await store.mailbox.upsert({ tenantId: 't1', agentId: `m${i}`, target: 'salesforce', desired: { side: 'salesforce', presence: { kind: 'Offline' }, stateKey: 'Offline' }, sourceAt: i + 1 });
  }
  const claimComplete = await perSecond(count, async () => {
    const [claim] = await store.mailbox.claim({ owner: 'bench', limit: 1, leaseMs: 30_000 });
    if (!claim || (await store.mailbox.complete(claim)) !== 'completed') throw new Error('mailbox ran dry');
  });
  const baseline = await bareInserts(database, count, Number(auditRow.size));
  const result = (name: string, value: number): StoreBenchResult => ({
    name: `${engine}: ${name}`, value, unit: 'per second', baseline, baselineUnit: `bare ${auditRow.size}-byte inserts per second (same run)`, ratio: Math.round((value / baseline) * 100) / 100,
  });
  return [result('ingest transactions', ingest), result('ingest, changes offered 100 at a time', burstIngest), result('mailbox claim+complete', claimComplete)];
}

export async function run({ quick }: { quick: boolean }): Promise<StoreBenchResult[]> {
  const count = quick ? 200 : 2_000;
  const results: StoreBenchResult[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'psync-bench-'));
  const sqlite = await openDatabase({ url: join(dir, 'bench.db') });
  try {
    await migrateToLatest(sqlite);
    results.push(...(await measure('SQLite', sqlite, count)));
  } finally {
    await sqlite.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const pg = await postgresAvailable();
  if (!pg.ok) {
    console.warn(`PostgreSQL skipped: ${pg.reason}`);
    return results;
  }
  const schema = new PostgresTestSchema();
  try {
    const { database, dispose } = await schema.open();
    try {
      results.push(...(await measure('PostgreSQL', database, count)));
    } finally {
      await dispose();
    }
  } finally {
    await schema.drop();
  }
  return results;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const r of await run({ quick: process.argv.includes('--quick') })) {
    console.log(`${r.name}: ${r.value} ${r.unit}; baseline ${r.baseline} ${r.baselineUnit}; ratio ${r.ratio}`);
  }
}
