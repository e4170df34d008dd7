import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Side, WriteIntent } from '../domain/index.ts';
import { appendAudit } from './audit.ts';
import type { Clock, RandomSource } from './clock.ts';
import { writeTransaction, type Database } from './database.ts';
import { fromJson, toJson } from './json.ts';
import { writeExpectedEchoes } from './sync-state.ts';
import type { AgentFacts, AuditEntryInput, ClaimedIntent, CompleteOutcome, FailureKind, Intent, IntentKey, IntentStatus, IntentUpsert, Mailbox, RetryPolicy, UpsertOutcome } from './ports.ts';
import type { DB, SyncIntentTable } from './schema.ts';

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 8, baseDelayMs: 1_000, maxDelayMs: 5 * 60_000 };

/** Failures that no retry can cure: the intent goes dead at once. */
const PERMANENT: ReadonlySet<FailureKind> = new Set(['permanent', 'invalid', 'not_found']);

/**
 * Exponential backoff with "equal jitter": half the delay is fixed, half random, so that retries of
 * many agents spread out without any of them retrying almost at once.
 */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: RandomSource): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential / 2 + random() * (exponential / 2));
}

/**
 * The mailbox (architecture.md §2.4): one row per (tenant, agent, target side), newest source time
 * wins, claimed under a lease, completion fenced by the lease's owner and token.
 */
