/**
 * The admin API with its real Salesforce and CXone gateways, against both emulators over loopback:
 * what an administrator's account mapping meets when connecting a real tenant.
 */
import { createCxoneEmulator, type CxoneEmulator } from '../../../emulators/cxone/index.ts';
import type { SalesforceEmulator } from '../../../emulators/salesforce/index.ts';
import { createCxoneGateway } from '../../../src/api/gateways/cxone-gateway.ts';
import { createSalesforceGateway } from '../../../src/api/gateways/salesforce-gateway.ts';
import type { CxoneGateway, SalesforceGateway } from '../../../src/api/index.ts';
import { createCxoneConnector } from '../../../src/connectors/cxone/index.ts';
import { tenantConnectionsOf } from '../../../src/hub/tenant-connections.ts';
import { createHarness, type Harness } from './harness.ts';
import { SECRETS, startSalesforce } from './salesforce-org.ts';

/** The operator's allow-list for the emulators on loopback (PRESENCE_SYNC_ALLOWED_ENDPOINTS=http://127.0.0.1). */
export const EMULATORS = [{ protocol: 'http:', host: '127.0.0.1' }] as const;

export interface MappingWorld {
  readonly h: Harness;
  readonly salesforce: SalesforceEmulator;
  readonly cxone: CxoneEmulator;
  /** The shared production login host of the Salesforce emulator. */
  readonly login: string;
  /** The org's My Domain URL (client credentials). */
  readonly myDomain: string;
  /** The form's CXone fields for the Acme tenant in the CXone emulator (all of them right). */
  readonly cxoneFields: { cxoneClientId: string; cxoneClientSecret: string; cxoneAccessKeyId: string; cxoneAccessKeySecret: string; cxoneIssuer: string; cxoneTenantId: string };
  close(): Promise<void>;
}

export async function startMappingWorld(): Promise<MappingWorld> {
  const salesforce = await startSalesforce();
  const cxone = await createCxoneEmulator({});
  const tenant = cxone.control.createTenant({ tenantId: 'cx-acme', name: 'Acme Contact Center' });
  cxone.control.createApplication({ clientId: 'presence-sync-app', clientSecret: 'cxone-client-secret-abc', tenantId: tenant.tenantId });
  const team = cxone.control.createTeam(tenant.tenantId, { teamName: 'Integration' });
  const { accessKey } = cxone.control.createUser(tenant.tenantId, { teamId: team.teamId, firstName: 'Access', lastName: 'Key User', userName: 'access.key@acme.example', accessKey: true });
  const hosts = { production: `${salesforce.url}/login`, sandbox: `${salesforce.url}/test` };
  // The gateways read the harness's store, which exists only once the harness does.
  const holder: { salesforce?: SalesforceGateway; cxone?: CxoneGateway } = {};
  const lazySalesforce: SalesforceGateway = {
    mapAndRegister: (r) => holder.salesforce!.mapAndRegister(r),
    authorizationUrl: (r) => holder.salesforce!.authorizationUrl(r),
    exchangeCode: (r) => holder.salesforce!.exchangeCode(r),
    refreshOrg: (t, m) => holder.salesforce!.refreshOrg(t, m),
    prerequisites: (t, m) => holder.salesforce!.prerequisites(t, m),
    provisionStatuses: (t, m, r) => holder.salesforce!.provisionStatuses(t, m, r),
  };
  const lazyCxone: CxoneGateway = {
    refreshDirectory: (t) => holder.cxone!.refreshDirectory(t),
    checkConnection: (c) => holder.cxone!.checkConnection(c),
    readAdapterRule: (t, o) => holder.cxone!.readAdapterRule!(t, o),
    pushAdapterRule: (t, o, r) => holder.cxone!.pushAdapterRule!(t, o, r),
  };
  const h = await createHarness({ salesforce: lazySalesforce, cxone: lazyCxone, deps: { salesforceLoginHosts: hosts, allowedEndpoints: EMULATORS }, secrets: [...SECRETS, accessKey!.accessKeySecret] });
  holder.salesforce = createSalesforceGateway({ store: h.store, prerequisites: { agentPermissionSetName: 'NICE_Agent', packageNamespace: 'nicecx' }, loginHosts: hosts });
  // As the hub wires it: the connector reads the connection of the tenant's mapping in use.
  const connections = tenantConnectionsOf(h.store);
  holder.cxone = createCxoneGateway({ store: h.store, connector: createCxoneConnector({ connections: { get: (t) => connections.cxone(t) } }) });
  await h.request({ method: 'POST', url: '/api/v1/tenants', payload: { id: 'acme', name: 'Acme' } });
  return {
    h,
    salesforce,
    cxone,
    login: hosts.production,
    myDomain: salesforce.control.describeOrg('00D5g000004XyZa').loginUrls.myDomain,
    cxoneFields: {
      cxoneClientId: 'presence-sync-app',
      cxoneClientSecret: 'cxone-client-secret-abc',
      cxoneAccessKeyId: accessKey!.accessKeyId,
      cxoneAccessKeySecret: accessKey!.accessKeySecret,
      cxoneIssuer: cxone.url,
      cxoneTenantId: tenant.tenantId,
    },
    async close() {
      await h.close();
      await Promise.all([salesforce.close(), cxone.close()]);
    },
  };
}
