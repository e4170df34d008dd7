import { randomUUID } from 'node:crypto';
import { sql, type Selectable } from 'kysely';
import type { Clock } from './clock.ts';
import type { Database } from './database.ts';
import type { AlertChannelTable } from './health-schema.ts';
import { ALERT_SECRET_FIELDS, type AlertChannel, type AlertChannelKind, type AlertDelivery, type AlertEvent, type AlertDeliveryStatus, type AlertLanguage, type AlertRepository, type AlertSecretField, type HealthSeverity, type SmtpSettings } from './health-ports.ts';
import { fromFlag, fromJson, toFlag, toJson } from './json.ts';
import type { SecretAad, SecretCipher } from './ports.ts';

const TABLE = 'alert_channel';
const COLUMN = { url: 'url', signingSecret: 'signing_secret', smtpPassword: 'smtp_password' } as const satisfies Record<AlertSecretField, keyof AlertChannelTable>;

const aadOf = (tenantId: string, id: string, field: AlertSecretField): SecretAad => ({ tenantId, table: TABLE, recordId: id, field });

function toChannel(row: Selectable<AlertChannelTable>): AlertChannel {
  return {
    tenantId: row.tenant_id,
    id: row.id,
    kind: row.kind as AlertChannelKind,
    name: row.name,
    enabled: fromFlag(row.enabled),
    minSeverity: row.min_severity as HealthSeverity,
    language: row.language as AlertLanguage,
    smtp: fromJson<{ smtp?: SmtpSettings }>(row.settings).smtp ?? null,
    urlHint: row.url_hint,
    secretsSet: Object.fromEntries(ALERT_SECRET_FIELDS.map((f) => [f, row[COLUMN[f]] !== null])) as Record<AlertSecretField, boolean>,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

export function createAlertRepository(database: Database, clock: Clock, cipher: SecretCipher): AlertRepository {
  const { db } = database;
  const toDelivery = (row: { tenant_id: string; id: string; channel_id: string; event: string; payload: string; status: string; attempts: number; created_at: number; next_attempt_at: number; sent_at: number | null; last_error: string | null }): AlertDelivery => ({
    tenantId: row.tenant_id,
    id: row.id,
    channelId: row.channel_id,
    event: row.event as AlertEvent,
    problem: fromJson(row.payload),
    status: row.status as AlertDeliveryStatus,
    attempts: Number(row.attempts),
    createdAt: Number(row.created_at),
    nextAttemptAt: Number(row.next_attempt_at),
    sentAt: row.sent_at === null ? null : Number(row.sent_at),
    lastError: row.last_error,
  });
  return {
    async save(channel, secrets = {}) {
      const now = clock.now();
      const encrypted: Partial<Record<(typeof COLUMN)[AlertSecretField], string | null>> = {};
      for (const field of ALERT_SECRET_FIELDS) {
        const value = secrets[field];
        if (value !== undefined) encrypted[COLUMN[field]] = value === null ? null : cipher.encrypt(value, aadOf(channel.tenantId, channel.id, field));
      }
      const values = {
        kind: channel.kind,
        name: channel.name,
        enabled: toFlag(channel.enabled),
        min_severity: channel.minSeverity,
        language: channel.language,
        settings: toJson(channel.smtp ? { smtp: channel.smtp } : {}),
        url_hint: channel.urlHint,
        ...encrypted,
        updated_at: now,
      };
      await db
        .insertInto(TABLE)
        .values({ tenant_id: channel.tenantId, id: channel.id, url: null, signing_secret: null, smtp_password: null, created_at: now, ...values })
        .onConflict((oc) => oc.columns(['tenant_id', 'id']).doUpdateSet(values))
        .execute();
      return toChannel(await db.selectFrom(TABLE).selectAll().where('tenant_id', '=', channel.tenantId).where('id', '=', channel.id).executeTakeFirstOrThrow());
    },

    async list(tenantId) {
      return (await db.selectFrom(TABLE).selectAll().where('tenant_id', '=', tenantId).orderBy('created_at').orderBy('id').execute()).map(toChannel);
    },

    async get(tenantId, id) {
      const row = await db.selectFrom(TABLE).selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
      return row ? toChannel(row) : undefined;
    },

    async remove(tenantId, id) {
      await db.deleteFrom('alert_delivery').where('tenant_id', '=', tenantId).where('channel_id', '=', id).execute();
      const result = await db.deleteFrom(TABLE).where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    async revealSecrets(tenantId, id) {
      const row = await db.selectFrom(TABLE).selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
      const out: Partial<Record<AlertSecretField, string>> = {};
      if (!row) return out;
      for (const field of ALERT_SECRET_FIELDS) {
        const envelope = row[COLUMN[field]];
        if (envelope !== null) out[field] = cipher.decrypt(envelope, aadOf(tenantId, id, field));
      }
      return out;
    },

    async due(tenantIds, now, limit) {
      if (tenantIds.length === 0) return [];
      const rows = await db.selectFrom('alert_delivery').selectAll().where('status', '=', 'pending').where('next_attempt_at', '<=', now).where('tenant_id', 'in', [...tenantIds]).orderBy('created_at').limit(limit).execute();
      return rows.map(toDelivery);
    },

    async sent(tenantId, ids, at) {
      if (ids.length === 0) return;
      await db.updateTable('alert_delivery').set((eb) => ({ status: 'sent', sent_at: at, attempts: eb('attempts', '+', 1), last_error: null })).where('tenant_id', '=', tenantId).where('id', 'in', [...ids]).execute();
    },

    async attemptFailed(tenantId, ids, error, retryAt) {
      if (ids.length === 0) return;
      await db
        .updateTable('alert_delivery')
        .set((eb) => ({ status: retryAt === null ? 'failed' : 'pending', next_attempt_at: retryAt ?? clock.now(), attempts: eb('attempts', '+', 1), last_error: error.slice(0, 500) }))
        .where('tenant_id', '=', tenantId)
        .where('id', 'in', [...ids])
        .execute();
    },

    async recordTest(tenantId, channelId, problem, outcome, at) {
      const failed = outcome.error !== null;
      await db
        .insertInto('alert_delivery')
        .values({ tenant_id: tenantId, id: randomUUID(), channel_id: channelId, event: 'test', payload: toJson(problem), status: failed ? 'failed' : 'sent', attempts: 1, created_at: at, next_attempt_at: at, sent_at: failed ? null : at, last_error: outcome.error })
        .execute();
    },

    async messagesSince(tenantId, channelId, since) {
      const row = await db
        .selectFrom('alert_delivery')
        .select(sql<number>`count(distinct sent_at)`.as('n'))
        .where('tenant_id', '=', tenantId)
        .where('channel_id', '=', channelId)
        .where('status', '=', 'sent')
        .where('event', '<>', 'test')
        .where('sent_at', '>=', since)
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },

    async recent(tenantId, limit) {
      return (await db.selectFrom('alert_delivery').selectAll().where('tenant_id', '=', tenantId).orderBy('created_at', 'desc').limit(limit).execute()).map(toDelivery);
    },

    async secretEnvelopes() {
      const rows = await db.selectFrom(TABLE).selectAll().orderBy('tenant_id').orderBy('id').execute();
      return rows.flatMap((row) =>
        ALERT_SECRET_FIELDS.flatMap((field) => {
          const envelope = row[COLUMN[field]];
          return envelope === null ? [] : [{ envelope, aad: aadOf(row.tenant_id, row.id, field) }];
        }),
      );
    },

    async replaceSecretEnvelope(aad, expected, next) {
      const field = ALERT_SECRET_FIELDS.find((f) => f === aad.field);
      if (aad.table !== TABLE || !field) return false;
      const column = COLUMN[field];
      const result = await db.updateTable(TABLE).set({ [column]: next }).where('tenant_id', '=', aad.tenantId).where('id', '=', aad.recordId).where(column, '=', expected).executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
  };
}
