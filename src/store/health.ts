import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { Clock } from './clock.ts';
import { writeTransaction, type Database } from './database.ts';
import type { HealthProblemTable } from './health-schema.ts';
import type { HealthProblem, HealthRepository, HealthSeverity, HealthTransition } from './health-ports.ts';
import { fromFlag, fromJson, toJson } from './json.ts';
import type { DB } from './schema.ts';

const SEVERITY_RANK: Readonly<Record<HealthSeverity, number>> = { warning: 1, critical: 2 };

export function toProblem(row: Selectable<HealthProblemTable>): HealthProblem {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    code: row.code,
    severity: row.severity as HealthSeverity,
    affected: fromJson(row.affected),
    params: fromJson(row.params),
    openedAt: Number(row.opened_at),
    lastSeenAt: Number(row.last_seen_at),
    clearedAt: row.cleared_at === null ? null : Number(row.cleared_at),
  };
}

/** Queues a delivery of the transition for every enabled channel of the tenant that wants its severity. */
async function queueDeliveries(trx: Kysely<DB>, transition: HealthTransition, now: number): Promise<void> {
  const { problem } = transition;
  const channels = await trx.selectFrom('alert_channel').select(['id', 'enabled', 'min_severity']).where('tenant_id', '=', problem.tenantId).execute();
  for (const channel of channels) {
    if (!fromFlag(channel.enabled) || SEVERITY_RANK[problem.severity] < SEVERITY_RANK[channel.min_severity as HealthSeverity]) continue;
    await trx
      .insertInto('alert_delivery')
      .values({ tenant_id: problem.tenantId, id: randomUUID(), channel_id: channel.id, event: transition.kind, payload: toJson(problem), status: 'pending', attempts: 0, created_at: now, next_attempt_at: now, sent_at: null, last_error: null })
      .execute();
  }
}

