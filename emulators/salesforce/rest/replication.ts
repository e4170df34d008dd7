import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendSfError } from '../http.ts';
import { objectDef } from '../schema.ts';
import { formatDateTime } from '../soql/execute.ts';
import { apiContext } from './context.ts';

const MINUTE = 60_000;
const WINDOW_MS = 30 * 24 * 60 * MINUTE;

type Req = FastifyRequest<{ Params: { type: string }; Querystring: { start?: string; end?: string } }>;

function parseRange(request: Req, now: number): { start: number; end: number } | string {
  const start = Date.parse((request.query.start ?? '').replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  const end = Date.parse((request.query.end ?? '').replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  if (Number.isNaN(start) || Number.isNaN(end)) return 'start and end are required dateTime parameters';
  if (end - start < MINUTE) return 'end date must be at least one minute greater than start date';
  if (start < now - WINDOW_MS) return 'startDate cannot be more than 30 days ago';
  // Salesforce works in whole minutes and never covers the last minute.
  const coveredEnd = Math.min(Math.floor(end / MINUTE) * MINUTE, Math.floor(now / MINUTE) * MINUTE);
  return { start: Math.floor(start / MINUTE) * MINUTE, end: coveredEnd };
}

/** GET /sobjects/<Type>/updated and /deleted: the getUpdated() / getDeleted() replication calls. */
export function registerReplicationRoutes(app: FastifyInstance): void {
  const updated = (request: Req, reply: FastifyReply): FastifyReply => {
    const { org } = apiContext(request);
    const o = objectDef(request.params.type);
    if (!o) return sendSfError(reply, 404, 'NOT_FOUND', 'The requested resource does not exist');
    const range = parseRange(request, org.now());
    if (typeof range === 'string') return sendSfError(reply, 400, 'INVALID_REPLICATION_DATE', range);
    const ids = org.all(o.name, false)
      .filter((r) => typeof r.SystemModstamp === 'number' && r.SystemModstamp >= range.start && r.SystemModstamp < range.end)
      .map((r) => r.Id);
    return reply.send({ ids, latestDateCovered: formatDateTime(range.end) });
  };
  const deleted = (request: Req, reply: FastifyReply): FastifyReply => {
    const { org } = apiContext(request);
    const o = objectDef(request.params.type);
    if (!o) return sendSfError(reply, 404, 'NOT_FOUND', 'The requested resource does not exist');
    const range = parseRange(request, org.now());
    if (typeof range === 'string') return sendSfError(reply, 400, 'INVALID_REPLICATION_DATE', range);
    const deletedRecords = org.all(o.name, true)
      .filter((r) => r.IsDeleted === true && typeof r.SystemModstamp === 'number' && r.SystemModstamp >= range.start && r.SystemModstamp < range.end)
      .map((r) => ({ id: r.Id, deletedDate: formatDateTime(r.SystemModstamp as number) }));
    return reply.send({ deletedRecords, earliestDateAvailable: formatDateTime(org.now() - WINDOW_MS), latestDateCovered: formatDateTime(range.end) });
  };
  // With or without a trailing slash (the server ignores it), as jsforce asks for them.
  app.get('/services/data/:version/sobjects/:type/updated', updated);
  app.get('/services/data/:version/sobjects/:type/deleted', deleted);
}
