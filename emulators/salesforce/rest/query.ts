import type { FastifyInstance } from 'fastify';
import { sendSfError } from '../http.ts';
import { KEY_PREFIX } from '../ids.ts';
import { executeSoql } from '../soql/execute.ts';
import { SoqlError } from '../soql/errors.ts';
import { parseSoql } from '../soql/parser.ts';
import type { World } from '../world.ts';
import { apiContext } from './context.ts';

const DEFAULT_BATCH = 2000;
const CURSOR_IDLE_MS = 15 * 60 * 1000;

interface Cursor {
  orgId: string;
  records: Record<string, unknown>[];
  totalSize: number;
  batch: number;
  lastUsed: number;
}

/** `Sforce-Query-Options: batchSize=N` (200–2000; Salesforce may return more or fewer, here exactly N). */
function batchSize(header: string | string[] | undefined): number {
  const m = typeof header === 'string' ? /batchSize=(\d+)/i.exec(header) : null;
  const n = m ? Number(m[1]) : DEFAULT_BATCH;
  return Math.min(2000, Math.max(200, n));
}

export function registerQueryRoutes(app: FastifyInstance, world: World): void {
  const cursors = new Map<string, Cursor>();

  function page(id: string, cursor: Cursor, offset: number, version: string): Record<string, unknown> {
    const end = offset + cursor.batch;
    const done = end >= cursor.records.length;
    cursor.lastUsed = world.now();
    if (done) cursors.delete(id);
    return {
      totalSize: cursor.totalSize,
      done,
      ...(done ? {} : { nextRecordsUrl: `/services/data/v${version}/query/${id}-${end}` }),
      records: cursor.records.slice(offset, end),
    };
  }

  for (const path of ['query', 'queryAll'] as const) {
    app.get<{ Querystring: { q?: string } }>(`/services/data/:version/${path}`, (request, reply) => {
      const ctx = apiContext(request);
      const soql = request.query.q;
      if (!soql) return sendSfError(reply, 400, 'MALFORMED_QUERY', 'A query string has to be specified');
      try {
        const result = executeSoql(parseSoql(soql), ctx.org, { now: world.now(), includeDeleted: path === 'queryAll', apiVersion: ctx.version, hiddenObjects: ctx.org.hiddenObjects() });
        const cursor: Cursor = { orgId: ctx.org.id, records: result.records, totalSize: result.totalSize, batch: batchSize(request.headers['sforce-query-options']), lastUsed: world.now() };
        const id = ctx.org.ids.next(KEY_PREFIX.QueryLocator);
        if (cursor.records.length > cursor.batch) cursors.set(id, cursor);
        return reply.send(page(id, cursor, 0, ctx.version));
      } catch (err) {
        if (err instanceof SoqlError) return sendSfError(reply, 400, err.errorCode, err.render(soql));
        throw err;
      }
    });
  }

  app.get<{ Params: { locator: string } }>('/services/data/:version/query/:locator', (request, reply) => {
    const ctx = apiContext(request);
    const m = /^([A-Za-z0-9]{15,18})-(\d+)$/.exec(request.params.locator);
    const cursor = m ? cursors.get(m[1] as string) : undefined;
    if (!m || !cursor || cursor.orgId !== ctx.org.id || world.now() - cursor.lastUsed > CURSOR_IDLE_MS) {
      return sendSfError(reply, 400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
    }
    return reply.send(page(m[1] as string, cursor, Number(m[2]), ctx.version));
  });
}
