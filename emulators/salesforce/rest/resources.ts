import type { FastifyInstance } from 'fastify';
import { apiContext } from './context.ts';

/** GET /services/data/vXX.X: the resources of one version. */
export function registerResourceRoutes(app: FastifyInstance): void {
  app.get('/services/data/:version', (request, reply) => {
    const base = `/services/data/v${apiContext(request).version}`;
    const names = ['sobjects', 'query', 'queryAll', 'composite', 'limits'];
    return reply.send(Object.fromEntries(names.map((n) => [n, `${base}/${n}`])));
  });
}
