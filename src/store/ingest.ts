import { sql, type Kysely } from 'kysely';
import type { Decision, SalesforceStatus, Side, UnavailableCode } from '../domain/index.ts';
import { auditRow } from './audit.ts';
import { ConfigCache, type ConfigView } from './config-cache.ts';
import type { Clock } from './clock.ts';
import { toAcdUser } from './cxone-directory.ts';
import { writeTransaction, type Database } from './database.ts';
import { readPending, resumeIntent, supersedeIntent, upsertIntent } from './mailbox.ts';
import type { AgentFacts, AgentLink, FeatureSwitches, Ingest, IngestRequest, IngestResult, LinkMatch, SalesforceUser } from './ports.ts';
import { readRulesForAgent } from './presence-rules.ts';
import { readAllowedStatusIds, readStatuses, toSalesforceUser } from './salesforce-directory.ts';
import { GroupCommit } from './group-commit.ts';
import type { AuditTable, DB } from './schema.ts';
import { deleteEcho, readExpectedEchoes, readHistory, readObserved, writeCheckpoint, writeHistory, writeObserved } from './sync-state.ts';
import { readTenantSwitches } from './tenants.ts';

/** Group commit of ingest (architecture §2.4): how long a change waits for company, how many share a transaction. */
export interface IngestBatchOptions {
  /** Longest the first change into an idle queue waits for others to share its commit (default 0: it starts at once). */
  readonly waitMs?: number;
  /** Changes per transaction at most (default 256); a larger `ingestAll` goes alone. */
  readonly maxBatch?: number;
}

export const DEFAULT_INGEST_MAX_BATCH = 256;

/**
 * Ingest (design §1, architecture §2.4): dedup, context, decide, then every consequence of the
 * decision, all or nothing. Changes that arrive together share one transaction (group commit): one
 * dedup insert for all of them, then each agent's changes decided in order by the engine's `decide`
 * (one at a time, each seeing what the one before wrote), the audit rows in one insert, the newest
 * checkpoint per source last. A shared transaction that fails is retried unit by unit, so one bad
 * change fails only its caller. The store holds no rule logic: `buildContext` and `decide` come
 * from the engine.
 */
export function createIngest(database: Database, clock: Clock, options: IngestBatchOptions = {}): Ingest {
  const cache = new ConfigCache();
  const group = new GroupCommit<readonly IngestRequest[], readonly IngestResult[]>(
    (units) => ingestUnits(database, cache, units, clock.now()),
    { waitMs: Math.max(0, options.waitMs ?? 0), maxItems: Math.max(1, options.maxBatch ?? DEFAULT_INGEST_MAX_BATCH), size: (unit) => unit.length },
  );
  // PostgreSQL: one batch is one connection's round trips one after the other, while single
  // changes run side by side on the pool; measured, the pool wins (docs/benchmarks.md#group-commit).
  const direct = database.dialect === 'postgres';
  const submit = (unit: readonly IngestRequest[]): Promise<readonly IngestResult[]> =>
    direct ? ingestUnits(database, cache, [unit], clock.now()).then((r) => r[0]!) : group.submit(unit);
  return {
    async ingest(request) {
      return (await submit([request]))[0]!;
    },

    async ingestAll(requests) {
      return requests.length === 0 ? [] : submit(requests);
    },

    async pruneDedupKeys(olderThan, batchSize = 1000) {
      let total = 0;
      for (;;) {
        const result = await database.db
          .deleteFrom('inbound_event')
          .where((eb) =>
            eb(eb.refTuple('tenant_id', 'source', 'event_key'), 'in',
              eb.selectFrom('inbound_event').select(['tenant_id', 'source', 'event_key']).where('received_at', '<', olderThan).limit(batchSize).$asTuple('tenant_id', 'source', 'event_key')),
          )
          .executeTakeFirst();
        const deleted = Number(result.numDeletedRows);
        total += deleted;
        if (deleted < batchSize) return total;
        await new Promise((resolve) => setImmediate(resolve));
      }
    },
  };
}

