import type { FastifyInstance } from 'fastify';
import { sendSfError } from '../http.ts';
import { normaliseId } from '../ids.ts';
import { objectByKeyPrefix, objectDef } from '../schema.ts';
import type { FieldValue } from '../soql/execute.ts';
import { apiContext } from './context.ts';
import { validateWrite, type WriteError } from './validate.ts';

interface SubRequest {
  method: string;
  url: string;
  referenceId: string;
  body?: unknown;
  httpHeaders?: Record<string, string>;
}

interface SubResponse {
  body: unknown;
  httpHeaders: Record<string, string>;
  httpStatusCode: number;
  referenceId: string;
}

const MAX_SUBREQUESTS = 25;
const MAX_QUERIES = 5;
const HALTED = [{ errorCode: 'PROCESSING_HALTED', message: 'The transaction was rolled back since another operation in the same transaction failed.' }];

function lookup(value: unknown, path: string): unknown {
  let current: unknown = value;
  for (const part of path.split('.')) {
    const m = /^([^[\]]+)((?:\[\d+\])*)$/.exec(part);
    if (!m || current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[m[1] as string];
    for (const idx of (m[2] ?? '').match(/\d+/g) ?? []) current = Array.isArray(current) ? current[Number(idx)] : undefined;
  }
  return current;
}

/** Replaces @{ref.path} with values of earlier responses; returns the unresolved reference if any. */
function substitute(text: string, results: Map<string, SubResponse>): { text: string; missing?: string } {
  let missing: string | undefined;
  const out = text.replace(/@\{([A-Za-z0-9_]+)\.([^}]+)\}/g, (whole, ref: string, path: string) => {
    const res = results.get(ref);
    const v = res && res.httpStatusCode < 400 ? lookup(res.body, path) : undefined;
    if (v === undefined || v === null || typeof v === 'object') {
      missing ??= `${ref}.${path}`;
      return whole;
    }
    return String(v);
  });
  return missing ? { text: out, missing } : { text: out };
}

function collectionError(e: WriteError): Record<string, unknown> {
  return { success: false, errors: [{ statusCode: e.errorCode, message: e.message, fields: e.fields ?? [] }] };
}

