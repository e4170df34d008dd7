/**
 * The API's Salesforce port over the Salesforce connector: Map and register with what the form
 * holds, and the org reads and writes of a saved mapping with its decrypted credentials (which
 * live only for the call).
 */
import { fail, ok, type Result } from '../../domain/index.ts';
import {
  buildAuthorizationRequest,
  exchangeAuthorizationCode,
  mapAndRegister,
  provision,
  readOrgSnapshot,
  SalesforceSession,
  toFailure,
  type LoginHosts,
  type PrerequisiteConfig,
  type SalesforceCredentials,
} from '../../connectors/salesforce/index.ts';
import { refreshSalesforceOrg, salesforceCredentialsOf, type PrerequisiteProblems } from '../../directory/index.ts';
import type { Store } from '../../store/index.ts';
import { withoutForeignText } from '../foreign-text.ts';
import type { MapAndRegisterRequest, PrerequisiteReportRow, SalesforceGateway } from '../deps.ts';

export interface SalesforceGatewayOptions {
  readonly store: Store;
  readonly prerequisites: PrerequisiteConfig;
  readonly loginHosts?: LoginHosts;
  readonly apiVersion?: string;
  /** Where the hub keeps each user's failing prerequisites, so that such agents are not synced. */
  readonly prerequisiteProblems?: PrerequisiteProblems;
}

export function createSalesforceGateway(options: SalesforceGatewayOptions): SalesforceGateway {
  async function session(tenantId: string, mappingId: string): Promise<Result<SalesforceSession>> {
    const mapping = await options.store.accountMappings.get(tenantId, mappingId);
    if (!mapping) return fail({ code: 'PSYNC_ACCOUNT_MAPPING_NOT_FOUND', message: `Tenant ${tenantId} has no account mapping ${mappingId}.` });
    const { credentials, missing } = salesforceCredentialsOf(mapping, await options.store.accountMappings.revealSecrets(tenantId, mappingId));
    if (!credentials) return fail({ code: 'PSYNC_ACCOUNT_MAPPING_INCOMPLETE', message: `Account mapping "${mapping.environmentName}" lacks: ${missing.join(', ')}. Complete it and Map and register again.` });
    return ok(new SalesforceSession({ credentials, ...(options.apiVersion ? { apiVersion: options.apiVersion } : {}) }));
  }

  async function withSession<T>(tenantId: string, mappingId: string, work: (s: SalesforceSession) => Promise<T>): Promise<Result<T>> {
    const opened = await session(tenantId, mappingId);
    if (!opened.ok) return opened;
    try {
      return ok(await work(opened.value));
    } catch (error) {
      return fail(toFailure(error));
    }
  }

  return {
    async mapAndRegister(request) {
      const result = await mapAndRegister({
        platform: request.platform,
        organizationId: request.organizationId,
        credentials: credentialsOf(request),
        ...(options.loginHosts ? { loginHosts: options.loginHosts } : {}),
        ...(options.apiVersion ? { apiVersion: options.apiVersion } : {}),
      });
      if (!result.ok) return fail(...result.problems.map(withoutForeignText));
      const org = result.value;
      return ok({ organizationId: org.organizationId, organizationName: org.organizationName, instanceUrl: org.instanceUrl, loginUrl: org.loginUrl, isSandbox: org.isSandbox, hyperforce: org.hyperforce, notes: org.notes });
    },

    authorizationUrl(request) {
      const built = buildAuthorizationRequest({ loginUrl: request.loginUrl, clientId: request.clientId, redirectUri: request.redirectUri, state: request.state });
      return { url: built.url, codeVerifier: built.codeVerifier };
    },

    async exchangeCode(request) {
      try {
        const grant = await exchangeAuthorizationCode(request);
        // exchangeAuthorizationCode refuses a grant without a refresh token.
        return ok({ refreshToken: grant.refreshToken as string });
      } catch (error) {
        return fail(withoutForeignText(toFailure(error)));
      }
    },

    async refreshOrg(tenantId, mappingId) {
      const opened = await session(tenantId, mappingId);
      if (!opened.ok) return opened;
      const refreshed = await refreshSalesforceOrg(options.store, opened.value, tenantId, options.prerequisites, options.prerequisiteProblems);
      if (!refreshed.ok) return refreshed;
      const { snapshot: _snapshot, ...summary } = refreshed.value;
      return ok(summary);
    },

    prerequisites: (tenantId, mappingId) =>
      withSession(tenantId, mappingId, async (s) => {
        const snapshot = await readOrgSnapshot(s, options.prerequisites);
        await options.prerequisiteProblems?.record(tenantId, snapshot);
        return snapshot.prerequisites.map(
          (r): PrerequisiteReportRow => ({
            sfUserId: r.salesforceUserId,
            username: r.username,
            ok: r.ok,
            checks: r.checks.map((c) => ({ id: c.id, ok: c.ok, message: c.problem?.message ?? 'OK' })),
          }),
        );
      }),

    provisionStatuses: (tenantId, mappingId, request) =>
      withSession(tenantId, mappingId, async (s) => {
        const report = await provision(s, {
          statuses: request.statuses.map((st) => ({ label: st.label, developerName: st.developerName, channels: st.availability === 'online' ? st.channels : [] })),
          ...(request.profileNames.length > 0 ? { access: [{ statuses: request.statuses.map((st) => st.developerName), profiles: request.profileNames }] } : {}),
        });
        return { items: report.items.map((i) => ({ what: `${i.kind} ${i.name}`, outcome: i.outcome, message: i.problem?.message ?? i.outcome })) };
      }),
  };
}

/** The connector's credentials for the flow the form chose. */
function credentialsOf(request: MapAndRegisterRequest): SalesforceCredentials {
  const { login, loginUrl } = request;
  switch (login.flow) {
    case 'username_password':
      return { flow: 'password', loginUrl, clientId: login.clientId, clientSecret: login.clientSecret, username: login.username, password: login.password };
    case 'client_credentials':
      return { flow: 'client_credentials', loginUrl, clientId: login.clientId, clientSecret: login.clientSecret };
    case 'jwt_bearer':
      return { flow: 'jwt_bearer', loginUrl, clientId: login.clientId, username: login.username, privateKeyPem: login.privateKey };
    case 'authorization_code':
      return { flow: 'web_server', loginUrl, clientId: login.clientId, refreshToken: login.refreshToken, ...(login.clientSecret !== undefined ? { clientSecret: login.clientSecret } : {}) };
  }
}
