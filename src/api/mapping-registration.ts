/**
 * Map and register for any flow: checks the CXone application and access key (when the mapping has
 * them) and logs in to Salesforce with the flow's credentials, both before anything is stored. Every
 * problem comes back at once, each with its code and, where it points at one, the form's field.
 */
import { SALESFORCE_LOGIN_HOSTS } from '../connectors/salesforce/index.ts';
import type { Problem } from '../domain/index.ts';
import type { AccountMappingInput, AccountMappingStatus, SalesforcePlatform } from '../store/index.ts';
import type { AdminApiDeps, CxoneConnectionReport, RegisteredOrgSummary } from './deps.ts';
import { endpointGuard } from './endpoint-guard.ts';
import { ApiError } from './errors.ts';
import { loginOf, normalisedOrgId, type MappingDraft } from './mapping-drafts.ts';

export interface Registered {
  /** Undefined for the web-server flow before "Connect to Salesforce". */
  readonly org?: RegisteredOrgSummary;
  /** Undefined when the CXone connection was not (re)checked. */
  readonly cxone?: CxoneConnectionReport;
  readonly loginUrl: string;
}

/** Which form field a connector's problem points at, so the console can show it next to the field. */
const FIELDS_OF_PROBLEM: Readonly<Record<string, readonly string[]>> = {
  PSYNC_CXONE_CLIENT_REJECTED: ['cxoneClientId', 'cxoneClientSecret'],
  PSYNC_CXONE_ACCESS_KEY_REJECTED: ['cxoneAccessKeyId', 'cxoneAccessKeySecret'],
  PSYNC_CXONE_TENANT_MISMATCH: ['cxoneTenantId'],
  PSYNC_CXONE_UNREACHABLE: ['cxoneIssuer'],
  PSYNC_CXONE_NOT_FOUND: ['cxoneIssuer'],
  PSYNC_CXONE_UNEXPECTED_RESPONSE: ['cxoneIssuer'],
  PSYNC_SF_BAD_CLIENT_ID: ['clientId'],
  PSYNC_SF_BAD_CLIENT_SECRET: ['clientSecret'],
  PSYNC_SF_ORG_MISMATCH: ['orgId'],
  PSYNC_SF_WRONG_LOGIN_HOST: ['loginUrl'],
  PSYNC_SF_HOST_UNKNOWN: ['loginUrl'],
  PSYNC_SF_BAD_CREDENTIALS: ['password'],
  PSYNC_SF_IP_RESTRICTED: ['password'],
  PSYNC_SF_USER_INACTIVE: ['username'],
  PSYNC_SF_JWT_KEY_INVALID: ['privateKey'],
  PSYNC_SF_JWT_INVALID: ['privateKey'],
  PSYNC_SF_NO_RUN_AS_USER: ['clientId'],
};

/** The refusal of Map and register: the problems, and the fields they point at. */
export function registrationFailed(problems: readonly Problem[]): ApiError {
  const fields = problems.flatMap((p) => (FIELDS_OF_PROBLEM[p.code] ?? []).map((f) => ({ field: `body.${f}`, message: p.message })));
  return new ApiError(422, 'PSYNC_MAP_AND_REGISTER_FAILED', `Map and register failed; nothing was saved. ${problems.map((p) => p.message).join(' ')}`.trim(), { problems, fields });
}

export const NOT_CONNECTED_DETAIL =
  'Not connected to Salesforce yet: press "Connect to Salesforce" and log in as the integration user; Map and register runs when Salesforce sends you back to the hub.';

const WHO: Readonly<Record<MappingDraft['authFlow'], (d: MappingDraft) => string>> = {
  username_password: (d) => `as ${d.username} (username-password flow)`,
  client_credentials: () => "as the connected app's Run As user (client credentials flow)",
  jwt_bearer: (d) => `as ${d.username} (JWT bearer flow)`,
  authorization_code: () => 'with the refresh token of the administrator who connected it (web-server flow)',
};

export function mappingRegistrar(deps: AdminApiDeps) {
  const hosts = deps.salesforceLoginHosts ?? SALESFORCE_LOGIN_HOSTS;
  const loginUrlFor = (platform: SalesforcePlatform, typed: string | undefined) => typed ?? (platform === 'sandbox' ? hosts.sandbox : hosts.production);
  const endpoints = endpointGuard(deps.allowedEndpoints);

  /** Logs in with exactly what the draft holds; throws PSYNC_MAP_AND_REGISTER_FAILED on any problem. */
  async function register(draft: MappingDraft, options: { readonly checkCxone: boolean }): Promise<Registered> {
    const loginUrl = loginUrlFor(draft.platform, draft.loginUrl);
    // Nothing is sent anywhere before both endpoints pass: the credentials go only to the platforms' hosts.
    endpoints.require({ loginUrl, cxoneIssuer: draft.cxone?.issuer });
    const login = loginOf(draft);
    const [cxone, org] = await Promise.all([
      options.checkCxone && draft.cxone ? deps.cxone.checkConnection(draft.cxone) : undefined,
      login ? deps.salesforce.mapAndRegister({ platform: draft.platform, organizationId: draft.orgId, loginUrl, login }) : undefined,
    ]);
    const problems = [...(cxone && !cxone.ok ? cxone.problems : []), ...(org && !org.ok ? org.problems : [])];
    if (problems.length > 0) throw registrationFailed(problems);
    return { loginUrl, ...(org?.ok ? { org: org.value } : {}), ...(cxone?.ok ? { cxone: cxone.value } : {}) };
  }

  function detailOf(draft: MappingDraft, registered: Registered): string {
    if (!registered.org) return NOT_CONNECTED_DETAIL;
    const { org, cxone } = registered;
    const notes = org.notes.map((n) => ` ${n.message}`).join('');
    const cx = cxone ? ` CXone: signed in to tenant ${cxone.cxoneTenantId} (${cxone.apiEndpoint}).` : '';
    return `Map and register reached "${org.organizationName}" (${org.organizationId}) ${WHO[draft.authFlow](draft)}.${notes}${cx}`;
  }

  function inputOf(tenantId: string, id: string, draft: MappingDraft, registered: Registered, status: AccountMappingStatus, previousInstanceUrl: string | null = null): AccountMappingInput {
    return {
      id,
      tenantId,
      accessKeyUser: draft.accessKeyUser,
      platform: draft.platform,
      environmentName: draft.environmentName,
      orgId: registered.org?.organizationId ?? normalisedOrgId(draft.orgId),
      authFlow: draft.authFlow,
      loginUrl: registered.loginUrl,
      instanceUrl: registered.org?.instanceUrl ?? previousInstanceUrl,
      sfClientId: draft.clientId,
      sfUsername: draft.username ?? null,
      cxoneClientId: draft.cxone?.clientId ?? null,
      cxoneAccessKeyId: draft.cxone?.accessKeyId ?? null,
      cxoneIssuer: draft.cxone?.issuer ?? null,
      cxoneTenantId: draft.cxone?.tenantId ?? null,
      status: registered.org ? status : 'failed',
      statusDetail: detailOf(draft, registered),
    };
  }

  return { loginUrlFor, endpoints, register, inputOf };
}

export type MappingRegistrar = ReturnType<typeof mappingRegistrar>;
