import { sql, type Kysely } from 'kysely';
import type { Decision, SalesforceStatus, Side, UnavailableCode } from '../domain/index.ts';
import { appendAudit } from './audit.ts';
import { ConfigCache, type ConfigView } from './config-cache.ts';
import type { Clock } from './clock.ts';
import { toAcdUser } from './cxone-directory.ts';
import { writeTransaction, type Database } from './database.ts';
import { readPending, supersedeIntent, upsertIntent } from './mailbox.ts';
import type { AgentFacts, AgentLink, FeatureSwitches, Ingest, IngestRequest, IngestResult, LinkMatch, SalesforceUser } from './ports.ts';
import { readRulesForAgent } from './presence-rules.ts';
import { readAllowedStatusIds, readStatuses, toSalesforceUser } from './salesforce-directory.ts';
import type { DB } from './schema.ts';
import { deleteEcho, readExpectedEchoes, readHistory, readObserved, writeCheckpoint, writeHistory, writeObserved } from './sync-state.ts';
import { readTenantSwitches } from './tenants.ts';

/**
 * The one ingest transaction (design §1, architecture §2.4): dedup, context, decide, then every
 * consequence of the decision, all or nothing. The store holds no rule logic: `buildContext` and
 * `decide` come from the engine.
 */
export function createIngest(database: Database, clock: Clock): Ingest {
  const cache = new ConfigCache();
  return {
    async ingest(request) {
      const now = clock.now();
      return writeTransaction(database, async (trx) => {
        const { tenantId, event } = request;
        const config = await cache.open(trx);
        const switches = await config.get(`switches\u0000${tenantId}`, () => readTenantSwitches(trx, tenantId));
        if (database.dialect === 'postgres') {
          // Two instances ingesting for one agent take turns, so each reads what the other wrote.
          await sql`select pg_advisory_xact_lock(hashtextextended(${JSON.stringify([tenantId, event.agentId])}, 0))`.execute(trx);
        }
        const inserted = await trx
          .insertInto('inbound_event')
          .values({ tenant_id: tenantId, source: request.dedup.source, event_key: request.dedup.key, received_at: now })
          .onConflict((oc) => oc.columns(['tenant_id', 'source', 'event_key']).doNothing())
          .returning('event_key')
          .executeTakeFirst();
        if (!inserted) return { status: 'duplicate' } as const;

        const facts = await readFacts(trx, config, tenantId, event.agentId, switches, now);
        const decision = request.decide(event, request.buildContext(facts));
        return applyDecision(trx, request, decision, facts, now);
      });
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

async function applyDecision(trx: Kysely<DB>, request: IngestRequest, decision: Decision, facts: AgentFacts, now: number): Promise<IngestResult> {
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

  const audit = await appendAudit(trx, {
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

  if (request.checkpoint) await writeCheckpoint(trx, tenantId, request.checkpoint.source, request.checkpoint.position, now);
  return { status: 'applied', decision, auditId: audit.id, ...(intent ? { intent } : {}), ...(superseded ? { superseded } : {}) };
}