export function createHealthRepository(database: Database, clock: Clock): HealthRepository {
  const { db } = database;
  return {
    async apply(tenantId, findings, { now, clearAfterMs, instanceId }) {
      return writeTransaction(database, async (trx) => {
        const transitions: HealthTransition[] = [];
        const open = new Map((await trx.selectFrom('health_problem').selectAll().where('tenant_id', '=', tenantId).where('cleared_at', 'is', null).execute()).map((r) => [r.code, r]));
        for (const finding of findings) {
          const row = open.get(finding.code);
          if (row) {
            await trx.updateTable('health_problem').set({ severity: finding.severity, affected: toJson(finding.affected), params: toJson(finding.params), last_seen_at: now }).where('tenant_id', '=', tenantId).where('id', '=', row.id).execute();
            continue;
          }
          const problem: HealthProblem = { ...finding, id: randomUUID(), tenantId, openedAt: now, lastSeenAt: now, clearedAt: null };
          // Another instance may have opened it a moment ago: the open-problem index keeps one, and this one changes nothing.
          const inserted = await trx
            .insertInto('health_problem')
            .values({ tenant_id: tenantId, id: problem.id, code: finding.code, severity: finding.severity, affected: toJson(finding.affected), params: toJson(finding.params), opened_at: now, last_seen_at: now, cleared_at: null })
            .onConflict((oc) => oc.columns(['tenant_id', 'code']).where('cleared_at', 'is', null).doNothing())
            .executeTakeFirst();
          if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) > 0) transitions.push({ kind: 'opened', problem });
        }
        const found = new Set(findings.map((f) => f.code));
        for (const row of open.values()) {
          if (found.has(row.code) || now - Number(row.last_seen_at) < clearAfterMs) continue;
          const cleared = await trx.updateTable('health_problem').set({ cleared_at: now }).where('tenant_id', '=', tenantId).where('id', '=', row.id).where('cleared_at', 'is', null).executeTakeFirst();
          if (Number(cleared.numUpdatedRows) > 0) transitions.push({ kind: 'cleared', problem: { ...toProblem(row), clearedAt: now } });
        }
        for (const transition of transitions) await queueDeliveries(trx, transition, now);
        await trx
          .insertInto('health_evaluation')
          .values({ tenant_id: tenantId, evaluated_at: now, instance_id: instanceId })
          .onConflict((oc) => oc.column('tenant_id').doUpdateSet({ evaluated_at: now, instance_id: instanceId }))
          .execute();
        return transitions;
      });
    },

    async open(tenantId) {
      const rows = await db.selectFrom('health_problem').selectAll().where('tenant_id', '=', tenantId).where('cleared_at', 'is', null).orderBy('opened_at', 'desc').execute();
      return rows.map(toProblem);
    },

    async openEverywhere() {
      return (await db.selectFrom('health_problem').selectAll().where('cleared_at', 'is', null).execute()).map(toProblem);
    },

    async history(tenantId, limit) {
      const rows = await db.selectFrom('health_problem').selectAll().where('tenant_id', '=', tenantId).where('cleared_at', 'is not', null).orderBy('cleared_at', 'desc').limit(limit).execute();
      return rows.map(toProblem);
    },

    async lastEvaluation(tenantId) {
      const row = await db.selectFrom('health_evaluation').selectAll().where('tenant_id', '=', tenantId).executeTakeFirst();
      return row ? { at: Number(row.evaluated_at), instanceId: row.instance_id } : undefined;
    },

    async conditions(tenantId, code) {
      const rows = await db.selectFrom('health_condition').select(['subject', 'since']).where('tenant_id', '=', tenantId).where('code', '=', code).execute();
      return new Map(rows.map((r) => [r.subject, Number(r.since)]));
    },

    async setConditions(tenantId, code, subjects, now) {
      const wanted = new Set(subjects);
      return writeTransaction(database, async (trx) => {
        const held = new Map((await trx.selectFrom('health_condition').select(['subject', 'since']).where('tenant_id', '=', tenantId).where('code', '=', code).execute()).map((r) => [r.subject, Number(r.since)]));
        const gone = [...held.keys()].filter((s) => !wanted.has(s));
        for (let i = 0; i < gone.length; i += 500) await trx.deleteFrom('health_condition').where('tenant_id', '=', tenantId).where('code', '=', code).where('subject', 'in', gone.slice(i, i + 500)).execute();
        const fresh = [...wanted].filter((s) => !held.has(s)).map((subject) => ({ tenant_id: tenantId, code, subject, since: now }));
        for (let i = 0; i < fresh.length; i += 500) await trx.insertInto('health_condition').values(fresh.slice(i, i + 500)).onConflict((oc) => oc.doNothing()).execute();
        return new Map([...wanted].map((s) => [s, held.get(s) ?? now]));
      });
    },

    async credentials(tenantId) {
      const rows = await db.selectFrom('health_credential').selectAll().where('tenant_id', '=', tenantId).orderBy('kind').execute();
      return rows.map((r) => ({ kind: r.kind as 'jwt_certificate' | 'refresh_token', expiresAt: Number(r.expires_at), detail: fromJson(r.detail), updatedAt: Number(r.updated_at) }));
    },

    async setCredential(tenantId, credential) {
      if ('remove' in credential) {
        await db.deleteFrom('health_credential').where('tenant_id', '=', tenantId).where('kind', '=', credential.kind).execute();
        return;
      }
      const now = clock.now();
      const values = { expires_at: credential.expiresAt, detail: toJson(credential.detail), updated_at: now };
      await db
        .insertInto('health_credential')
        .values({ tenant_id: tenantId, kind: credential.kind, ...values })
        .onConflict((oc) => oc.columns(['tenant_id', 'kind']).doUpdateSet(values))
        .execute();
    },

    async agentsWithoutConsole(tenantId) {
      const rows = await db
        .selectFrom('agent_observed as o')
        .innerJoin('agent_link as l', (j) => j.onRef('l.tenant_id', '=', 'o.tenant_id').onRef('l.acd_user_id', '=', 'o.agent_id'))
        .leftJoin('console_session as c', (j) => j.onRef('c.tenant_id', '=', 'o.tenant_id').onRef('c.agent_id', '=', 'o.agent_id'))
        .select('o.agent_id')
        .where('o.tenant_id', '=', tenantId)
        .where('o.side', '=', 'cxone')
        .where('o.state_key', '<>', 'LoggedOut')
        .where('c.agent_id', 'is', null)
        .execute();
      return rows.map((r) => r.agent_id);
    },

    async deadLetters(tenantId, since, limit) {
      const base = db.selectFrom('sync_intent').where('tenant_id', '=', tenantId).where('status', '=', 'dead').where('updated_at', '>=', since);
      const [count, recent] = await Promise.all([
        base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
        base.select(['agent_id', 'target', 'status_reason', 'updated_at']).orderBy('updated_at', 'desc').limit(limit).execute(),
      ]);
      return { count: Number(count?.n ?? 0), recent: recent.map((r) => ({ agentId: r.agent_id, target: r.target, reason: r.status_reason, at: Number(r.updated_at) })) };
    },

    async prune(olderThan) {
      const problems = await db.deleteFrom('health_problem').where('cleared_at', '<', olderThan).executeTakeFirst();
      const deliveries = await db.deleteFrom('alert_delivery').where('status', '<>', 'pending').where('created_at', '<', olderThan).executeTakeFirst();
      return Number(problems.numDeletedRows) + Number(deliveries.numDeletedRows);
    },
  };
}
