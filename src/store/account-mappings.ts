import type { Selectable } from 'kysely';
import type { Clock } from './clock.ts';
import { writeTransaction, type Database } from './database.ts';
import { StoreError } from './errors.ts';
import {
  ACCOUNT_SECRET_FIELDS,
  type AccountMapping,
  type AccountMappingRepository,
  type AccountMappingStatus,
  type AccountSecretField,
  type AccountSecrets,
  type SalesforceAuthFlow,
  type SalesforcePlatform,
  type SecretAad,
  type SecretCipher,
} from './ports.ts';
import type { AccountMappingTable } from './schema.ts';

const TABLE = 'account_mapping';

type SecretColumn = 'cxone_access_key_secret' | 'cxone_client_secret' | 'sf_client_secret' | 'sf_private_key' | 'sf_refresh_token' | 'sf_password' | 'bridge_secret';

const COLUMN: Record<AccountSecretField, SecretColumn> = {
  cxoneAccessKeySecret: 'cxone_access_key_secret',
  cxoneClientSecret: 'cxone_client_secret',
  bridgeSecret: 'bridge_secret',
  sfClientSecret: 'sf_client_secret',
  sfPrivateKey: 'sf_private_key',
  sfRefreshToken: 'sf_refresh_token',
  sfPassword: 'sf_password',
};

const aadOf = (row: { tenant_id: string; id: string }, field: AccountSecretField): SecretAad => ({ tenantId: row.tenant_id, table: TABLE, recordId: row.id, field });

