import { ok, toId18 } from '../../../src/domain/index.ts';
import type { CxoneGateway, SalesforceGateway } from '../../../src/api/index.ts';
import type { CxoneSnapshot, Store } from '../../../src/store/index.ts';

const id18 = (id15: string) => {
  const r = toId18(id15);
  if (!r.ok) throw new Error(id15);
  return r.value;
};

export const STATUS_CHATS = id18('0N5000000000001');
export const STATUS_BUSY = id18('0N5000000000002');
export const SF_ALICE = id18('005000000000001');
export const PROFILE = id18('00e000000000001');

export const CXONE_SNAPSHOT: CxoneSnapshot = {
  users: [
    { id: 'u-100', firstName: 'Alice', lastName: 'Agent', email: 'alice@acme.example', username: 'alice', federationId: null, teamId: 'T1', active: true },
    { id: 'u-200', firstName: 'Paul', lastName: 'Plain', email: 'paul@acme.example', username: 'paul', federationId: null, teamId: 'T2', active: true },
  ],
  teams: [
    { id: 'T1', name: 'Chat team', active: true },
    { id: 'T2', name: 'Voice team', active: true },
  ],
  codes: [{ id: 'C-LUNCH', name: 'Lunch', active: true }],
  teamCodes: [{ teamId: 'T1', codeId: 'C-LUNCH' }],
};

/** "Get CXone users" against a fixed directory: the route's behaviour, not the connector's, is under test here. */
export const fixedCxone = (store: () => Store): CxoneGateway => ({
  async refreshDirectory(tenantId) {
    return ok(await store().cxone.replaceSnapshot(tenantId, CXONE_SNAPSHOT));
  },
  checkConnection: async (connection) => ok({ cxoneTenantId: connection.tenantId ?? 'cx-tenant', apiEndpoint: 'https://api-na1.niceincontact.com', issuer: connection.issuer ?? 'https://cxone.niceincontact.com' }),
});

export async function seedSalesforce(store: Store, tenantId: string): Promise<void> {
  await store.salesforce.replaceSnapshot(tenantId, {
    statuses: [
      { id: STATUS_CHATS, label: 'Available for Chats', developerName: 'Available_for_Chats', availability: 'online', channels: ['Case'] },
      { id: STATUS_BUSY, label: 'Busy', developerName: 'Busy', availability: 'busy', channels: [] },
    ],
    users: [{ id: SF_ALICE, username: 'alice@acme.example', email: 'alice@acme.example', federationId: null, name: 'Alice Agent', profileId: PROFILE, permissionSetIds: [], active: true }],
    access: [
      { statusId: STATUS_CHATS, parentId: PROFILE, parentKind: 'profile' },
      { statusId: STATUS_BUSY, parentId: PROFILE, parentKind: 'profile' },
    ],
  });
  await store.accountMappings.save({ id: 'env', tenantId, accessKeyUser: 'u-100', platform: 'production', environmentName: 'Acme', orgId: '00D5g000004XyZaEAK', authFlow: 'username_password', loginUrl: 'https://login.salesforce.com', status: 'verified' });
}

export const fakeSalesforce = (): SalesforceGateway => ({
  mapAndRegister: async () => ok({ organizationId: '00D5g000004XyZaEAK', organizationName: 'Acme', instanceUrl: 'https://acme.my.salesforce.com', loginUrl: 'https://login.salesforce.com', isSandbox: false, hyperforce: false, notes: [] }),
  authorizationUrl: (request) => ({ url: `${request.loginUrl}/services/oauth2/authorize?state=${request.state}`, codeVerifier: 'verifier' }),
  exchangeCode: async () => ok({ refreshToken: 'refresh-token' }),
  refreshOrg: async () => ok({ statuses: { added: [], updated: [], removed: [] } }),
  prerequisites: async () => ok([{ sfUserId: SF_ALICE, username: 'alice@acme.example', ok: true, checks: [{ id: 'lightning', ok: true, message: 'OK' }] }]),
  provisionStatuses: async (_t, _m, request) => ok({ items: request.statuses.map((st) => ({ what: `status ${st.developerName}`, outcome: 'created' as const, message: 'created' })) }),
});