/** Rows per multi-row insert (SQLite allows 32,766 parameters, PostgreSQL 65,535). */
const ROWS_PER_INSERT = 500;

const dedupId = (tenantId: string, source: string, key: string): string => JSON.stringify([tenantId, source, key]);
const agentLockKey = (tenantId: string, agentId: string): string => JSON.stringify([tenantId, agentId]);

/** The units' changes in one transaction; results per unit, in order. */
async function ingestUnits(database: Database, cache: ConfigCache, units: readonly (readonly IngestRequest[])[], now: number): Promise<IngestResult[][]> {
  const requests = units.flat();
  return writeTransaction(database, async (trx) => {
    const config = await cache.open(trx);
    if (database.dialect === 'postgres') {
      // Two instances ingesting for one agent take turns, so each reads what the other wrote. All of
      // the batch's agents are locked up front, in one order, so two batches never wait on each other in a circle.
      const keys = [...new Set(requests.map((r) => agentLockKey(r.tenantId, r.event.agentId)))].sort();
      await sql`select count(pg_advisory_xact_lock(k)) from (select distinct hashtextextended(x, 0) as k from unnest(${keys}::text[]) as x order by 1) as s`.execute(trx);
    }
    const switches = new Map<string, FeatureSwitches>();
    for (const tenantId of new Set(requests.map((r) => r.tenantId))) switches.set(tenantId, await config.get(`switches\u0000${tenantId}`, () => readTenantSwitches(trx, tenantId)));
    const fresh = await insertDedupKeys(trx, requests, now);
    const audits: AuditTable[] = [];
    const checkpoints = new Map<string, { tenantId: string; source: string; position: string }>();
    const results = new Map<IngestRequest, IngestResult>();
    // Each agent's changes in arrival order; agents one after the other in key order (rows are locked in one order).
    for (const request of byAgent(requests)) {
      const { tenantId, event } = request;
      const id = dedupId(tenantId, request.dedup.source, request.dedup.key);
      if (!fresh.delete(id)) {
        results.set(request, { status: 'duplicate' });
        continue;
      }
      const facts = await readFacts(trx, config, tenantId, event.agentId, switches.get(tenantId)!, now);
      const decision = request.decide(event, request.buildContext(facts));
      results.set(request, await applyDecision(trx, request, decision, facts, now, audits));
    }
    for (let i = 0; i < audits.length; i += ROWS_PER_INSERT) await trx.insertInto('audit').values(audits.slice(i, i + ROWS_PER_INSERT)).execute();
    // The newest position per source, after everything it covers (arrival order: a page's last change carries it;
    // a duplicate's too, the source having moved past it).
    for (const request of requests) {
      if (request.checkpoint) {
        checkpoints.delete(`${request.tenantId}\u0000${request.checkpoint.source}`);
        checkpoints.set(`${request.tenantId}\u0000${request.checkpoint.source}`, { tenantId: request.tenantId, ...request.checkpoint });
      }
    }
    for (const c of checkpoints.values()) await writeCheckpoint(trx, c.tenantId, c.source, c.position, now);
    return units.map((unit) => unit.map((r) => results.get(r)!));
  });
}

/** One insert for the batch's dedup keys; returns the ones that were new (a key twice in the batch is new once). */
async function insertDedupKeys(trx: Kysely<DB>, requests: readonly IngestRequest[], now: number): Promise<Set<string>> {
  const fresh = new Set<string>();
  for (let i = 0; i < requests.length; i += ROWS_PER_INSERT) {
    const rows = requests.slice(i, i + ROWS_PER_INSERT).map((r) => ({ tenant_id: r.tenantId, source: r.dedup.source, event_key: r.dedup.key, received_at: now }));
    const inserted = await trx
      .insertInto('inbound_event')
      .values(rows)
      .onConflict((oc) => oc.columns(['tenant_id', 'source', 'event_key']).doNothing())
      .returning(['tenant_id', 'source', 'event_key'])
      .execute();
    for (const row of inserted) fresh.add(dedupId(row.tenant_id, row.source, row.event_key));
  }
  return fresh;
}

