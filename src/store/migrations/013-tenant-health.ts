import { sql, type Kysely, type Migration } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run against the schema of their day, not today's types */
type Db = Kysely<any>;

/** Who may already read the audit may read the health page; who manages the adapters, the alerts. */
const GRANTS: readonly (readonly [string, string])[] = [
  ['audit_view', 'health_view'],
  ['adapter_admin', 'alert_admin'],
];

/**
 * Tenant health: the problems the hub finds (open ones and their history), the conditions it has
 * been watching (since when an agent has had no console, say), when each tenant was last looked at,
 * the credential expiry dates an administrator gave, and the alert channels with their deliveries.
 * Console users and API tokens that hold a related permission get the two new ones.
 */
export const tenantHealth: Migration = {
  async up(db: Db) {
    const tenantRef = (c: any) => c.notNull().references('tenant.id').onDelete('cascade');
    await db.schema
      .createTable('health_problem')
      .addColumn('tenant_id', 'text', tenantRef)
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('code', 'text', (c) => c.notNull())
      .addColumn('severity', 'text', (c) => c.notNull())
      .addColumn('affected', 'text', (c) => c.notNull())
      .addColumn('params', 'text', (c) => c.notNull())
      .addColumn('opened_at', 'bigint', (c) => c.notNull())
      .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
      .addColumn('cleared_at', 'bigint')
      .addPrimaryKeyConstraint('health_problem_pk', ['tenant_id', 'id'])
      .execute();
    // At most one open problem per check and tenant: two instances opening it at once cannot both win.
    await db.schema.createIndex('health_problem_open').on('health_problem').columns(['tenant_id', 'code']).unique().where(sql.ref('cleared_at'), 'is', null).execute();
    await db.schema.createIndex('health_problem_cleared').on('health_problem').columns(['tenant_id', 'cleared_at']).execute();
    await db.schema
      .createTable('health_condition')
      .addColumn('tenant_id', 'text', tenantRef)
      .addColumn('code', 'text', (c) => c.notNull())
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('since', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('health_condition_pk', ['tenant_id', 'code', 'subject'])
      .execute();
    await db.schema
      .createTable('health_evaluation')
      .addColumn('tenant_id', 'text', (c) => c.primaryKey().references('tenant.id').onDelete('cascade'))
      .addColumn('evaluated_at', 'bigint', (c) => c.notNull())
      .addColumn('instance_id', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('health_credential')
      .addColumn('tenant_id', 'text', tenantRef)
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addColumn('detail', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('health_credential_pk', ['tenant_id', 'kind'])
      .execute();
    await db.schema
      .createTable('alert_channel')
      .addColumn('tenant_id', 'text', tenantRef)
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('enabled', 'integer', (c) => c.notNull())
      .addColumn('min_severity', 'text', (c) => c.notNull())
      .addColumn('language', 'text', (c) => c.notNull())
      .addColumn('settings', 'text', (c) => c.notNull())
      .addColumn('url_hint', 'text')
      .addColumn('url', 'text')
      .addColumn('signing_secret', 'text')
      .addColumn('smtp_password', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('alert_channel_pk', ['tenant_id', 'id'])
      .execute();
    await db.schema
      .createTable('alert_delivery')
      .addColumn('tenant_id', 'text', tenantRef)
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('channel_id', 'text', (c) => c.notNull())
      .addColumn('event', 'text', (c) => c.notNull())
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
      .addColumn('sent_at', 'bigint')
      .addColumn('last_error', 'text')
      .addPrimaryKeyConstraint('alert_delivery_pk', ['tenant_id', 'id'])
      .execute();
    await db.schema.createIndex('alert_delivery_due').on('alert_delivery').columns(['status', 'next_attempt_at']).execute();
    await db.schema.createIndex('alert_delivery_channel').on('alert_delivery').columns(['tenant_id', 'channel_id', 'created_at']).execute();

    for (const table of ['api_user', 'api_token']) {
      const rows = await db.selectFrom(table).select(['id', 'permissions']).execute();
      for (const row of rows as { id: string; permissions: string }[]) {
        const held = JSON.parse(row.permissions) as string[];
        const added = GRANTS.filter(([has, gets]) => held.includes(has) && !held.includes(gets)).map(([, gets]) => gets);
        if (added.length > 0) await db.updateTable(table).set({ permissions: JSON.stringify([...held, ...added]) }).where('id', '=', row.id).execute();
      }
    }
  },
  async down(db: Db) {
    for (const table of ['alert_delivery', 'alert_channel', 'health_credential', 'health_evaluation', 'health_condition', 'health_problem']) await db.schema.dropTable(table).execute();
  },
};
