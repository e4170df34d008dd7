import type { FastifyReply, FastifyRequest } from 'fastify';
import { bearerToken, requestHost, sendInvalidSession, sendSfError } from '../http.ts';
import type { OrgState } from '../org-state.ts';
import type { Session } from '../oauth/sessions.ts';
import type { World } from '../world.ts';

export interface ApiContext {
  org: OrgState;
  session: Session;
  /** "62.0" */
  version: string;
}

const contexts = new WeakMap<FastifyRequest, ApiContext>();

export const MIN_VERSION = 31;
export const MAX_VERSION = 67;

export function apiContext(request: FastifyRequest): ApiContext {
  const ctx = contexts.get(request);
  if (!ctx) throw new Error('apiContext used outside an authenticated route');
  return ctx;
}

export function parseVersion(raw: string | undefined): string | undefined {
  const m = raw ? /^v(\d+)\.0$/.exec(raw) : null;
  const major = m ? Number(m[1]) : NaN;
  return major >= MIN_VERSION && major <= MAX_VERSION ? `${major}.0` : undefined;
}

export function limitInfo(org: OrgState): string {
  return `api-usage=${org.apiUsage}/${org.dailyApiLimit}`;
}

/**
 * Authenticates a REST/SOAP request and counts it against the org's daily API requests.
 * Composite subrequests carry the server's internal marker and are not counted again.
 */
export function authenticate(world: World, internalMarker: string) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const params = request.params as Record<string, string | undefined>;
    const version = parseVersion(params.version);
    if (!version) {
      await sendSfError(reply, 404, 'NOT_FOUND', 'The requested resource does not exist');
      return;
    }
    const token = bearerToken(request);
    const found = token ? world.sessions.use(token) : { ok: false as const };
    const org = found.ok ? world.orgs.get(found.session.orgId) : undefined;
    const host = requestHost(request);
    if (!found.ok || !org || (host.kind === 'mydomain' && host.domain !== org.myDomain.toLowerCase())) {
      await sendInvalidSession(reply);
      return;
    }
    if (!org.apiEnabled) {
      await sendSfError(reply, 403, 'API_DISABLED_FOR_ORG', 'The REST API is not enabled for this Organization.');
      return;
    }
    const user = org.byId('User', found.session.userId);
    if (org.byId('Profile', String(user?.ProfileId))?.PermissionsApiEnabled === false) {
      await sendSfError(reply, 403, 'API_CURRENTLY_DISABLED', 'API is disabled for this User');
      return;
    }
    if (request.headers['x-emulator-internal'] !== internalMarker) {
      if (org.apiUsage >= org.dailyApiLimit) {
        reply.header('sforce-limit-info', limitInfo(org));
        await sendSfError(reply, 403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.');
        return;
      }
      org.apiUsage += 1;
    }
    reply.header('sforce-limit-info', limitInfo(org));
    contexts.set(request, { org, session: found.session, version });
  };
}
