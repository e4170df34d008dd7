import type { FastifyInstance, FastifyReply } from 'fastify';
import { sendSfError } from '../http.ts';
import { normaliseId } from '../ids.ts';
import { fieldDef, OBJECTS, type ObjectDef } from '../schema.ts';
import { formatDateTime, type FieldValue, type Rec } from '../soql/execute.ts';
import { apiContext } from './context.ts';
import { describeObject, globalEntry } from './describe.ts';
import { validateWrite, type WriteError } from './validate.ts';

function notFound(reply: FastifyReply): FastifyReply {
  return sendSfError(reply, 404, 'NOT_FOUND', 'The requested resource does not exist');
}

function unknownType(reply: FastifyReply, type: string): FastifyReply {
  return sendSfError(reply, 404, 'NOT_FOUND', `The requested resource does not exist: sObject type '${type}' is not supported.`);
}

export function sendWriteError(reply: FastifyReply, e: WriteError): FastifyReply {
  return sendSfError(reply, e.status ?? 400, e.errorCode, e.message, e.fields ?? []);
}

/** A stored record as the REST API returns it: attributes first, datetimes formatted. */
export function presentRecord(o: ObjectDef, rec: Rec, version: string, only?: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = { attributes: { type: o.name, url: `/services/data/v${version}/sobjects/${o.name}/${String(rec.Id)}` } };
  for (const fd of o.fields) {
    if (only && !only.some((n) => n.toLowerCase() === fd.name.toLowerCase())) continue;
    const v = rec[fd.name] ?? null;
    out[fd.name] = fd.type === 'datetime' && typeof v === 'number' ? formatDateTime(v) : v;
  }
  return out;
}

export function registerSObjectRoutes(app: FastifyInstance): void {
  app.get('/services/data/:version/sobjects', (request, reply) => {
    const { version } = apiContext(request);
    const hidden = apiContext(request).org.hiddenObjects();
    return reply.send({ encoding: 'UTF-8', maxBatchSize: 200, sobjects: OBJECTS.filter((o) => !hidden.has(o.name)).map((o) => globalEntry(o, version)) });
  });

  app.get<{ Params: { type: string } }>('/services/data/:version/sobjects/:type', (request, reply) => {
    const o = apiContext(request).org.visibleObject(request.params.type);
    if (!o) return unknownType(reply, request.params.type);
    return reply.send({ objectDescribe: globalEntry(o, apiContext(request).version), recentItems: [] });
  });

  app.get<{ Params: { type: string } }>('/services/data/:version/sobjects/:type/describe', (request, reply) => {
    const o = apiContext(request).org.visibleObject(request.params.type);
    if (!o) return unknownType(reply, request.params.type);
    return reply.send(describeObject(o, apiContext(request).version));
  });

  app.get<{ Params: { type: string; id: string }; Querystring: { fields?: string } }>('/services/data/:version/sobjects/:type/:id', (request, reply) => {
    const { org, version } = apiContext(request);
    const o = apiContext(request).org.visibleObject(request.params.type);
    if (!o) return unknownType(reply, request.params.type);
    const rec = org.byId(o.name, request.params.id);
    if (!rec) return notFound(reply);
    const only = request.query.fields?.split(',').map((s) => s.trim()).filter(Boolean);
    if (only) {
      const bad = only.find((n) => !fieldDef(o, n));
      if (bad) return sendSfError(reply, 400, 'INVALID_FIELD', `No such column '${bad}' on sobject of type ${o.name}`);
    }
    return reply.send(presentRecord(o, rec, version, only));
  });

  app.post<{ Params: { type: string }; Body: Record<string, unknown> }>('/services/data/:version/sobjects/:type', (request, reply) => {
    const { org, session } = apiContext(request);
    const o = apiContext(request).org.visibleObject(request.params.type);
    if (!o) return unknownType(reply, request.params.type);
    const result = validateWrite(org, o, request.body ?? {}, 'create');
    if ('errorCode' in result) return sendWriteError(reply, result);
    const id = org.insert(o.name, result.fields, session.userId);
    result.after?.(id);
    return reply.code(201).send({ id, success: true, errors: [] });
  });

  app.patch<{ Params: { type: string; id: string }; Body: Record<string, unknown> }>('/services/data/:version/sobjects/:type/:id', (request, reply) => {
    const { org, session } = apiContext(request);
    const o = apiContext(request).org.visibleObject(request.params.type);
    if (!o) return unknownType(reply, request.params.type);
    const rec = org.byId(o.name, request.params.id);
    if (!rec) return notFound(reply);
    const result = validateWrite(org, o, request.body ?? {}, 'update', rec);
    if ('errorCode' in result) return sendWriteError(reply, result);
    org.update(o.name, rec.Id as string, result.fields as Record<string, FieldValue>, session.userId);
    return reply.code(204).send();
  });

  app.delete<{ Params: { type: string; id: string } }>('/services/data/:version/sobjects/:type/:id', (request, reply) => {
    const { org } = apiContext(request);
    const o = apiContext(request).org.visibleObject(request.params.type);
    if (!o) return unknownType(reply, request.params.type);
    const id = normaliseId(request.params.id);
    const rec = id ? org.byId(o.name, id) : undefined;
    if (!rec) return notFound(reply);
    if (!o.deletable) return sendSfError(reply, 400, 'INVALID_TYPE_FOR_OPERATION', `entity type cannot be deleted: ${o.label}`);
    org.remove(o.name, rec.Id as string);
    return reply.code(204).send();
  });
}
