import { createCxoneGateway, createSalesforceGateway, createSqlPrincipalStore, registerAdminApi, type AdminApiDeps } from '../api/index.ts';
import type { LoginHosts, PrerequisiteConfig } from '../connectors/salesforce/index.ts';
import { registerConsole } from '../console/plugin.ts';
import { tenantAgentOf } from './agent-key.ts';
import type { HubOptions, HubParts } from './hub.ts';
import type { HubLogger } from './logger.ts';

export interface AdminApiOptions {
  readonly logger: HubLogger;
  readonly prerequisiteConfig: PrerequisiteConfig;
  readonly loginHosts?: LoginHosts;
}

/** The admin API's dependencies over a running hub's parts. */
export function adminApiDeps(parts: HubParts, options: AdminApiOptions): AdminApiDeps {
  return {
    store: parts.store,
    principals: createSqlPrincipalStore(parts.database),
    cxone: createCxoneGateway({ store: parts.store, connector: parts.cxone }),
    salesforce: createSalesforceGateway({ store: parts.store, prerequisites: options.prerequisiteConfig, prerequisiteProblems: parts.prerequisites, ...(options.loginHosts ? { loginHosts: options.loginHosts } : {}) }),
    prerequisiteProblems: (tenantId, sfUserId) => parts.prerequisites.of(tenantId, sfUserId),
    ...(parts.config.roles.poller ? { alerts: parts.health.alerts } : {}),
    serveHealth: false,
    // Behind a reverse proxy the browser's origin is the public URL, not the address the hub sees.
    security: { allowedOrigins: [...(parts.config.publicUrl ? [parts.config.publicUrl] : []), ...parts.config.allowedOrigins] },
    ...(parts.config.publicUrl ? { publicUrl: parts.config.publicUrl } : {}),
    allowedEndpoints: parts.config.allowedEndpoints,
    ...(options.loginHosts ? { salesforceLoginHosts: options.loginHosts } : {}),
    live: {
      connectedAgents: (tenantId) =>
        new Set(parts.bridge.activeConsoles().flatMap((c) => {
          const ref = tenantAgentOf(c.agentId);
          return ref && ref.tenantId === tenantId ? [ref.agentId] : [];
        })),
    },
    logger: { info: (o, m) => options.logger.info(o, m), warn: (o, m) => options.logger.warn(o, m), error: (o, m) => options.logger.error(o, m) },
  };
}

/** `extend` for startHub: the admin API under /api/v1 and the web console at /; the switches and mappings it changes take effect at once. */
export function withAdminApi(options: AdminApiOptions): Pick<HubOptions, 'extend'> {
  return {
    async extend(app, parts) {
      await registerAdminApi(app, adminApiDeps(parts, options));
      await registerConsole(app);
      // A saved switch or account mapping starts or stops the tenant's sources without a restart.
      app.addHook('onResponse', async (request, reply) => {
        if (request.method !== 'GET' && reply.statusCode < 400 && /\/api\/v1\/tenants\/[^/]+\/(switches|account-mappings|agent-links|salesforce\/refresh)/.test(request.url)) {
          // New CXone credentials take effect on the next call, instead of the connector's cached sign-in.
          const mappingOf = /\/api\/v1\/tenants\/([^/]+)\/account-mappings/.exec(request.url);
          if (mappingOf?.[1]) parts.cxone.forget(decodeURIComponent(mappingOf[1]));
          await parts.refreshTenants();
        }
        // Salesforce's redirect back from "Connect to Salesforce" changes a mapping too (a GET, answered with a redirect).
        if (request.method === 'GET' && reply.statusCode === 303 && request.url.startsWith('/api/v1/salesforce/oauth/callback')) await parts.refreshTenants();
      });
    },
  };
}
