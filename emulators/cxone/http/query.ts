import { badRequest } from '../errors.ts';

export type Query = Record<string, string | string[] | undefined>;

/** The query's value by name, case-insensitively (clients vary `updatedSince`/`UpdatedSince`). */
export function param(query: Query, ...names: string[]): string | undefined {
  for (const name of names) {
    for (const [key, value] of Object.entries(query)) {
      if (key.toLowerCase() === name.toLowerCase()) return Array.isArray(value) ? value[0] : value;
    }
  }
  return undefined;
}

export function intParam(query: Query, name: string, fallback: number): number {
  const raw = param(query, name);
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw badRequest(`${name} must be a whole number, not "${raw}".`);
  return value;
}

export function boolParam(query: Query, name: string): boolean | undefined {
  const raw = param(query, name);
  if (raw === undefined || raw === '') return undefined;
  if (/^true$/i.test(raw)) return true;
  if (/^false$/i.test(raw)) return false;
  throw badRequest(`${name} must be true or false, not "${raw}".`);
}

/** An ISO 8601 time as epoch ms; 400 when it does not parse. */
export function timeParam(query: Query, ...names: string[]): number | undefined {
  const raw = param(query, ...names);
  if (raw === undefined || raw === '') return undefined;
  const ms = Date.parse(raw);
  if (Number.isNaN(ms)) throw badRequest(`${names[0]} must be an ISO 8601 date-time, not "${raw}".`);
  return ms;
}

export function idParam(raw: string, what: string): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw badRequest(`${what} must be a positive whole number, not "${raw}".`);
  return value;
}

/** Keeps only the requested fields (`fields=a,b`), matching names case-insensitively. */
export function project<T extends Record<string, unknown>>(rows: T[], fields: string | undefined): Record<string, unknown>[] {
  if (!fields) return rows;
  const wanted = new Set(fields.split(',').map((f) => f.trim().toLowerCase()).filter(Boolean));
  return rows.map((row) => Object.fromEntries(Object.entries(row).filter(([k]) => wanted.has(k.toLowerCase()))));
}

export interface Page<T> {
  rows: T[];
  totalRecords: number;
  links: { self: string; next: string | null; previous: string | null };
}

/** `skip`/`top` paging with `_links` built from the request's own URL. */
export function paginate<T>(all: T[], query: Query, url: string): Page<T> {
  const skip = intParam(query, 'skip', 0);
  const top = intParam(query, 'top', 0);
  const rows = top > 0 ? all.slice(skip, skip + top) : all.slice(skip);
  const link = (s: number): string => {
    const u = new URL(url, 'http://emulator');
    u.searchParams.set('skip', String(s));
    if (top > 0) u.searchParams.set('top', String(top));
    return `${u.pathname}${u.search}`;
  };
  return {
    rows,
    totalRecords: all.length,
    links: {
      self: url,
      next: top > 0 && skip + top < all.length ? link(skip + top) : null,
      previous: skip > 0 ? link(Math.max(0, skip - (top || skip))) : null,
    },
  };
}
