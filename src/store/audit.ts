import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from './clock.ts';
import type { Database } from './database.ts';
import { StoreError } from './errors.ts';
import { fromJson, toJson } from './json.ts';
import type { AuditEntry, AuditEntryInput, AuditKind, AuditLog } from './ports.ts';
import type { AuditTable, DB } from './schema.ts';

export const DEFAULT_AUDIT_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;
const DEFAULT_PAGE = 50;
const MAX_PAGE = 500;

export function createAuditLog(database: Database, clock: Clock): AuditLog {
  const { db } = database;
  return {
    append: (entry) => appendAudit(db, entry, clock.now()),

    async query(query) {
      const limit = Math.min(Math.max(1, query.limit ?? DEFAULT_PAGE), MAX_PAGE);
      let q = db.selectFrom('audit').selectAll().where('tenant_id', '=', query.tenantId);
      if (query.agentId !== undefined) q = q.where('agent_id', '=', query.agentId);
      if (query.from !== undefined) q = q.where('at', '>=', query.from);
      if (query.to !== undefined) q = q.where('at', '<', query.to);
      if (query.kind !== undefined) q = q.where('kind', '=', query.kind);
      if (query.outcomes !== undefined && query.outcomes.length > 0) q = q.where('outcome', 'in', query.outcomes);
      if (query.cursor !== undefined) {
        const [at, id] = decodeCursor(query.cursor);
        q = q.where((eb) => eb.or([eb('at', '<', at), eb.and([eb('at', '=', at), eb('id', '<', id)])]));
      }
      const rows = await q.orderBy('at', 'desc').orderBy('id', 'desc').limit(limit + 1).execute();
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return { entries: page.map(toEntry), ...(rows.length > limit && last ? { nextCursor: encodeCursor(last.at, last.id) } : {}) };
    },

    async prune(options = {}) {
      const cutoff = clock.now() - (options.retentionMs ?? DEFAULT_AUDIT_RETENTION_MS);
      const batchSize = options.batchSize ?? 500;
      const maxBatches = options.maxBatches ?? Number.POSITIVE_INFINITY;
      let total = 0;
      for (let batch = 0; batch < maxBatches; batch++) {
        // Each batch is its own short statement, so ingest waits at most for one batch.
        const result = await db
          .deleteFrom('audit')
          .where('id', 'in', (eb) => eb.selectFrom('audit').select('id').where('at', '<', cutoff).limit(batchSize))
          .executeTakeFirst();
        const deleted = Number(result.numDeletedRows);
        total += deleted;
        if (deleted < batchSize) break;
        await new Promise((resolve) => setImmediate(resolve));
      }
      return total;
    },
  };
}

export async function appendAudit(db: Kysely<DB>, entry: AuditEntryInput, now: number): Promise<AuditEntry> {
  const row = auditRow(entry, now);
  await db.insertInto('audit').values(row).execute();
  return toEntry(row);
}

/** The row an entry is stored as (with its id), for callers that insert many at once. */
export function auditRow(entry: AuditEntryInput, now: number): AuditTable {
  return {
    id: auditId(now),
    tenant_id: entry.tenantId,
    agent_id: entry.agentId ?? null,
    at: now,
    kind: entry.kind,
    outcome: entry.outcome,
    reason: entry.reason ?? null,
    explanation: entry.explanation,
    rule_id: entry.rule?.id ?? null,
    rule_version: entry.rule?.version ?? null,
    details: toJson(entry.details ?? {}),
  };
}

let sequence = 0;

/** Sorts like insertion order within one process (time, then a counter), unique across instances (random tail). */
function auditId(now: number): string {
  sequence = (sequence + 1) % 36 ** 6;
  return `${now.toString(36).padStart(9, '0')}${sequence.toString(36).padStart(6, '0')}${randomUUID().slice(0, 8)}`;
}

function toEntry(row: AuditTable): AuditEntry {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    agentId: row.agent_id,
    at: row.at,
    kind: row.kind as AuditKind,
    outcome: row.outcome,
    reason: row.reason,
    explanation: row.explanation,
    rule: row.rule_id !== null && row.rule_version !== null ? { id: row.rule_id, version: row.rule_version } : null,
    details: fromJson<Record<string, unknown>>(row.details),
  };
}

const encodeCursor = (at: number, id: string): string => Buffer.from(JSON.stringify([at, id]), 'utf8').toString('base64url');

function decodeCursor(cursor: string): [number, string] {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && typeof value[0] === 'number' && typeof value[1] === 'string') return [value[0], value[1]];
  } catch {
    // fall through to the error below
  }
  throw new StoreError('PSYNC_AUDIT_CURSOR_INVALID', 'The audit page cursor is not one this hub issued; start again from the first page.', {});
}
