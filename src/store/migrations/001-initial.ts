import { sql, type Kysely, type Migration } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run against the schema of their day, not today's types */
type Db = Kysely<any>;

/** The first schema: one definition for SQLite and PostgreSQL (bigint epoch ms, JSON as text, integer booleans). */
export const initialSchema: Migration = {
  async up(db: Db) {
    await db.schema
      .createTable('tenant')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();

    await tenantTable(db, 'feature_switch', ['name'])
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('enabled', 'integer', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('account_mapping')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenant.id').onDelete('cascade'))
      .addColumn('access_key_user', 'text', (c) => c.notNull())
      .addColumn('platform', 'text', (c) => c.notNull())
      .addColumn('environment_name', 'text', (c) => c.notNull())
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('auth_flow', 'text', (c) => c.notNull())
      .addColumn('login_url', 'text', (c) => c.notNull())
      .addColumn('instance_url', 'text')
      .addColumn('sf_client_id', 'text')
      .addColumn('sf_username', 'text')
      .addColumn('cxone_access_key_id', 'text')
      .addColumn('cxone_access_key_secret', 'text')
      .addColumn('sf_client_secret', 'text')
      .addColumn('sf_private_key', 'text')
      .addColumn('sf_refresh_token', 'text')
      .addColumn('sf_password', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('status_detail', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('account_mapping_tenant').on('account_mapping').column('tenant_id').execute();

    await tenantTable(db, 'acd_user', ['id'])
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('first_name', 'text', (c) => c.notNull())
      .addColumn('last_name', 'text', (c) => c.notNull())
      .addColumn('email', 'text')
      .addColumn('username', 'text')
      .addColumn('federation_id', 'text')
      .addColumn('team_id', 'text')
      .addColumn('active', 'integer', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();

    for (const table of ['acd_team', 'unavailable_code']) {
      await tenantTable(db, table, ['id'])
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('active', 'integer', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
    }

    await tenantTable(db, 'team_code', ['team_id', 'code_id'])
      .addColumn('team_id', 'text', (c) => c.notNull())
      .addColumn('code_id', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();

    await tenantTable(db, 'sf_user', ['id'])
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('username', 'text', (c) => c.notNull())
      .addColumn('email', 'text')
      .addColumn('federation_id', 'text')
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('profile_id', 'text')
      .addColumn('permission_set_ids', 'text', (c) => c.notNull())
      .addColumn('active', 'integer', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();

    await tenantTable(db, 'sf_status', ['id'])
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('label', 'text', (c) => c.notNull())
      .addColumn('developer_name', 'text', (c) => c.notNull())
      .addColumn('availability', 'text', (c) => c.notNull())
      .addColumn('channels', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();

    await tenantTable(db, 'sf_status_access', ['status_id', 'parent_id'])
      .addColumn('status_id', 'text', (c) => c.notNull())
      .addColumn('parent_id', 'text', (c) => c.notNull())
      .addColumn('parent_kind', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();

    await tenantTable(db, 'agent_link', ['acd_user_id'])
      .addColumn('acd_user_id', 'text', (c) => c.notNull())
      .addColumn('sf_user_id', 'text', (c) => c.notNull())
      .addColumn('matched_by', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addUniqueConstraint('agent_link_sf_user', ['tenant_id', 'sf_user_id'])
      .execute();

    await tenantTable(db, 'presence_rule', ['id'])
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('skip_code_validation', 'integer', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();

    await tenantTable(db, 'presence_rule_row', ['rule_id', 'direction', 'position'])
      .addColumn('rule_id', 'text', (c) => c.notNull())
      .addColumn('direction', 'text', (c) => c.notNull())
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addForeignKeyConstraint('presence_rule_row_rule', ['tenant_id', 'rule_id'], 'presence_rule', ['tenant_id', 'id'], (c) => c.onDelete('cascade'))
      .execute();

    // The primary key keeps each team and each user to one rule.
    await tenantTable(db, 'rule_assignment', ['kind', 'target_id'])
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('target_id', 'text', (c) => c.notNull())
      .addColumn('rule_id', 'text', (c) => c.notNull())
      .addForeignKeyConstraint('rule_assignment_rule', ['tenant_id', 'rule_id'], 'presence_rule', ['tenant_id', 'id'], (c) => c.onDelete('cascade'))
      .execute();
    await db.schema.createIndex('rule_assignment_by_rule').on('rule_assignment').columns(['tenant_id', 'rule_id']).execute();

    await tenantTable(db, 'agent_observed', ['agent_id', 'side'])
      .addColumn('agent_id', 'text', (c) => c.notNull())
      .addColumn('side', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('state_key', 'text', (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('origin', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();

    await tenantTable(db, 'agent_history', ['agent_id'])
      .addColumn('agent_id', 'text', (c) => c.notNull())
      .addColumn('entries', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();

    await tenantTable(db, 'inbound_event', ['source', 'event_key'])
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('event_key', 'text', (c) => c.notNull())
      .addColumn('received_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('inbound_event_received').on('inbound_event').column('received_at').execute();

    await tenantTable(db, 'expected_echo', ['agent_id', 'side', 'state_key'])
      .addColumn('agent_id', 'text', (c) => c.notNull())
      .addColumn('side', 'text', (c) => c.notNull())
      .addColumn('state_key', 'text', (c) => c.notNull())
      .addColumn('command_id', 'text')
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .execute();

    await tenantTable(db, 'source_checkpoint', ['source'])
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('position', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();

    await tenantTable(db, 'sync_intent', ['agent_id', 'target'])
      .addColumn('agent_id', 'text', (c) => c.notNull())
      .addColumn('target', 'text', (c) => c.notNull())
      .addColumn('desired', 'text', (c) => c.notNull())
      .addColumn('state_key', 'text', (c) => c.notNull())
      .addColumn('source_event', 'text')
      .addColumn('source_at', 'bigint', (c) => c.notNull())
      .addColumn('generation', 'bigint', (c) => c.notNull())
      .addColumn('applied_generation', 'bigint', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('status_reason', 'text')
      .addColumn('attempts', 'integer', (c) => c.notNull())
      .addColumn('run_after', 'bigint', (c) => c.notNull())
      .addColumn('lease_owner', 'text')
      .addColumn('lease_token', 'text')
      .addColumn('lease_until', 'bigint')
      .addColumn('serve_key', 'text')
      .addColumn('last_error', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('sync_intent_due')
      .on('sync_intent')
      .columns(['run_after'])
      .where(sql.ref('status'), '=', 'pending')
      .execute();

    await db.schema
      .createTable('audit')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('agent_id', 'text')
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('outcome', 'text', (c) => c.notNull())
      .addColumn('reason', 'text')
      .addColumn('explanation', 'text', (c) => c.notNull())
      .addColumn('rule_id', 'text')
      .addColumn('rule_version', 'integer')
      .addColumn('details', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('audit_tenant_at').on('audit').columns(['tenant_id', 'at', 'id']).execute();
    await db.schema.createIndex('audit_tenant_agent_at').on('audit').columns(['tenant_id', 'agent_id', 'at', 'id']).execute();
    await db.schema.createIndex('audit_at').on('audit').column('at').execute();
  },

  async down(db: Db) {
    const tables = [
      'audit', 'sync_intent', 'source_checkpoint', 'expected_echo', 'inbound_event', 'agent_history', 'agent_observed',
      'rule_assignment', 'presence_rule_row', 'presence_rule', 'agent_link', 'sf_status_access', 'sf_status', 'sf_user',
      'team_code', 'unavailable_code', 'acd_team', 'acd_user', 'account_mapping', 'feature_switch', 'tenant',
    ];
    for (const table of tables) await db.schema.dropTable(table).ifExists().execute();
  },
};

/** A table owned by a tenant: `tenant_id` first in its primary key, removed with the tenant. */
function tenantTable(db: Db, name: string, key: readonly string[]) {
  return db.schema
    .createTable(name)
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenant.id').onDelete('cascade'))
    .addPrimaryKeyConstraint(`${name}_pk`, ['tenant_id', ...key] as never);
}
