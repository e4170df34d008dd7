import { toId18 } from '../../domain/index.ts';

/** A record as the REST API returns it (JSON), relationship fields as nested objects. */
export type SalesforceRecord = Readonly<Record<string, unknown>>;

/** A string field, or undefined when null/absent/empty. */
export function text(record: SalesforceRecord | undefined, field: string): string | undefined {
  const value = record?.[field];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A boolean field (absent counts as false). */
export function flag(record: SalesforceRecord | undefined, field: string): boolean {
  return record?.[field] === true;
}

/** A number field, or undefined. */
export function num(record: SalesforceRecord | undefined, field: string): number | undefined {
  const value = record?.[field];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** A parent relationship (`Profile`, `ServiceChannel`, ...), or undefined when null. */
export function parent(record: SalesforceRecord | undefined, relationship: string): SalesforceRecord | undefined {
  const value = record?.[relationship];
  return typeof value === 'object' && value !== null ? (value as SalesforceRecord) : undefined;
}

/** An ID field in 18-character form (the REST API sends 18 already; this also accepts 15). */
export function id18(record: SalesforceRecord | undefined, field: string): string | undefined {
  const value = text(record, field);
  if (value === undefined) return undefined;
  const parsed = toId18(value);
  return parsed.ok ? parsed.value : undefined;
}

/** Quotes a string for a SOQL literal. */
export function soqlString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** A SOQL dateTime literal (no quotes), e.g. `2026-11-25T13:00:00.000Z`. */
export function soqlDateTime(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

/** Parses a Salesforce dateTime (`2026-11-25T13:00:00.000+0000`) into epoch ms. */
export function parseDateTime(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const normalised = value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const ms = Date.parse(normalised);
  return Number.isNaN(ms) ? undefined : ms;
}
