/**
 * The hub sends a tenant's stored credentials only to the platforms' own hosts, or to the hosts the
 * operator allowed (PRESENCE_SYNC_ALLOWED_ENDPOINTS): a login URL or CXone issuer outside them is
 * refused before any connection is made, naming the field and what is expected.
 */
import { CXONE_ISSUERS } from '../connectors/cxone/index.ts';
import { endpointProblem, type AllowedEndpoint } from '../config/endpoint-hosts.ts';
import { ApiError } from './errors.ts';

export interface EndpointGuard {
  /** Problems of these endpoints, by form field; empty when each may receive credentials. */
  problems(endpoints: { readonly loginUrl?: string | undefined; readonly cxoneIssuer?: string | null | undefined }): { path: string; message: string }[];
  /** Throws PSYNC_ENDPOINT_NOT_ALLOWED (400) when any endpoint may not receive credentials. */
  require(endpoints: { readonly loginUrl?: string | undefined; readonly cxoneIssuer?: string | null | undefined }): void;
}

export function endpointGuard(allowed: readonly AllowedEndpoint[] = []): EndpointGuard {
  const problems: EndpointGuard['problems'] = ({ loginUrl, cxoneIssuer }) => {
    const found: { path: string; message: string }[] = [];
    const sf = loginUrl === undefined ? undefined : endpointProblem('salesforce', loginUrl, allowed);
    if (sf) found.push({ path: 'loginUrl', message: sf });
    const cx = cxoneIssuer ? endpointProblem('cxone', cxoneIssuer, allowed) : undefined;
    if (cx) found.push({ path: 'cxoneIssuer', message: cx });
    return found;
  };
  return {
    problems,
    require(endpoints) {
      const found = problems(endpoints);
      if (found.length === 0) return;
      const fields = found.map((p) => ({ field: `body.${p.path}`, message: p.message }));
      throw new ApiError(400, 'PSYNC_ENDPOINT_NOT_ALLOWED', `Check of the endpoints failed; nothing was sent or saved. ${found.map((p) => p.message).join(' ')}`, { fields });
    },
  };
}

const trimmed = (url: string) => url.trim().replace(/\/+$/, '').toLowerCase();

/** Whether two CXone issuers are the same endpoint (none: the commercial cloud's). */
export const sameIssuer = (a: string | null | undefined, b: string | null | undefined): boolean => trimmed(a || CXONE_ISSUERS.commercial) === trimmed(b || CXONE_ISSUERS.commercial);

/** Whether two Salesforce login URLs are the same endpoint. */
export const sameLoginUrl = (a: string, b: string): boolean => trimmed(a) === trimmed(b);
