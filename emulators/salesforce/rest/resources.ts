import type { FastifyInstance } from 'fastify';
import { apiContext } from './context.ts';

/**
 * What `GET /services/data/vNN.0` lists on a real org (Salesforce's REST API guide, "Resources by
 * Version"). Most are not emulated (they answer 404 NOT_FOUND); they are listed because clients
 * read this document, e.g. jsforce's `identity()` follows its `identity` URL.
 */
const RESOURCES = [
  'tooling', 'metadata', 'eclair', 'folders', 'prechatForms', 'contact-tracing', 'chatter', 'tabs', 'appMenu',
  'quickActions', 'queryAll', 'commerce', 'wave', 'iot', 'analytics', 'search', 'composite', 'parameterizedSearch',
  'fingerprint', 'theme', 'nouns', 'event', 'serviceTemplates', 'recent', 'connect', 'licensing', 'limits', 'process',
  'async-queries', 'query', 'jsonxform', 'match', 'emailConnect', 'compactLayouts', 'knowledgeManagement', 'sobjects',
  'actions', 'support', 'scheduling', 'localizedvalue', 'consent', 'sites', 'graphql', 'ui-api', 'jobs',
] as const;

/** GET /services/data/vXX.X: the resources of one version; `identity` is the token user's identity URL. */
export function registerResourceRoutes(app: FastifyInstance): void {
  app.get('/services/data/:version', (request, reply) => {
    const { org, session, version } = apiContext(request);
    const base = `/services/data/v${version}`;
    const listed: Record<string, string> = Object.fromEntries(RESOURCES.map((n) => [n, `${base}/${n}`]));
    listed['identity'] = `${session.loginBase}/id/${org.id}/${session.userId}`;
    return reply.send(listed);
  });
}