/** Grouped by agent (first seen first within an agent), agents in key order. */
function byAgent(requests: readonly IngestRequest[]): IngestRequest[] {
  if (requests.length === 1) return [...requests];
  const groups = new Map<string, IngestRequest[]>();
  for (const r of requests) {
    const key = agentLockKey(r.tenantId, r.event.agentId);
    const own = groups.get(key);
    if (own) own.push(r);
    else groups.set(key, [r]);
  }
  return [...groups.keys()].sort().flatMap((key) => groups.get(key)!);
}

/** The agent's configuration (kept between events while it does not change) and its sync state (read afresh). */
async function readFacts(trx: Kysely<DB>, config: ConfigView, tenantId: string, agentId: string, switches: FeatureSwitches, now: number): Promise<AgentFacts> {
  const agent = `${tenantId}\u0000${agentId}`;
  const { acdUser } = await config.get(`acd_user\u0000${agent}`, async () => {
    const row = await trx.selectFrom('acd_user').selectAll().where('tenant_id', '=', tenantId).where('id', '=', agentId).executeTakeFirst();
    return { acdUser: row ? toAcdUser(row) : undefined };
  });
  const { link, sfUser } = await config.get(`link\u0000${agent}`, () => readLink(trx, tenantId, agentId));
  const teamId = acdUser?.teamId ?? null;
  return {
    tenantId,
    agentId,
    now,
    switches,
    acdUser,
    link,
    sfUser,
    rules: await config.get(`rules\u0000${agent}\u0000${teamId ?? ''}`, () => readRulesForAgent(trx, tenantId, agentId, teamId)),
    teamCodes: teamId === null ? new Map() : await config.get(`team_codes\u0000${tenantId}\u0000${teamId}`, () => readTeamCodes(trx, tenantId, teamId)),
    statuses: await config.get(`statuses\u0000${tenantId}`, async () => new Map<string, SalesforceStatus>((await readStatuses(trx, tenantId)).map((s) => [s.id.toLowerCase(), s]))),
    allowedStatusIds: sfUser ? await config.get(`allowed\u0000${agent}`, () => readAllowedStatusIds(trx, tenantId, sfUser)) : undefined,
    observed: await readObserved(trx, tenantId, agentId),
    history: await readHistory(trx, tenantId, agentId),
    expectedEchoes: await readExpectedEchoes(trx, tenantId, agentId, now),
    ...(await readPending(trx, tenantId, agentId)),
  };
}

async function readLink(trx: Kysely<DB>, tenantId: string, agentId: string): Promise<{ link: AgentLink | undefined; sfUser: SalesforceUser | undefined }> {
  const linkRow = await trx
    .selectFrom('agent_link')
    .leftJoin('sf_user', (j) => j.onRef('sf_user.tenant_id', '=', 'agent_link.tenant_id').onRef('sf_user.id', '=', 'agent_link.sf_user_id'))
    .select([
      'agent_link.sf_user_id', 'agent_link.matched_by', 'sf_user.id as sf_id', 'sf_user.username', 'sf_user.email', 'sf_user.federation_id',
      'sf_user.name', 'sf_user.profile_id', 'sf_user.profile_name', 'sf_user.permission_set_ids', 'sf_user.active', 'sf_user.updated_at',
    ])
    .where('agent_link.tenant_id', '=', tenantId)
    .where('agent_link.acd_user_id', '=', agentId)
    .executeTakeFirst();
  const link: AgentLink | undefined = linkRow ? { acdUserId: agentId, sfUserId: linkRow.sf_user_id, matchedBy: linkRow.matched_by as LinkMatch } : undefined;
  const sfUser = linkRow?.sf_id
    ? toSalesforceUser({
        tenant_id: tenantId, id: linkRow.sf_id, username: linkRow.username!, email: linkRow.email, federation_id: linkRow.federation_id, name: linkRow.name!,
        profile_id: linkRow.profile_id, profile_name: linkRow.profile_name, permission_set_ids: linkRow.permission_set_ids!, active: linkRow.active!, updated_at: linkRow.updated_at!,
      })
    : undefined;
  return { link, sfUser };
}

