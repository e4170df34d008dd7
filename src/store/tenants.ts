import type { Kysely } from 'kysely';
import type { Clock } from './clock.ts';
import { writeTransaction, type Database } from './database.ts';
import { StoreError } from './errors.ts';
import { fromFlag, toFlag } from './json.ts';
import type { FeatureSwitches, Tenant, TenantRepository } from './ports.ts';
import type { DB } from './schema.ts';

const SWITCH_NAMES = { salesforceAdapter: 'salesforce_adapter', presenceSync: 'presence_sync' } as const;

export function createTenantRepository(database: Database, clock: Clock): TenantRepository {
  const { db } = database;

  async function get(tenantId: string): Promise<Tenant | undefined> {
    const row = await db.selectFrom('tenant').selectAll().where('id', '=', tenantId).executeTakeFirst();
    if (!row) return undefined;
    return { id: row.id, name: row.name, createdAt: row.created_at, updatedAt: row.updated_at, switches: await readSwitches(db, tenantId) };
  }

  return {
    async upsert({ id, name }) {
      const now = clock.now();
      await db
        .insertInto('tenant')
        .values({ id, name, created_at: now, updated_at: now })
        .onConflict((oc) => oc.column('id').doUpdateSet({ name, updated_at: now }))
        .execute();
      return (await get(id))!;
    },
    get,
    async list() {
      const rows = await db.selectFrom('tenant').select('id').orderBy('id').execute();
      const tenants = await Promise.all(rows.map((r) => get(r.id)));
      return tenants.filter((t): t is Tenant => t !== undefined);
    },
    async remove(tenantId) {
      const result = await db.deleteFrom('tenant').where('id', '=', tenantId).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
    async setSwitches(tenantId, change) {
      return writeTransaction(database, async (trx) => {
        const tenant = await trx.selectFrom('tenant').select('id').where('id', '=', tenantId).executeTakeFirst();
        if (!tenant) throw tenantNotFound(tenantId);
        const next = { ...(await readSwitches(trx, tenantId)), ...definedOnly(change) };
        if (next.presenceSync && !next.salesforceAdapter) {
          throw new StoreError(
            'PSYNC_PRESENCE_SYNC_NEEDS_ADAPTER',
            `Salesforce Presence Sync cannot be on while the Salesforce adapter is off for tenant '${tenantId}'. Switch the adapter on first, or switch presence sync off together with it.`,
            { tenantId, requested: next },
          );
        }
        const now = clock.now();
        for (const key of Object.keys(SWITCH_NAMES) as (keyof FeatureSwitches)[]) {
          await trx
            .insertInto('feature_switch')
            .values({ tenant_id: tenantId, name: SWITCH_NAMES[key], enabled: toFlag(next[key]), updated_at: now })
            .onConflict((oc) => oc.columns(['tenant_id', 'name']).doUpdateSet({ enabled: toFlag(next[key]), updated_at: now }))
            .execute();
        }
        return next;
      });
    },
  };
}

export async function readSwitches(db: Kysely<DB>, tenantId: string): Promise<FeatureSwitches> {
  const rows = await db.selectFrom('feature_switch').select(['name', 'enabled']).where('tenant_id', '=', tenantId).execute();
  const on = (name: string) => rows.some((r) => r.name === name && fromFlag(r.enabled));
  return { salesforceAdapter: on(SWITCH_NAMES.salesforceAdapter), presenceSync: on(SWITCH_NAMES.presenceSync) };
}

/** The tenant's switches in one query; PSYNC_TENANT_NOT_FOUND when there is no such tenant. */
export async function readTenantSwitches(db: Kysely<DB>, tenantId: string): Promise<FeatureSwitches> {
  const rows = await db
    .selectFrom('tenant')
    .leftJoin('feature_switch', 'feature_switch.tenant_id', 'tenant.id')
    .select(['feature_switch.name', 'feature_switch.enabled'])
    .where('tenant.id', '=', tenantId)
    .execute();
  if (rows.length === 0) throw tenantNotFound(tenantId);
  const on = (name: string) => rows.some((r) => r.name === name && r.enabled !== null && fromFlag(r.enabled));
  return { salesforceAdapter: on(SWITCH_NAMES.salesforceAdapter), presenceSync: on(SWITCH_NAMES.presenceSync) };
}

export const tenantNotFound = (tenantId: string) =>
  new StoreError('PSYNC_TENANT_NOT_FOUND', `There is no tenant '${tenantId}'. Create it first (presence-sync admin tenant create).`, { tenantId });

function definedOnly(change: Partial<FeatureSwitches>): Partial<FeatureSwitches> {
  const out: { -readonly [K in keyof FeatureSwitches]?: boolean } = {};
  if (change.salesforceAdapter !== undefined) out.salesforceAdapter = change.salesforceAdapter;
  if (change.presenceSync !== undefined) out.presenceSync = change.presenceSync;
  return out;
}