export function createAccountMappingRepository(database: Database, clock: Clock, cipher: SecretCipher): AccountMappingRepository {
  const { db } = database;

  async function get(tenantId: string, id: string): Promise<AccountMapping | undefined> {
    const row = await db.selectFrom(TABLE).selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
    return row ? toMapping(row) : undefined;
  }

  return {
    async save(mapping, secrets = {}) {
      const now = clock.now();
      const encrypted: Partial<Record<(typeof COLUMN)[AccountSecretField], string | null>> = {};
      for (const field of ACCOUNT_SECRET_FIELDS) {
        const value = secrets[field];
        if (value === undefined) continue;
        encrypted[COLUMN[field]] = value === null ? null : cipher.encrypt(value, aadOf({ tenant_id: mapping.tenantId, id: mapping.id }, field));
      }
      const plain = {
        access_key_user: mapping.accessKeyUser,
        platform: mapping.platform,
        environment_name: mapping.environmentName,
        org_id: mapping.orgId,
        auth_flow: mapping.authFlow,
        login_url: mapping.loginUrl,
        instance_url: mapping.instanceUrl ?? null,
        sf_client_id: mapping.sfClientId ?? null,
        sf_username: mapping.sfUsername ?? null,
        cxone_access_key_id: mapping.cxoneAccessKeyId ?? null,
        cxone_client_id: mapping.cxoneClientId ?? null,
        cxone_issuer: mapping.cxoneIssuer ?? null,
        cxone_tenant_id: mapping.cxoneTenantId ?? null,
        status: mapping.status,
        status_detail: mapping.statusDetail ?? null,
        updated_at: now,
      };
      await writeTransaction(database, async (trx) => {
        const existing = await trx.selectFrom(TABLE).select('tenant_id').where('id', '=', mapping.id).executeTakeFirst();
        if (existing && existing.tenant_id !== mapping.tenantId) {
          throw new StoreError('PSYNC_ACCOUNT_MAPPING_ID_TAKEN', `Account mapping id '${mapping.id}' belongs to another tenant; choose another id.`, { id: mapping.id });
        }
        if (existing) {
          await trx.updateTable(TABLE).set({ ...plain, ...encrypted }).where('id', '=', mapping.id).execute();
        } else {
          const empty = Object.fromEntries(Object.values(COLUMN).map((c) => [c, null]));
          await trx.insertInto(TABLE).values({ ...empty, ...plain, ...encrypted, id: mapping.id, tenant_id: mapping.tenantId, created_at: now } as never).execute();
        }
      });
      return (await get(mapping.tenantId, mapping.id))!;
    },
    get,
    async list(tenantId) {
      const rows = await db.selectFrom(TABLE).selectAll().where('tenant_id', '=', tenantId).orderBy('id').execute();
      return rows.map(toMapping);
    },
    async setStatus(tenantId, id, status, detail = null) {
      const result = await db.updateTable(TABLE).set({ status, status_detail: detail, updated_at: clock.now() }).where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) throw notFound(tenantId, id);
    },
    async setBridgeSecret(tenantId, id, secret) {
      const envelope = cipher.encrypt(secret, aadOf({ tenant_id: tenantId, id }, 'bridgeSecret'));
      const result = await db.updateTable(TABLE).set({ bridge_secret: envelope }).where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    async remove(tenantId, id) {
      const result = await db.deleteFrom(TABLE).where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
    async revealSecrets(tenantId, id) {
      const row = await db.selectFrom(TABLE).selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
      if (!row) throw notFound(tenantId, id);
      const out: { -readonly [K in keyof AccountSecrets]: string } = {};
      for (const field of ACCOUNT_SECRET_FIELDS) {
        const envelope = row[COLUMN[field]];
        if (envelope !== null) out[field] = cipher.decrypt(envelope, aadOf(row, field));
      }
      return out;
    },
    async reencryptAll(reencrypt) {
      return writeTransaction(database, async (trx) => {
        const rows = await trx.selectFrom(TABLE).selectAll().execute();
        let count = 0;
        for (const row of rows) {
          const change: Partial<Record<(typeof COLUMN)[AccountSecretField], string>> = {};
          for (const field of ACCOUNT_SECRET_FIELDS) {
            const envelope = row[COLUMN[field]];
            if (envelope === null) continue;
            change[COLUMN[field]] = reencrypt(envelope, aadOf(row, field));
            count++;
          }
          if (Object.keys(change).length > 0) await trx.updateTable(TABLE).set(change).where('id', '=', row.id).execute();
        }
        return count;
      });
    },
    async secretEnvelopes() {
      const rows = await db.selectFrom(TABLE).selectAll().orderBy('id').execute();
      return rows.flatMap((row) =>
        ACCOUNT_SECRET_FIELDS.flatMap((field) => {
          const envelope = row[COLUMN[field]];
          return envelope === null ? [] : [{ envelope, aad: aadOf(row, field) }];
        }),
      );
    },
    async replaceSecretEnvelope(aad, expected, next) {
      const field = ACCOUNT_SECRET_FIELDS.find((f) => f === aad.field);
      if (aad.table !== TABLE || !field) return false;
      const column = COLUMN[field];
      const result = await db
        .updateTable(TABLE)
        .set({ [column]: next, updated_at: clock.now() })
        .where('tenant_id', '=', aad.tenantId)
        .where('id', '=', aad.recordId)
        .where(column, '=', expected)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
  };
}

function toMapping(row: Selectable<AccountMappingTable>): AccountMapping {
  const secretsSet = Object.fromEntries(ACCOUNT_SECRET_FIELDS.map((f) => [f, row[COLUMN[f]] !== null])) as Record<AccountSecretField, boolean>;
  return {
    id: row.id,
    tenantId: row.tenant_id,
    accessKeyUser: row.access_key_user,
    platform: row.platform as SalesforcePlatform,
    environmentName: row.environment_name,
    orgId: row.org_id,
    authFlow: row.auth_flow as SalesforceAuthFlow,
    loginUrl: row.login_url,
    instanceUrl: row.instance_url,
    sfClientId: row.sf_client_id,
    sfUsername: row.sf_username,
    cxoneAccessKeyId: row.cxone_access_key_id,
    cxoneClientId: row.cxone_client_id,
    cxoneIssuer: row.cxone_issuer,
    cxoneTenantId: row.cxone_tenant_id,
    status: row.status as AccountMappingStatus,
    statusDetail: row.status_detail,
    secretsSet,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

const notFound = (tenantId: string, id: string) =>
  new StoreError('PSYNC_ACCOUNT_MAPPING_NOT_FOUND', `Tenant '${tenantId}' has no account mapping '${id}'.`, { tenantId, id });
