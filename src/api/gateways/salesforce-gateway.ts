/**
 * The API's Salesforce port over the Salesforce connector: Map and register with what the form
 * holds, and the org reads and writes of a saved mapping with its decrypted credentials (which
 * live only for the call).
 */
import { fail, ok, type Result } from '../../domain/index.ts';
import {
  mapAndRegister,
  provision,
  readOrgSnapshot,
  SalesforceSession,
  toFailure,
  type LoginHosts,
  type PrerequisiteConfig,
  type SalesforceCredentials,
} from '../../connectors/salesforce/index.ts';
import type { SalesforceUser as StoreSalesforceUser, StatusAccess, Store } from '../../store/index.ts';
import type { PrerequisiteReportRow, SalesforceGateway } from '../deps.ts';

export interface SalesforceGatewayOptions {
  readonly store: Store;
  readonly prerequisites: PrerequisiteConfig;
  readonly loginHosts?: LoginHosts;
  readonly apiVersion?: string;
}

export function createSalesforceGateway(options: SalesforceGatewayOptions): SalesforceGateway {
  async function session(tenantId: string, mappingId: string): Promise<Result<SalesforceSession>> {
    const mapping = await options.store.accountMappings.get(tenantId, mappingId);
    if (!mapping) return fail({ code: 'PSYNC_ACCOUNT_MAPPING_NOT_FOUND', message: `Tenant ${tenantId} has no account mapping ${mappingId}.` });
    const secrets = await options.store.accountMappings.revealSecrets(tenantId, mappingId);
    if (!mapping.sfUsername || !mapping.sfClientId || !secrets.sfPassword || !secrets.sfClientSecret) {
      return fail({ code: 'PSYNC_ACCOUNT_MAPPING_INCOMPLETE', message: `Account mapping "${mapping.environmentName}" lacks its username, password, client id or client secret; complete it and Map and register again.` });
    }
    const credentials: SalesforceCredentials = { flow: 'password', loginUrl: mapping.loginUrl, clientId: mapping.sfClientId, clientSecret: secrets.sfClientSecret, username: mapping.sfUsername, password: secrets.sfPassword };
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
        credentials: { flow: 'password', loginUrl: request.loginUrl, clientId: request.clientId, clientSecret: request.clientSecret, username: request.username, password: request.password },
        ...(options.loginHosts ? { loginHosts: options.loginHosts } : {}),
        ...(options.apiVersion ? { apiVersion: options.apiVersion } : {}),
      });
      if (!result.ok) return result;
      const org = result.value;
      return ok({ organizationId: org.organizationId, organizationName: org.organizationName, instanceUrl: org.instanceUrl, loginUrl: org.loginUrl, isSandbox: org.isSandbox, hyperforce: org.hyperforce, notes: org.notes });
    },

    refreshOrg: (tenantId, mappingId) =>
      withSession(tenantId, mappingId, async (s) => {
        const snapshot = await readOrgSnapshot(s, options.prerequisites);
        const users: StoreSalesforceUser[] = snapshot.users.map((u) => ({
          id: u.id,
          username: u.username,
          email: u.email ?? null,
          federationId: u.federationIdentifier ?? null,
          name: u.name,
          profileId: u.profileId,
          permissionSetIds: snapshot.permissionSetIdsByUser.get(u.id.toLowerCase()) ?? [],
          active: u.isActive,
        }));
        const access: StatusAccess[] = snapshot.access.holders.flatMap((h) => h.statusIds.map((statusId) => ({ statusId, parentId: h.id, parentKind: h.kind })));
        return options.store.salesforce.replaceSnapshot(tenantId, { users, statuses: snapshot.statuses, access });
      }),

    prerequisites: (tenantId, mappingId) =>
      withSession(tenantId, mappingId, async (s) => {
        const snapshot = await readOrgSnapshot(s, options.prerequisites);
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
