import { normaliseId } from '../ids.ts';
import { fieldDef, objectDef, relationshipDef, type FieldDef, type ObjectDef } from '../schema.ts';
import type { Condition, FieldRef, SoqlQuery, Value } from './ast.ts';
import { SoqlError } from './errors.ts';

export type FieldValue = string | number | boolean | null;
export type Rec = Record<string, FieldValue>;

/** Where the executor reads records from: one org's tables. */
export interface RecordSource {
  all(object: string, includeDeleted: boolean): Rec[];
  byId(object: string, id: string): Rec | undefined;
}

export interface ExecOptions {
  now: number;
  includeDeleted: boolean;
  apiVersion: string;
  /** Objects that do not exist in this org (e.g. Omni-Channel objects while Omni-Channel is off). */
  hiddenObjects?: ReadonlySet<string>;
}

export interface QueryOutput {
  totalSize: number;
  records: Record<string, unknown>[];
}

interface Resolved {
  /** The reference fields walked through, then the final field. */
  hops: { field: FieldDef; target: ObjectDef }[];
  field: FieldDef;
  ref: FieldRef;
}

const DAY = 86_400_000;

export function formatDateTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

function noSuchColumn(ref: FieldRef, name: string, obj: ObjectDef): SoqlError {
  return new SoqlError('INVALID_FIELD', `No such column '${name}' on entity '${obj.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`, ref.pos);
}

function resolve(obj: ObjectDef, ref: FieldRef): Resolved {
  const hops: Resolved['hops'] = [];
  let current = obj;
  const rels = ref.path.slice(0, -1);
  // A path may start with the object's own name (SELECT User.Name FROM User).
  if (rels.length > 0 && rels[0]?.toLowerCase() === obj.name.toLowerCase()) rels.shift();
  for (const rel of rels) {
    const fd = relationshipDef(current, rel);
    const target = fd?.referenceTo ? objectDef(fd.referenceTo) : undefined;
    if (!fd || !target) {
      throw new SoqlError('INVALID_FIELD', `Didn't understand relationship '${rel}' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`, ref.pos);
    }
    hops.push({ field: fd, target });
    current = target;
  }
  const last = ref.path[ref.path.length - 1] as string;
  const field = fieldDef(current, last);
  if (!field) throw noSuchColumn(ref, last, current);
  return { hops, field, ref };
}

function readPath(src: RecordSource, rec: Rec, r: Resolved): FieldValue {
  let current: Rec | undefined = rec;
  for (const hop of r.hops) {
    const id: FieldValue | undefined = current[hop.field.name];
    current = typeof id === 'string' ? src.byId(hop.target.name, id) : undefined;
    if (!current) return null;
  }
  return current[r.field.name] ?? null;
}

function dayStart(ms: number): number {
  return Math.floor(ms / DAY) * DAY;
}

/** A date literal as the half-open range [start, end) of epoch milliseconds it covers (UTC). */
function literalRange(v: Extract<Value, { kind: 'dateLiteral' }>, now: number): [number, number] {
  const today = dayStart(now);
  switch (v.name) {
    case 'YESTERDAY': return [today - DAY, today];
    case 'TOMORROW': return [today + DAY, today + 2 * DAY];
    case 'LAST_N_DAYS': return [today - (v.n ?? 0) * DAY, today + DAY];
    case 'NEXT_N_DAYS': return [today, today + ((v.n ?? 0) + 1) * DAY];
    case 'THIS_WEEK': {
      const dow = new Date(today).getUTCDay();
      return [today - dow * DAY, today + (7 - dow) * DAY];
    }
    case 'THIS_MONTH': {
      const d = new Date(today);
      return [Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1), Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)];
    }
    default: return [today, today + DAY];
  }
}

function typeMismatch(field: FieldDef, pos: number, expected: string): SoqlError {
  return new SoqlError('INVALID_FIELD', `value of filter criterion for field '${field.name}' must be of type ${expected} and should not be enclosed in quotes`, pos);
}