export function createMailbox(database: Database, clock: Clock, random: RandomSource, policy: RetryPolicy = DEFAULT_RETRY_POLICY): Mailbox {
  const { db } = database;
  const forUpdate = <Q extends { forUpdate(): Q }>(q: Q): Q => (database.dialect === 'postgres' ? q.forUpdate() : q);

  async function lockedRow(trx: Kysely<DB>, claim: ClaimedIntent) {
    const row = await forUpdate(byKey(trx.selectFrom('sync_intent').selectAll(), claim)).executeTakeFirst();
    return row && row.lease_owner === claim.leaseOwner && row.lease_token === claim.leaseToken ? row : undefined;
  }

  async function completeIn(trx: Kysely<DB>, claim: ClaimedIntent, now: number): Promise<CompleteOutcome> {
    const row = await lockedRow(trx, claim);
    const outcome = !row ? 'lost_lease' : row.status === 'superseded' ? 'superseded' : row.generation > claim.generation ? 'newer_pending' : 'completed';
    await appendAudit(trx, acknowledgement(claim, outcome), now);
    if (!row) return outcome;
    await byKey(trx.updateTable('sync_intent'), claim)
      .set({
        applied_generation: Math.max(row.applied_generation, claim.generation),
        ...(outcome === 'completed' ? { status: 'completed', status_reason: null, last_error: null } : {}),
        ...releasedLease(now),
      })
      .execute();
    return outcome;
  }

  return {
    upsert: (intent) => upsertIntent(db, intent, clock.now()),

    async claim(options) {
      const now = clock.now();
      const token = randomUUID();
      return writeTransaction(database, async (trx) => {
        let due = trx
          .selectFrom('sync_intent')
          .select(['tenant_id', 'agent_id', 'target'])
          .where('status', '=', 'pending')
          .where('run_after', '<=', now)
          .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]));
        if (options.tenantId !== undefined) due = due.where('tenant_id', '=', options.tenantId);
        if (options.target !== undefined) due = due.where('target', '=', options.target);
        if (options.agentIds !== undefined) due = options.agentIds.length === 0 ? due.where(nothing) : due.where('agent_id', 'in', options.agentIds);
        if (options.serveKeys !== undefined) due = options.serveKeys.length === 0 ? due.where(nothing) : due.where('serve_key', 'in', options.serveKeys);
        due = due.orderBy('run_after').limit(options.limit);
        if (database.dialect === 'postgres') due = due.forUpdate().skipLocked();
        let rows = await trx
          .updateTable('sync_intent')
          .set({ lease_owner: options.owner, lease_token: token, lease_until: now + options.leaseMs, updated_at: now })
          .where((eb) => eb(eb.refTuple('tenant_id', 'agent_id', 'target'), 'in', due.$asTuple('tenant_id', 'agent_id', 'target')))
          .returningAll()
          .execute();
        if (options.expectEcho && rows.length > 0) {
          if (database.dialect === 'postgres') rows = await keepUnlocked(trx, rows, now);
          const claimed = rows.map((r) => toIntent(r) as ClaimedIntent);
          await writeExpectedEchoes(trx, claimed.map((intent) => ({ tenantId: intent.tenantId, agentId: intent.agentId, echo: options.expectEcho!(intent) })), now);
        }
        return rows.sort((a, b) => a.run_after - b.run_after).map((r) => toIntent(r) as ClaimedIntent & { leaseToken: string });
      });
    },

    async complete(claim) {
      const now = clock.now();
      return writeTransaction(database, (trx) => completeIn(trx, claim, now));
    },

    async completeAll(claims) {
      if (claims.length === 0) return [];
      const now = clock.now();
      // Rows are locked in key order, as ingest locks them, so that the two do not wait on each other in a circle.
      const order = claims.map((claim, i) => ({ claim, i })).sort((a, b) => compareKeys(a.claim, b.claim));
      return writeTransaction(database, async (trx) => {
        const outcomes: CompleteOutcome[] = new Array<CompleteOutcome>(claims.length);
        for (const { claim, i } of order) outcomes[i] = await completeIn(trx, claim, now);
        return outcomes;
      });
    },

    async fail(claim, failure) {
      const now = clock.now();
      return writeTransaction(database, async (trx) => {
        const row = await lockedRow(trx, claim);
        if (!row) return { outcome: 'lost_lease' as const };
        const update = byKey(trx.updateTable('sync_intent'), claim);
        if (row.status === 'superseded') {
          await update.set({ last_error: failure.message, ...releasedLease(now) }).execute();
          return { outcome: 'superseded' as const };
        }
        if (row.generation > claim.generation) {
          // The failed write is already out of date: the newer one goes next, counted afresh.
          await update.set({ attempts: 0, run_after: now + (failure.retryAfterMs ?? 0), last_error: failure.message, ...releasedLease(now) }).execute();
          return { outcome: 'newer_pending' as const };
        }
        const attempts = row.attempts + 1;
        if (PERMANENT.has(failure.kind) || attempts >= policy.maxAttempts) {
          const reason = PERMANENT.has(failure.kind)
            ? `${failure.kind}: ${failure.message}`
            : `gave up after ${attempts} attempts; last error (${failure.kind}): ${failure.message}`;
          await update.set({ status: 'dead', status_reason: reason, attempts, last_error: failure.message, ...releasedLease(now) }).execute();
          return { outcome: 'dead' as const, reason };
        }
        const runAfter = now + Math.max(backoffDelay(attempts, policy, random), failure.retryAfterMs ?? 0);
        await update.set({ attempts, run_after: runAfter, last_error: failure.message, ...releasedLease(now) }).execute();
        return { outcome: 'retry' as const, runAfter, attempts };
      });
    },

    supersede: (key, reason, olderThan) => supersedeIntent(db, key, reason, olderThan, clock.now()),

    async releaseLeases(owner) {
      const result = await db.updateTable('sync_intent').set(releasedLease(clock.now())).where('lease_owner', '=', owner).executeTakeFirst();
      return Number(result.numUpdatedRows);
    },

    async setServeKey(key, serveKey) {
      const result = await byKey(db.updateTable('sync_intent'), key).set({ serve_key: serveKey, updated_at: clock.now() }).executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    async get(key) {
      const row = await byKey(db.selectFrom('sync_intent').selectAll(), key).executeTakeFirst();
      return row ? toIntent(row) : undefined;
    },

    async list(tenantId, filter = {}) {
      let q = db.selectFrom('sync_intent').selectAll().where('tenant_id', '=', tenantId);
      if (filter.status) q = q.where('status', '=', filter.status);
      if (filter.agentId) q = q.where('agent_id', '=', filter.agentId);
      return (await q.orderBy('agent_id').orderBy('target').execute()).map(toIntent);
    },
  };
}

const SIDE_NAMES: Readonly<Record<Side, string>> = { cxone: 'CXone', salesforce: 'Salesforce' };