/** POST /composite (up to 25 subrequests, one API call) and the sObject Collections endpoints. */
export function registerCompositeRoutes(app: FastifyInstance, internalMarker: string): void {
  app.post<{ Body: { allOrNone?: boolean; compositeRequest?: SubRequest[] } }>('/services/data/:version/composite', async (request, reply) => {
    const { org } = apiContext(request);
    const subs = request.body?.compositeRequest;
    if (!Array.isArray(subs) || subs.length === 0) return sendSfError(reply, 400, 'JSON_PARSER_ERROR', 'compositeRequest is required');
    if (subs.length > MAX_SUBREQUESTS) return sendSfError(reply, 400, 'LIMIT_EXCEEDED', `Limit Exceeded: The number of subrequests is limited to ${MAX_SUBREQUESTS}.`);
    if (subs.filter((s) => /\/query(All)?[/?]/.test(s.url)).length > MAX_QUERIES) {
      return sendSfError(reply, 400, 'LIMIT_EXCEEDED', `Limit Exceeded: The number of query subrequests is limited to ${MAX_QUERIES}.`);
    }
    const seen = new Set<string>();
    for (const s of subs) {
      if (!s.referenceId || seen.has(s.referenceId)) return sendSfError(reply, 400, 'INVALID_INPUT', `Duplicate or missing referenceId: ${s.referenceId ?? ''}`);
      if (typeof s.url !== 'string' || !s.url.startsWith('/services/data/')) return sendSfError(reply, 400, 'INVALID_INPUT', `The URL for subrequest ${s.referenceId} must start with /services/data/`);
      seen.add(s.referenceId);
    }
    const allOrNone = request.body.allOrNone === true;
    const snapshot = allOrNone ? org.snapshot() : undefined;
    const results = new Map<string, SubResponse>();
    const out: SubResponse[] = [];
    let failedAt = -1;
    for (const [i, s] of subs.entries()) {
      if (allOrNone && failedAt >= 0) {
        out.push({ body: HALTED, httpHeaders: {}, httpStatusCode: 400, referenceId: s.referenceId });
        continue;
      }
      const url = substitute(s.url, results);
      const body = s.body === undefined ? undefined : substitute(JSON.stringify(s.body), results);
      const missing = url.missing ?? body?.missing;
      let res: SubResponse;
      if (missing) {
        res = { body: [{ errorCode: 'PROCESSING_HALTED', message: `Invalid reference specified. No value for ${missing} found in ${missing.split('.')[0]}. Provided referenceId ('${missing.split('.')[0]}') must exist and succeed before it is referenced.` }], httpHeaders: {}, httpStatusCode: 400, referenceId: s.referenceId };
      } else {
        const injected = await app.inject({
          method: s.method.toUpperCase() as 'GET',
          url: url.text,
          headers: {
            authorization: request.headers.authorization ?? '',
            'x-emulator-internal': internalMarker,
            ...(body ? { 'content-type': 'application/json' } : {}),
            ...(s.httpHeaders ?? {}),
          },
          ...(body ? { payload: body.text } : {}),
        });
        const parsed = injected.body ? (JSON.parse(injected.body) as unknown) : null;
        const headers: Record<string, string> = {};
        if (injected.statusCode === 201 && parsed && typeof parsed === 'object' && 'id' in parsed) {
          headers.Location = `${url.text.split('?')[0] as string}/${String((parsed as { id: string }).id)}`;
        }
        res = { body: parsed, httpHeaders: headers, httpStatusCode: injected.statusCode, referenceId: s.referenceId };
      }
      results.set(s.referenceId, res);
      out.push(res);
      if (res.httpStatusCode >= 400 && failedAt < 0) failedAt = i;
    }
    if (allOrNone && failedAt >= 0 && snapshot) {
      org.restore(snapshot);
      for (const [i, r] of out.entries()) if (i < failedAt) Object.assign(r, { body: HALTED, httpStatusCode: 400, httpHeaders: {} });
    }
    return reply.send({ compositeResponse: out });
  });

  type CollectionBody = { allOrNone?: boolean; records?: Record<string, unknown>[] };
  const collection = (mode: 'create' | 'update') => async (request: { body: CollectionBody }, ctxOrg: ReturnType<typeof apiContext>) => {
    const { org, session } = ctxOrg;
    const records = request.body?.records ?? [];
    const snapshot = request.body?.allOrNone ? org.snapshot() : undefined;
    const results: Record<string, unknown>[] = [];
    let failed = false;
    for (const rec of records) {
      const attrs = rec.attributes as { type?: string } | undefined;
      // Field names are case-insensitive: jsforce sends the record ID as `id`.
      const idKey = Object.keys(rec).find((k) => k.toLowerCase() === 'id');
      const rawId = idKey ? rec[idKey] : undefined;
      const id = mode === 'update' && typeof rawId === 'string' ? normaliseId(rawId) : undefined;
      const o = attrs?.type ? objectDef(attrs.type) : id ? objectByKeyPrefix(id) : undefined;
      if (!o) {
        failed = true;
        results.push(collectionError({ errorCode: 'INVALID_TYPE', message: 'sObject type not specified or not supported' }));
        continue;
      }
      const existing = id ? org.byId(o.name, id) : undefined;
      if (mode === 'update' && !existing) {
        failed = true;
        results.push({ id: rawId ?? null, ...collectionError({ errorCode: 'ENTITY_IS_DELETED', message: 'entity is deleted' }) });
        continue;
      }
      const fields = Object.fromEntries(Object.entries(rec).filter(([k]) => k !== idKey));
      const v = validateWrite(org, o, fields, mode, existing);
      if ('errorCode' in v) {
        failed = true;
        results.push({ ...(id ? { id } : {}), ...collectionError(v) });
        continue;
      }
      if (mode === 'create') {
        const newId = org.insert(o.name, v.fields, session.userId);
        v.after?.(newId);
        results.push({ id: newId, success: true, errors: [] });
      } else {
        org.update(o.name, id as string, v.fields as Record<string, FieldValue>, session.userId);
        results.push({ id, success: true, errors: [] });
      }
    }
    if (failed && snapshot) {
      org.restore(snapshot);
      return results.map((r) => (r.success ? { id: r.id, success: false, errors: [{ statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK', message: 'Record rolled back because not all records were valid and the request was using AllOrNone header', fields: [] }] } : r));
    }
    return results;
  };

  app.post<{ Body: CollectionBody }>('/services/data/:version/composite/sobjects', async (request, reply) => {
    if ((request.body?.records?.length ?? 0) > 200) return sendSfError(reply, 400, 'EXCEEDED_ID_LIMIT', 'record limit reached. cannot submit more than 200 records into this call');
    return reply.send(await collection('create')(request, apiContext(request)));
  });
  app.patch<{ Body: CollectionBody }>('/services/data/:version/composite/sobjects', async (request, reply) => {
    if ((request.body?.records?.length ?? 0) > 200) return sendSfError(reply, 400, 'EXCEEDED_ID_LIMIT', 'record limit reached. cannot submit more than 200 records into this call');
    return reply.send(await collection('update')(request, apiContext(request)));
  });
  app.delete<{ Querystring: { ids?: string; allOrNone?: string } }>('/services/data/:version/composite/sobjects', (request, reply) => {
    const { org } = apiContext(request);
    const ids = (request.query.ids ?? '').split(',').filter(Boolean);
    if (ids.length > 200) return sendSfError(reply, 400, 'EXCEEDED_ID_LIMIT', 'record limit reached. cannot submit more than 200 records into this call');
    const snapshot = request.query.allOrNone === 'true' ? org.snapshot() : undefined;
    const results = ids.map((raw) => {
      const id = normaliseId(raw);
      const o = id ? objectByKeyPrefix(id) : undefined;
      if (!id || !o || !org.byId(o.name, id)) return { id: raw, ...collectionError({ errorCode: 'ENTITY_IS_DELETED', message: 'entity is deleted' }) };
      if (!o.deletable) return { id, ...collectionError({ errorCode: 'INVALID_TYPE_FOR_OPERATION', message: `entity type cannot be deleted: ${o.label}` }) };
      org.remove(o.name, id);
      return { id, success: true, errors: [] };
    });
    if (snapshot && results.some((r) => !r.success)) org.restore(snapshot);
    return reply.send(results);
  });
}
