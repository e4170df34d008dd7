import type { Kysely } from 'kysely';
import type { PresenceRule, PublisherRow, SubscriberRow } from '../domain/index.ts';
import { appendAudit } from './audit.ts';
import type { Clock } from './clock.ts';
import { writeTransaction, type Database } from './database.ts';
import { StoreError } from './errors.ts';
import { fromFlag, fromJson, toFlag, toJson } from './json.ts';
import type { PresenceRuleRepository } from './ports.ts';
import type { DB, PresenceRuleTable } from './schema.ts';
import { tenantNotFound } from './tenants.ts';

export function createPresenceRuleRepository(database: Database, clock: Clock): PresenceRuleRepository {
  const { db } = database;

  return {
    async save(tenantId, rule, expectedVersion, audit) {
      const now = clock.now();
      return writeTransaction(database, async (trx) => {
        if (!(await trx.selectFrom('tenant').select('id').where('id', '=', tenantId).executeTakeFirst())) throw tenantNotFound(tenantId);
        const existing = await trx.selectFrom('presence_rule').select('version').where('tenant_id', '=', tenantId).where('id', '=', rule.id).executeTakeFirst();
        const current = existing?.version ?? 0;
        if (expectedVersion !== undefined && expectedVersion !== current) {
          throw new StoreError(
            'PSYNC_RULE_VERSION_CONFLICT',
            `Rule "${rule.name}" was saved by someone else meanwhile (it is at version ${current}, you edited version ${expectedVersion}). Reload it and apply your change again.`,
            { ruleId: rule.id, currentVersion: current, expectedVersion },
          );
        }
        const fields = { name: rule.name, skip_code_validation: toFlag(rule.skipUnavailableCodeValidation), version: current + 1, updated_at: now };
        if (existing) {
          await trx.updateTable('presence_rule').set(fields).where('tenant_id', '=', tenantId).where('id', '=', rule.id).execute();
          await trx.deleteFrom('presence_rule_row').where('tenant_id', '=', tenantId).where('rule_id', '=', rule.id).execute();
        } else {
          await trx.insertInto('presence_rule').values({ ...fields, tenant_id: tenantId, id: rule.id, created_at: now }).execute();
        }
        const rows = [
          ...rule.publisher.map((row, position) => ({ direction: 'publisher', position, body: toJson(row) })),
          ...rule.subscriber.map((row, position) => ({ direction: 'subscriber', position, body: toJson(row) })),
        ];
        if (rows.length > 0) await trx.insertInto('presence_rule_row').values(rows.map((r) => ({ ...r, tenant_id: tenantId, rule_id: rule.id }))).execute();
        const saved = (await readRule(trx, tenantId, rule.id))!;
        if (audit) await appendAudit(trx, audit(saved), now);
        return saved;
      });
    },
    get: (tenantId, ruleId) => readRule(db, tenantId, ruleId),
    async list(tenantId) {
      const rows = await db.selectFrom('presence_rule').selectAll().where('tenant_id', '=', tenantId).orderBy('id').execute();
      return hydrate(db, tenantId, rows);
    },
    async remove(tenantId, ruleId) {
      // Rows and assignments go with the rule (foreign keys cascade).
      const result = await db.deleteFrom('presence_rule').where('tenant_id', '=', tenantId).where('id', '=', ruleId).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
    async assign(tenantId, ruleId, assignments, options = {}) {
      const now = clock.now();
      return writeTransaction(database, async (trx) => {
        const rule = await trx.selectFrom('presence_rule').select(['version', 'name']).where('tenant_id', '=', tenantId).where('id', '=', ruleId).executeTakeFirst();
        if (!rule) throw new StoreError('PSYNC_RULE_NOT_FOUND', `Tenant '${tenantId}' has no presence rule '${ruleId}'.`, { tenantId, ruleId });
        const wanted = [
          ...[...new Set(assignments.teamIds)].map((id) => ({ kind: 'team', target_id: id })),
          ...[...new Set(assignments.userIds)].map((id) => ({ kind: 'user', target_id: id })),
        ];
        const taken = wanted.length === 0 ? [] : await trx
          .selectFrom('rule_assignment')
          .select(['kind', 'target_id', 'rule_id'])
          .where('tenant_id', '=', tenantId)
          .where('rule_id', '<>', ruleId)
          .where('target_id', 'in', wanted.map((w) => w.target_id))
          .execute();
        const conflicts = taken.filter((t) => wanted.some((w) => w.kind === t.kind && w.target_id === t.target_id));
        if (conflicts.length > 0 && !options.takeOver) {
          const named = conflicts.map((c) => `${c.kind} ${c.target_id} (rule ${c.rule_id})`).join(', ');
          throw new StoreError(
            'PSYNC_RULE_ASSIGNMENT_TAKEN',
            `Each team and user can follow only one rule, and these already follow another: ${named}. Unassign them there first, or confirm taking them over.`,
            { ruleId, conflicts: conflicts.map((c) => ({ kind: c.kind, id: c.target_id, ruleId: c.rule_id })) },
          );
        }
        for (const c of conflicts) {
          await trx.deleteFrom('rule_assignment').where('tenant_id', '=', tenantId).where('kind', '=', c.kind).where('target_id', '=', c.target_id).execute();
        }
        await trx.deleteFrom('rule_assignment').where('tenant_id', '=', tenantId).where('rule_id', '=', ruleId).execute();
        if (wanted.length > 0) await trx.insertInto('rule_assignment').values(wanted.map((w) => ({ ...w, tenant_id: tenantId, rule_id: ruleId }))).execute();
        await trx.updateTable('presence_rule').set({ version: rule.version + 1, updated_at: now }).where('tenant_id', '=', tenantId).where('id', '=', ruleId).execute();
        return (await readRule(trx, tenantId, ruleId))!;
      });
    },
    forAgent: (tenantId, userId, teamId) => readRulesForAgent(db, tenantId, userId, teamId),
  };
}

export async function readRulesForAgent(db: Kysely<DB>, tenantId: string, userId: string, teamId: string | null): Promise<readonly PresenceRule[]> {
  const rows = await db
    .selectFrom('presence_rule')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('rule_assignment')
        .select('rule_id')
        .where('tenant_id', '=', tenantId)
        .where((w) => w.or([w.and([w('kind', '=', 'user'), w('target_id', '=', userId)]), ...(teamId === null ? [] : [w.and([w('kind', '=', 'team'), w('target_id', '=', teamId)])])])),
    )
    .orderBy('id')
    .execute();
  return hydrate(db, tenantId, rows);
}

