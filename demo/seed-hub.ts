import { mapAndRegister, SalesforceSession, type SalesforceCredentials } from '../src/connectors/salesforce/index.ts';
import { generateBridgeSecret } from '../src/bridge/index.ts';
import { validateRule, type PresenceRule, type RuleCatalog } from '../src/domain/index.ts';
import { refreshCxoneDirectory, refreshSalesforceOrg } from '../src/directory/index.ts';
import type { Hub } from '../src/hub/hub.ts';
import { DEMO_ORG_ID, STATUS_LABELS, type CODE_NAMES, type WorldAddress } from './demo-world.ts';

export const DEMO_TENANT = 'demo';
const MAPPING_ID = 'demo-environment';
const RULE_ID = 'voice-agents';
/** What the demo org's agents have: the defaults of PRESENCE_SYNC_SF_AGENT_PERMISSION_SET and ..._PACKAGE_NAMESPACE. */
export const PREREQUISITES = { agentPermissionSetName: 'Agent', packageNamespace: 'NICE' } as const;

/**
 * Does what the brief's administrator does, through the hub's own code paths: switches on, an
 * account mapping verified with "Map and register", "Get CXone users", the org's statuses and
 * users, agent links, and a bidirectional rule with a "previous state" row assigned to the team.
 * Run at every start: the emulators are new each time, the hub's data is kept.
 */
export async function seedHub(hub: Hub, world: WorldAddress): Promise<{ bridgeSecret: string; rule: PresenceRule }> {
  const { store } = hub;
  await store.tenants.upsert({ id: DEMO_TENANT, name: 'Demo Contact Center' });
  await store.tenants.setSwitches(DEMO_TENANT, { salesforceAdapter: true });
  await store.tenants.setSwitches(DEMO_TENANT, { presenceSync: true });

  const credentials: SalesforceCredentials = {
    flow: 'client_credentials',
    loginUrl: world.org.loginUrls.myDomain,
    clientId: world.sfApp.consumerKey,
    clientSecret: world.sfApp.consumerSecret,
  };
  const registered = await mapAndRegister({
    platform: 'production',
    organizationId: DEMO_ORG_ID,
    credentials,
    loginHosts: { production: `${world.salesforce.url}/login`, sandbox: `${world.salesforce.url}/test` },
  });
  if (!registered.ok) throw new Error(`Map and register failed: ${registered.problems.map((p) => p.message).join(' ')}`);

  const existing = await store.accountMappings.get(DEMO_TENANT, MAPPING_ID);
  const bridgeSecret = existing?.secretsSet.bridgeSecret ? (await store.accountMappings.revealSecrets(DEMO_TENANT, MAPPING_ID)).bridgeSecret! : generateBridgeSecret();
  await store.accountMappings.save(
    {
      id: MAPPING_ID,
      tenantId: DEMO_TENANT,
      accessKeyUser: world.accessKey.userId,
      platform: 'production',
      environmentName: 'Demo org',
      orgId: registered.value.organizationId,
      authFlow: 'client_credentials',
      loginUrl: credentials.loginUrl,
      instanceUrl: registered.value.instanceUrl,
      sfClientId: credentials.clientId,
      cxoneAccessKeyId: world.accessKey.accessKeyId,
      cxoneClientId: world.cxoneApp.clientId,
      cxoneIssuer: world.cxone.url,
      cxoneTenantId: world.cxoneTenantId,
      status: 'verified',
    },
    { sfClientSecret: credentials.clientSecret, cxoneAccessKeySecret: world.accessKey.accessKeySecret, cxoneClientSecret: world.cxoneApp.clientSecret, bridgeSecret },
  );
  hub.cxone.forget(DEMO_TENANT);

  const directory = await refreshCxoneDirectory(store, hub.cxone, DEMO_TENANT);
  if (!directory.ok) throw new Error(`Get CXone users failed: ${directory.problems.map((p) => p.message).join(' ')}`);
  const org = await refreshSalesforceOrg(store, new SalesforceSession({ credentials }), DEMO_TENANT, PREREQUISITES, hub.prerequisites);
  if (!org.ok) throw new Error(`Reading the Salesforce org failed: ${org.problems.map((p) => p.message).join(' ')}`);

  const rule = await saveDemoRule(hub, world);
  await hub.refreshTenants();
  return { bridgeSecret, rule };
}

