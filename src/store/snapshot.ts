import type { Kysely } from 'kysely';
import type { ChangeSummary } from './ports.ts';
import type { DB } from './schema.ts';

type Row = Record<string, string | number | null>;

/**
 * Makes the tenant's rows of `table` exactly `rows` (keyed by `keyColumns` after `tenant_id`) and
 * says what changed. `updated_at` is set on added and changed rows and ignored when comparing.
 */
export async function replaceTenantRows(
  trx: Kysely<DB>,
  table: keyof DB,
  tenantId: string,
  keyColumns: readonly string[],
  rows: readonly Row[],
  now: number,
): Promise<ChangeSummary> {
  // Dynamic table names are beyond Kysely's static types; the callers pass rows of the table's shape.
  const anyDb = trx as unknown as Kysely<Record<string, Row>>;
  const keyOf = (row: Row) => keyColumns.map((c) => String(row[c])).join('/');
  const existing = new Map((await anyDb.selectFrom(table).selectAll().where('tenant_id', '=', tenantId).execute()).map((r) => [keyOf(r), r]));
  const summary = { added: [] as string[], updated: [] as string[], removed: [] as string[] };
  const seen = new Set<string>();

  for (const row of rows) {
    const key = keyOf(row);
    if (seen.has(key)) continue;
    seen.add(key);
    const old = existing.get(key);
    if (!old) {
      await anyDb.insertInto(table).values({ ...row, tenant_id: tenantId, updated_at: now }).execute();
      summary.added.push(key);
    } else if (Object.keys(row).some((c) => c !== 'updated_at' && !sameValue(old[c], row[c]))) {
      let update = anyDb.updateTable(table).set({ ...row, updated_at: now }).where('tenant_id', '=', tenantId);
      for (const c of keyColumns) update = update.where(c, '=', row[c]!);
      await update.execute();
      summary.updated.push(key);
    }
  }
  for (const [key, old] of existing) {
    if (seen.has(key)) continue;
    let del = anyDb.deleteFrom(table).where('tenant_id', '=', tenantId);
    for (const c of keyColumns) del = del.where(c, '=', old[c]!);
    await del.execute();
    summary.removed.push(key);
  }
  return summary;
}

const sameValue = (a: unknown, b: unknown): boolean => (a === null || a === undefined ? b === null || b === undefined : String(a) === String(b));