/**
 * The audit row of a write the platform acknowledged: which intent generation reached it, and the
 * change whose decision asked for it (`sourceEvent`, the decision's `details.dedup` as source:key),
 * so that one change reads as one decision and one dispatch however often it was reported.
 */
export function acknowledgement(claim: ClaimedIntent, completion: CompleteOutcome): AuditEntryInput {
  const side = SIDE_NAMES[claim.target];
  const after = completion === 'completed' ? '' : completion === 'newer_pending' ? ' A newer write for this agent follows it.' : completion === 'superseded' ? ' A newer change had made it obsolete meanwhile.' : ' Another hub instance had taken the write over meanwhile.';
  return {
    tenantId: claim.tenantId,
    agentId: claim.agentId,
    kind: 'dispatch',
    outcome: 'applied',
    reason: completion,
    explanation: `${side} acknowledged the hub's write of ${claim.desired.stateKey} (generation ${claim.generation}, attempt ${claim.attempts + 1}).${after}`,
    details: {
      target: claim.target,
      generation: claim.generation,
      stateKey: claim.desired.stateKey,
      sourceAt: claim.sourceAt,
      ...(claim.sourceEvent ? { decision: claim.sourceEvent } : {}),
      attempts: claim.attempts + 1,
    },
  };
}

/** Keeps the newest intent by source time (or the one decided last, see `decidedInOrder`); a replacement bumps the generation and is due at once. */
export async function upsertIntent(db: Kysely<DB>, intent: IntentUpsert, now: number): Promise<UpsertOutcome> {
  if (intent.samePending) {
    // On PostgreSQL the pending write may have completed since the caller read it: it has just been made, not to be made again.
    // A Salesforce one's console has just asked for it: no waiting out a "no console" pause (a
    // completed row is never claimed, so its run_after does not matter).
    const kept = await byKey(db.updateTable('sync_intent'), intent)
      .set({ updated_at: now, ...(intent.target === 'salesforce' ? { run_after: now } : {}) })
      .where('status', 'in', ['pending', 'completed'])
      .where('state_key', '=', intent.desired.stateKey)
      .returning('generation')
      .executeTakeFirst();
    if (kept) return { outcome: 'unchanged', generation: kept.generation };
  }
  const desired = toJson(intent.desired);
  const fresh = {
    desired,
    state_key: intent.desired.stateKey,
    source_event: intent.sourceEvent ?? null,
    source_at: intent.sourceAt,
    status: 'pending',
    status_reason: null,
    attempts: 0,
    run_after: now,
    last_error: null,
    updated_at: now,
  };
  const row = await db
    .insertInto('sync_intent')
    .values({
      ...fresh,
      tenant_id: intent.tenantId,
      agent_id: intent.agentId,
      target: intent.target,
      generation: 1,
      applied_generation: 0,
      lease_owner: null,
      lease_token: null,
      lease_until: null,
      serve_key: intent.serveKey ?? null,
      created_at: now,
    })
    .onConflict((oc) => {
      const update = oc
        .columns(['tenant_id', 'agent_id', 'target'])
        .doUpdateSet((eb) => ({
          ...fresh,
          generation: eb('sync_intent.generation', '+', 1),
          ...(intent.serveKey !== undefined ? { serve_key: intent.serveKey } : {}),
        }));
      return intent.decidedInOrder ? update : update.where('sync_intent.source_at', '<', intent.sourceAt);
    })
    .returning('generation')
    .executeTakeFirst();
  if (row) return { outcome: row.generation === 1 ? 'inserted' : 'replaced', generation: row.generation };
  const held = await byKey(db.selectFrom('sync_intent').select('generation'), intent).executeTakeFirstOrThrow();
  return { outcome: 'kept_newer', generation: held.generation };
}