async function readTeamCodes(trx: Kysely<DB>, tenantId: string, teamId: string): Promise<ReadonlyMap<string, UnavailableCode>> {
  const rows = await trx
    .selectFrom('team_code')
    .innerJoin('unavailable_code', (j) => j.onRef('unavailable_code.tenant_id', '=', 'team_code.tenant_id').onRef('unavailable_code.id', '=', 'team_code.code_id'))
    .select(['unavailable_code.id', 'unavailable_code.name'])
    .where('team_code.tenant_id', '=', tenantId)
    .where('team_code.team_id', '=', teamId)
    .execute();
  return new Map<string, UnavailableCode>(rows.map((c) => [c.id, { id: c.id, name: c.name }]));
}

async function applyDecision(trx: Kysely<DB>, request: IngestRequest, decision: Decision, facts: AgentFacts, now: number, audits: AuditTable[]): Promise<IngestResult> {
  const { tenantId, event } = request;
  const agentId = event.agentId;
  if (decision.observe) await writeObserved(trx, tenantId, event, now);
  if (decision.history) await writeHistory(trx, tenantId, agentId, decision.history, now);
  if (decision.echo) await deleteEcho(trx, tenantId, agentId, decision.echo);

  let superseded: Side | undefined;
  if (decision.supersedes) {
    const done = await supersedeIntent(trx, { tenantId, agentId, target: decision.supersedes }, decision.explanation, event.at, now);
    if (done) superseded = decision.supersedes;
  }
  if (decision.resumes) await resumeIntent(trx, { tenantId, agentId, target: decision.resumes }, now);
  let intent: Extract<IngestResult, { status: 'applied' }>['intent'];
  if (decision.write) {
    const write = decision.write;
    const upsert = await upsertIntent(trx, {
      tenantId,
      agentId,
      target: write.side,
      desired: write,
      sourceAt: decision.sourceAt ?? event.at,
      decidedInOrder: true,
      samePending: facts.pendingStateKeys?.[write.side] === write.stateKey,
      sourceEvent: `${request.dedup.source}:${request.dedup.key}`,
      ...(request.serveKey ? { serveKey: request.serveKey(write) } : {}),
    }, now);
    intent = { target: write.side, upsert };
  }

  const audit = auditRow({
    tenantId,
    agentId,
    kind: 'decision',
    outcome: decision.outcome,
    reason: decision.reason,
    explanation: decision.explanation,
    rule: decision.rule ? { id: decision.rule.id, version: decision.rule.version } : null,
    details: {
      event: { side: event.observation.side, observation: event.observation, at: event.at, origin: event.origin, ...(event.hubCommandId ? { hubCommandId: event.hubCommandId } : {}) },
      dedup: request.dedup,
      ...(decision.rule ? { rule: decision.rule } : {}),
      ...(decision.row ? { row: decision.row } : {}),
      ...(decision.write ? { write: decision.write, intent } : {}),
      ...(decision.blockers ? { blockers: decision.blockers } : {}),
      ...(superseded ? { superseded } : {}),
      latency: { sourceToIngestMs: now - event.at, receivedToIngestMs: now - (request.receivedAt ?? now) },
    },
  }, now);
  audits.push(audit);
  return { status: 'applied', decision, auditId: audit.id, ...(intent ? { intent } : {}), ...(superseded ? { superseded } : {}) };
}