async function readRule(db: Kysely<DB>, tenantId: string, ruleId: string): Promise<PresenceRule | undefined> {
  const row = await db.selectFrom('presence_rule').selectAll().where('tenant_id', '=', tenantId).where('id', '=', ruleId).executeTakeFirst();
  return row ? (await hydrate(db, tenantId, [row]))[0] : undefined;
}

async function hydrate(db: Kysely<DB>, tenantId: string, rules: readonly PresenceRuleTable[]): Promise<PresenceRule[]> {
  if (rules.length === 0) return [];
  const ids = rules.map((r) => r.id);
  const rows = await db.selectFrom('presence_rule_row').selectAll().where('tenant_id', '=', tenantId).where('rule_id', 'in', ids).orderBy('position').execute();
  const assignments = await db.selectFrom('rule_assignment').selectAll().where('tenant_id', '=', tenantId).where('rule_id', 'in', ids).orderBy('target_id').execute();
  return rules.map((r) => ({
    id: r.id,
    name: r.name,
    version: r.version,
    skipUnavailableCodeValidation: fromFlag(r.skip_code_validation),
    publisher: rows.filter((x) => x.rule_id === r.id && x.direction === 'publisher').map((x) => fromJson<PublisherRow>(x.body)),
    subscriber: rows.filter((x) => x.rule_id === r.id && x.direction === 'subscriber').map((x) => fromJson<SubscriberRow>(x.body)),
    assignments: {
      teamIds: assignments.filter((a) => a.rule_id === r.id && a.kind === 'team').map((a) => a.target_id),
      userIds: assignments.filter((a) => a.rule_id === r.id && a.kind === 'user').map((a) => a.target_id),
    },
  }));
}