/** Turns a literal into the stored representation of the field's type, refusing mismatches as Salesforce does. */
function coerce(field: FieldDef, value: Value, pos: number): FieldValue | [number, number] | 'literal' {
  if (value.kind === 'null') return null;
  switch (field.type) {
    case 'boolean':
      if (value.kind !== 'boolean') throw typeMismatch(field, pos, 'boolean');
      return value.v;
    case 'int':
    case 'double':
      if (value.kind !== 'number') throw typeMismatch(field, pos, field.type);
      return value.v;
    case 'datetime':
      if (value.kind === 'datetime') return value.v;
      if (value.kind === 'dateLiteral') return 'literal';
      throw typeMismatch(field, pos, 'dateTime');
    case 'date':
      if (value.kind === 'date') return value.v;
      if (value.kind === 'dateLiteral') return 'literal';
      throw typeMismatch(field, pos, 'date');
    case 'id':
    case 'reference': {
      if (value.kind !== 'string') throw new SoqlError('INVALID_QUERY_FILTER_OPERATOR', `invalid ID field: ${valueText(value)}`, pos);
      const id = normaliseId(value.v);
      if (!id) throw new SoqlError('INVALID_QUERY_FILTER_OPERATOR', `invalid ID field: ${value.v}`, pos);
      return id;
    }
    default:
      if (value.kind !== 'string') throw new SoqlError('INVALID_FIELD', `value of filter criterion for field '${field.name}' must be of type string and should be enclosed in quotes`, pos);
      return value.v;
  }
}

function valueText(v: Value): string {
  return 'v' in v ? String(v.v) : v.kind;
}

function compare(a: FieldValue, b: FieldValue): number {
  if (typeof a === 'string' && typeof b === 'string') {
    const x = a.toLowerCase();
    const y = b.toLowerCase();
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
}

function likeToRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charAt(i);
    if (c === '\\' && i + 1 < pattern.length) {
      re += pattern.charAt(i + 1).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      i += 1;
    } else if (c === '%') re += '.*';
    else if (c === '_') re += '.';
    else re += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 'is');
}

type Predicate = (rec: Rec) => boolean;

function compileCondition(obj: ObjectDef, cond: Condition, src: RecordSource, opts: ExecOptions): Predicate {
  switch (cond.kind) {
    case 'and': {
      const parts = cond.items.map((c) => compileCondition(obj, c, src, opts));
      return (r) => parts.every((p) => p(r));
    }
    case 'or': {
      const parts = cond.items.map((c) => compileCondition(obj, c, src, opts));
      return (r) => parts.some((p) => p(r));
    }
    case 'not': {
      const inner = compileCondition(obj, cond.item, src, opts);
      return (r) => !inner(r);
    }
    case 'like': {
      const res = resolve(obj, cond.field);
      const re = likeToRegExp(cond.pattern);
      return (r) => {
        const v = readPath(src, r, res);
        return typeof v === 'string' && re.test(v);
      };
    }
    case 'in': {
      const res = resolve(obj, cond.field);
      const wanted = cond.values.map((v) => coerce(res.field, v, cond.valuePos));
      return (r) => {
        const v = readPath(src, r, res);
        const hit = wanted.some((w) => (w === null ? v === null : v !== null && !Array.isArray(w) && w !== 'literal' && compare(v, w) === 0));
        return cond.negated ? !hit : hit;
      };
    }
    case 'semiJoin': {
      const res = resolve(obj, cond.field);
      const inner = runQuery(cond.query, src, opts);
      const only = cond.query.select[0];
      if (cond.query.select.length !== 1 || only?.kind !== 'field') {
        throw new SoqlError('MALFORMED_QUERY', 'semi join sub-selects can only query one field', cond.field.pos);
      }
      const innerRes = resolve(inner.obj, only.field);
      const ids = new Set(inner.rows.map((row) => readPath(src, row, innerRes)).filter((v): v is string => typeof v === 'string').map((v) => v.toLowerCase()));
      return (r) => {
        const v = readPath(src, r, res);
        const hit = typeof v === 'string' && ids.has(v.toLowerCase());
        return cond.negated ? !hit : hit;
      };
    }
    case 'cmp': {
      const res = resolve(obj, cond.field);
      const want = coerce(res.field, cond.value, cond.valuePos);
      const op = cond.op;
      if (want === null) {
        if (op !== '=' && op !== '!=') return () => false;
        return (r) => (readPath(src, r, res) === null) === (op === '=');
      }
      if (want === 'literal' && cond.value.kind === 'dateLiteral') {
        const [start, end] = literalRange(cond.value, opts.now);
        const toMs = (v: FieldValue): number => (typeof v === 'string' ? Date.parse(`${v}T00:00:00Z`) : (v as number));
        return (r) => {
          const raw = readPath(src, r, res);
          if (raw === null) return op === '!=';
          const v = toMs(raw);
          switch (op) {
            case '=': return v >= start && v < end;
            case '!=': return v < start || v >= end;
            case '<': return v < start;
            case '<=': return v < end;
            case '>': return v >= end;
            default: return v >= start;
          }
        };
      }
      const w = want as FieldValue;
      return (r) => {
        const v = readPath(src, r, res);
        if (v === null) return op === '!=';
        const c = compare(v, w);
        switch (op) {
          case '=': return c === 0;
          case '!=': return c !== 0;
          case '<': return c < 0;
          case '<=': return c <= 0;
          case '>': return c > 0;
          default: return c >= 0;
        }
      };
    }
  }
}