/**
 * The demo's "Voice agents" rule (bidirectional, with a "previous state" row), given the org's
 * status IDs by label and the CXone code IDs by name; benchmarks give it to tenants of their own.
 */
export function voiceAgentsRule(statusId: (label: string) => string, code: (name: (typeof CODE_NAMES)[number]) => string) {
  const status = (label: string) => ({ kind: 'Status' as const, statusId: statusId(label) });
  return {
    id: RULE_ID,
    name: 'Voice agents',
    skipUnavailableCodeValidation: false,
    publisher: [
      { acd: { kind: 'Available' as const }, salesforce: status(STATUS_LABELS.available) },
      { acd: { kind: 'Unavailable' as const, codeId: code('Lunch') }, salesforce: status(STATUS_LABELS.busy) },
      { acd: { kind: 'Unavailable' as const, codeId: code('Break') }, salesforce: status(STATUS_LABELS.break) },
      { acd: { kind: 'Working' as const, activity: 'InboundContact' as const }, salesforce: status(STATUS_LABELS.onCall) },
      { acd: { kind: 'LoggedOut' as const }, salesforce: { kind: 'Offline' as const } },
    ],
    subscriber: [
      { salesforce: status(STATUS_LABELS.busy), acd: { kind: 'Unavailable' as const, codeId: code('Lunch') } },
      { salesforce: status(STATUS_LABELS.break), acd: { kind: 'Unavailable' as const, codeId: code('Break') } },
      { salesforce: status(STATUS_LABELS.available), acd: { kind: 'PREVIOUS' as const } },
    ],
  };
}

async function saveDemoRule(hub: Hub, world: WorldAddress): Promise<PresenceRule> {
  const { store } = hub;
  const team = (await store.cxone.teams(DEMO_TENANT)).find((t) => t.name === 'Voice Team')!;
  const draft = voiceAgentsRule((label) => world.org.statuses[label.replace(/ /g, '_')]!, (name) => world.codes[name]!);
  const current = await store.rules.get(DEMO_TENANT, RULE_ID);
  const candidate: PresenceRule = { ...draft, version: current?.version ?? 0, assignments: { teamIds: [team.id], userIds: [] } };
  const validation = validateRule(candidate, await catalogOf(hub), (await store.rules.list(DEMO_TENANT)).filter((r) => r.id !== RULE_ID));
  if (!validation.ok) throw new Error(`The demo rule is invalid: ${validation.errors.map((e) => e.message).join(' ')}`);
  if (current && JSON.stringify({ p: current.publisher, s: current.subscriber }) === JSON.stringify({ p: draft.publisher, s: draft.subscriber })) return current;
  await store.rules.save(DEMO_TENANT, draft);
  return store.rules.assign(DEMO_TENANT, RULE_ID, candidate.assignments, { takeOver: true });
}

async function catalogOf(hub: Hub): Promise<RuleCatalog> {
  const { store } = hub;
  const [statuses, codes, teams, users] = await Promise.all([store.salesforce.statuses(DEMO_TENANT), store.cxone.codes(DEMO_TENANT), store.cxone.teams(DEMO_TENANT), store.cxone.users(DEMO_TENANT)]);
  const teamCodes = await Promise.all(teams.map(async (t) => ({ ...t, codeIds: new Set((await store.cxone.teamCodes(DEMO_TENANT, t.id)).map((c) => c.id)) })));
  return {
    statuses: new Map(statuses.map((s) => [s.id.toLowerCase(), s])),
    codes: new Map(codes.map((c) => [c.id, c])),
    teams: new Map(teamCodes.map((t) => [t.id, t])),
    users: new Map(users.map((u) => [u.id, { id: u.id, name: `${u.firstName} ${u.lastName}`, teamId: u.teamId }])),
  };
}