export async function supersedeIntent(db: Kysely<DB>, key: IntentKey, reason: string, olderThan: number | undefined, now: number): Promise<boolean> {
  let q = byKey(db.updateTable('sync_intent'), key).set({ status: 'superseded', status_reason: reason, updated_at: now }).where('status', '=', 'pending');
  if (olderThan !== undefined) q = q.where('source_at', '<', olderThan);
  const result = await q.executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Makes a pending intent due now (its console has just connected: no waiting out a "no console" pause). */
export async function resumeIntent(db: Kysely<DB>, key: IntentKey, now: number): Promise<void> {
  await byKey(db.updateTable('sync_intent'), key).set({ run_after: now, updated_at: now }).where('status', '=', 'pending').where('run_after', '>', now).execute();
}

/** Source times and state keys of the agent's pending intents, by target side. */
export async function readPending(db: Kysely<DB>, tenantId: string, agentId: string): Promise<Pick<AgentFacts, 'pending' | 'pendingStateKeys'>> {
  const rows = await db.selectFrom('sync_intent').select(['target', 'source_at', 'state_key']).where('tenant_id', '=', tenantId).where('agent_id', '=', agentId).where('status', '=', 'pending').execute();
  const pending: { cxone?: number; salesforce?: number } = {};
  const pendingStateKeys: { cxone?: string; salesforce?: string } = {};
  for (const r of rows) {
    pending[r.target as Side] = r.source_at;
    pendingStateKeys[r.target as Side] = r.state_key;
  }
  return { pending, pendingStateKeys };
}

const nothing = sql<boolean>`1 = 0`;

const compareKeys = (a: IntentKey, b: IntentKey): number =>
  a.tenantId < b.tenantId ? -1 : a.tenantId > b.tenantId ? 1 : a.agentId < b.agentId ? -1 : a.agentId > b.agentId ? 1 : a.target < b.target ? -1 : a.target > b.target ? 1 : 0;

/**
 * PostgreSQL: the claimed intents whose agent no ingest holds now (the same advisory lock, tried,
 * never waited for); the others are released again for the next claim. Their echoes can then be
 * written without waiting on an ingest that waits on this claim's rows.
 */
async function keepUnlocked(trx: Kysely<DB>, rows: Selectable<SyncIntentTable>[], now: number): Promise<Selectable<SyncIntentTable>[]> {
  const keys = [...new Set(rows.map((r) => JSON.stringify([r.tenant_id, r.agent_id])))].sort();
  const locked = await sql<{ k: string; ok: boolean }>`select x as k, pg_try_advisory_xact_lock(hashtextextended(x, 0)) as ok from unnest(${keys}::text[]) with ordinality as u(x, n) order by n`.execute(trx);
  const free = new Set(locked.rows.filter((r) => r.ok).map((r) => r.k));
  const busy = rows.filter((r) => !free.has(JSON.stringify([r.tenant_id, r.agent_id])));
  if (busy.length > 0) {
    await trx
      .updateTable('sync_intent')
      .set(releasedLease(now))
      .where((eb) => eb(eb.refTuple('tenant_id', 'agent_id', 'target'), 'in', busy.map((r) => eb.tuple(r.tenant_id, r.agent_id, r.target))))
      .execute();
  }
  return rows.filter((r) => free.has(JSON.stringify([r.tenant_id, r.agent_id])));
}

const releasedLease = (now: number) => ({ lease_owner: null, lease_token: null, lease_until: null, updated_at: now });

type KeyFilterable<Q> = { where(column: 'tenant_id' | 'agent_id' | 'target', op: '=', value: string): Q };
function byKey<Q extends KeyFilterable<Q>>(q: Q, key: IntentKey): Q {
  return q.where('tenant_id', '=', key.tenantId).where('agent_id', '=', key.agentId).where('target', '=', key.target);
}

function toIntent(row: Selectable<SyncIntentTable>): Intent & { leaseToken: string | null } {
  return {
    tenantId: row.tenant_id,
    agentId: row.agent_id,
    target: row.target as Side,
    desired: fromJson<WriteIntent>(row.desired),
    sourceEvent: row.source_event,
    sourceAt: row.source_at,
    generation: row.generation,
    appliedGeneration: row.applied_generation,
    status: row.status as IntentStatus,
    statusReason: row.status_reason,
    attempts: row.attempts,
    runAfter: row.run_after,
    leaseOwner: row.lease_owner,
    leaseToken: row.lease_token,
    leaseUntil: row.lease_until,
    serveKey: row.serve_key,
    lastError: row.last_error,
  };
}