function runQuery(q: SoqlQuery, src: RecordSource, opts: ExecOptions): { obj: ObjectDef; rows: Rec[] } {
  const found = objectDef(q.from.name);
  const obj = found && !opts.hiddenObjects?.has(found.name) ? found : undefined;
  if (!obj) {
    throw new SoqlError('INVALID_TYPE', `sObject type '${q.from.name}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`, q.from.pos);
  }
  for (const item of q.select) {
    if (item.kind === 'field') resolve(obj, item.field);
    else if (item.field) resolve(obj, item.field);
  }
  const predicate = q.where ? compileCondition(obj, q.where, src, opts) : () => true;
  const order = q.orderBy.map((o) => ({ res: resolve(obj, o.field), o }));
  let rows = src.all(obj.name, opts.includeDeleted).filter(predicate);
  if (order.length > 0) {
    rows = [...rows].sort((a, b) => {
      for (const { res, o } of order) {
        const x = readPath(src, a, res);
        const y = readPath(src, b, res);
        if (x === y) continue;
        if (x === null || y === null) return (x === null) === (o.nulls === 'FIRST') ? -1 : 1;
        const c = compare(x, y);
        if (c !== 0) return o.direction === 'ASC' ? c : -c;
      }
      return 0;
    });
  }
  const offset = q.offset ?? 0;
  rows = rows.slice(offset, q.limit !== undefined ? offset + q.limit : undefined);
  return { obj, rows };
}

function formatValue(field: FieldDef, v: FieldValue): unknown {
  if (v === null) return null;
  if (field.type === 'datetime' && typeof v === 'number') return formatDateTime(v);
  return v;
}

function attributes(type: string, id: FieldValue, version: string): Record<string, string> {
  return { type, url: `/services/data/v${version}/sobjects/${type}/${String(id)}` };
}

function shape(src: RecordSource, rec: Rec, obj: ObjectDef, paths: Resolved[], version: string): Record<string, unknown> {
  const out: Record<string, unknown> = { attributes: attributes(obj.name, rec.Id ?? null, version) };
  for (const p of paths) {
    let target = out;
    let current: Rec | undefined = rec;
    let broken = false;
    for (const hop of p.hops) {
      const relName = hop.field.relationshipName as string;
      const id: FieldValue | undefined = current?.[hop.field.name];
      current = typeof id === 'string' ? src.byId(hop.target.name, id) : undefined;
      if (!current) {
        if (!(relName in target)) target[relName] = null;
        broken = true;
        break;
      }
      const existing = target[relName];
      if (existing && typeof existing === 'object') target = existing as Record<string, unknown>;
      else {
        const nested: Record<string, unknown> = { attributes: attributes(hop.target.name, current.Id ?? null, version) };
        target[relName] = nested;
        target = nested;
      }
    }
    if (!broken && current) target[p.field.name] = formatValue(p.field, current[p.field.name] ?? null);
  }
  return out;
}

/** Runs a parsed query against one org's records and shapes the rows as the REST API returns them. */
export function executeSoql(q: SoqlQuery, src: RecordSource, opts: ExecOptions): QueryOutput {
  const { obj, rows } = runQuery(q, src, opts);
  const first = q.select[0];
  if (first?.kind === 'count') {
    if (!first.field) return { totalSize: rows.length, records: [] };
    const res = resolve(obj, first.field);
    const count = rows.filter((r) => readPath(src, r, res) !== null).length;
    return { totalSize: 1, records: [{ attributes: { type: 'AggregateResult' }, [first.alias ?? 'expr0']: count }] };
  }
  const paths = q.select.filter((s) => s.kind === 'field').map((s) => resolve(obj, s.field));
  return { totalSize: rows.length, records: rows.map((r) => shape(src, r, obj, paths, opts.apiVersion)) };
}
