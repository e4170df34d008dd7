/**
 * docs/install.md "Running for real", followed by an administrator: CXone and Salesforce (the
 * emulators, each its own process, set up through their control surfaces as a tenant's and an
 * org's administrators would), then only the command line and the admin API over HTTP. Nothing is
 * seeded into the hub: what it knows, it learns the way it would from a real tenant.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../e2e/support/hub-child.ts';
import { alive, descendantsOf, operatorEnv, run, startChild, until, type Child } from './support/child-processes.ts';
import { ConsoleSession, controlClient } from './support/http-clients.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PRESENCE_SYNC = join(ROOT, 'bin/presence-sync.js');
/** What `npx presence-sync-cxone-emulator` and `npx presence-sync-salesforce-emulator` run. */
const CXONE_EMULATOR = join(ROOT, 'node_modules/.bin/presence-sync-cxone-emulator');
const SALESFORCE_EMULATOR = join(ROOT, 'node_modules/.bin/presence-sync-salesforce-emulator');

const dir = mkdtempSync(join(tmpdir(), 'psync-real-'));
const children: Child[] = [];
const TENANT = 'acme';
const MAPPING = 'acme-production';

/** The people of the contact center: Chloe's Salesforce user has another e-mail, so she is linked by hand. */
const AGENTS = [
  { first: 'Aiko', cxoneEmail: 'aiko@acme.example', sfUsername: 'aiko@acme.example' },
  { first: 'Ben', cxoneEmail: 'ben@acme.example', sfUsername: 'ben@acme.example' },
  { first: 'Chloe', cxoneEmail: 'chloe@acme.example', sfUsername: 'chloe.kato@acme-service.example' },
] as const;
type Agent = (typeof AGENTS)[number] & { cxoneId: number };

interface World {
  cxone: ReturnType<typeof controlClient>;
  salesforce: ReturnType<typeof controlClient>;
  cxoneUrl: string;
  cxoneTenantId: string;
  app: { clientId: string; clientSecret: string };
  accessKey: { accessKeyId: string; accessKeySecret: string; agentId: number };
  codes: { Lunch: number; Break: number };
  agents: Agent[];
  org: { id: string; id15: string; myDomainUrl: string };
  sfApp: { consumerKey: string; consumerSecret: string };
  sfAdmin: { username: string; password: string; securityToken: string };
}

let world: World;
let hub: Child;
let hubUrl: string;
let env: NodeJS.ProcessEnv;
const ps = (...args: string[]) => run(process.execPath, [PRESENCE_SYNC, ...args], env);

/** Starts an emulator command with `--port 0` and answers the base URL it prints first. */
async function startEmulator(bin: string): Promise<string> {
  const child = startChild(process.execPath, [bin, '--port', '0'], operatorEnv({}));
  children.push(child);
  return (await child.waitFor(/^(http:\/\/127\.0\.0\.1:\d+)$/m))[1]!;
}

/** A CXone tenant as its administrator has it: the registered application, an access key user, a team with codes, agents at work. */
async function setUpCxone(url: string): Promise<Pick<World, 'cxone' | 'cxoneUrl' | 'cxoneTenantId' | 'app' | 'accessKey' | 'codes' | 'agents'>> {
  const cxone = controlClient(url);
  const tenant = await cxone<{ tenantId: string }>('POST', '/emulator/tenants', { name: 'Acme Contact Center' });
  const t = tenant.tenantId;
  const app = await cxone<{ clientId: string; clientSecret: string }>('POST', '/emulator/applications', { tenantId: t });
  const voice = await cxone<{ teamId: number }>('POST', `/emulator/tenants/${t}/teams`, { teamName: 'Voice Team' });
  const backOffice = await cxone<{ teamId: number }>('POST', `/emulator/tenants/${t}/teams`, { teamName: 'Back Office' });
  const lunch = await cxone<{ id: number }>('POST', `/emulator/tenants/${t}/codes`, { name: 'Lunch', teamIds: [voice.teamId] });
  const brk = await cxone<{ id: number }>('POST', `/emulator/tenants/${t}/codes`, { name: 'Break', teamIds: [voice.teamId] });
  const integration = await cxone<{ accessKey: { accessKeyId: string; accessKeySecret: string; agentId: number } }>('POST', `/emulator/tenants/${t}/users`, {
    teamId: backOffice.teamId,
    firstName: 'Presence Sync',
    lastName: 'Integration',
    userName: 'presence-sync@acme.example',
    accessKey: true,
  });
  const agents: Agent[] = [];
  for (const a of AGENTS) {
    const { agent } = await cxone<{ agent: { agentId: number } }>('POST', `/emulator/tenants/${t}/users`, { teamId: voice.teamId, firstName: a.first, lastName: 'Agent', emailAddress: a.cxoneEmail, userName: a.cxoneEmail });
    // The agent starts the shift: logged in, then Available.
    await cxone('POST', `/emulator/agents/${agent.agentId}/login`, {});
    await cxone('POST', `/emulator/agents/${agent.agentId}/state`, { state: 'Available' });
    agents.push({ ...a, cxoneId: agent.agentId });
  }
  return { cxone, cxoneUrl: url, cxoneTenantId: t, app, accessKey: integration.accessKey, codes: { Lunch: lunch.id, Break: brk.id }, agents };
}

/** A Salesforce org as its administrator has it: statuses with profile access, the agents' permission set and licence, the connected app, an admin with a security token. */
async function setUpSalesforce(url: string): Promise<Pick<World, 'salesforce' | 'org' | 'sfApp' | 'sfAdmin'>> {
  const salesforce = controlClient(url);
  const sfAdmin = { username: 'admin@acme-service.example', password: 'Adm1n-Acme-pass', securityToken: 'T0kenFromResetMySecurityToken' };
  const org = await salesforce<{ id: string; id15: string; loginUrls: { myDomain: string } }>('POST', '/emulator/orgs', {
    name: 'Acme Service',
    myDomain: 'acme-service',
    channels: [{ developerName: 'sfdc_phone', label: 'Phone' }],
    statuses: [{ label: 'Available for Chats', channels: ['sfdc_phone'] }, { label: 'Busy' }, { label: 'On Break' }],
    profiles: [{ name: 'Contact Center Agent', statusAccess: ['Available_for_Chats', 'Busy', 'On_Break'] }],
    permissionSets: [{ name: 'Agent' }, { name: 'Presence_Sync_Bridge_User', label: 'Presence Sync Bridge User' }],
    packageLicenses: [{ namespacePrefix: 'NICE', allowedLicenses: 10 }],
    users: [{ username: sfAdmin.username, password: sfAdmin.password, securityToken: sfAdmin.securityToken, lastName: 'Admin', email: sfAdmin.username, profile: 'System Administrator' }],
  });
  // Setup → OAuth and OpenID Connect Settings → "Allow OAuth Username-Password Flows" (off in new orgs).
  await salesforce('PATCH', `/emulator/orgs/${org.id}/settings`, { allowUsernamePasswordFlows: true });
  const sfApp = await salesforce<{ consumerKey: string; consumerSecret: string }>('POST', `/emulator/orgs/${org.id}/connected-apps`, {
    name: 'Presence Sync',
    callbackUrls: ['https://presence.acme.example/api/v1/salesforce/oauth/callback'],
  });
  for (const a of AGENTS) {
    await salesforce('POST', `/emulator/orgs/${org.id}/users`, {
      username: a.sfUsername,
      password: 'Agent-pass-1',
      firstName: a.first,
      lastName: 'Agent',
      email: a.sfUsername,
      profile: 'Contact Center Agent',
      permissionSets: ['Agent', 'Presence_Sync_Bridge_User'],
      packageLicenses: ['NICE'],
      serviceCloudUser: true,
      lightning: true,
    });
  }
  return { salesforce, org: { id: org.id, id15: org.id15, myDomainUrl: org.loginUrls.myDomain }, sfApp, sfAdmin };
}

const agent = (first: Agent['first']): Agent => world.agents.find((a) => a.first === first)!;
const consolePath = (a: Agent) => `/emulator/orgs/${world.org.id}/consoles/${encodeURIComponent(a.sfUsername)}`;
const consoleStatus = async (a: Agent) => (await world.salesforce<{ status: string | null }>('GET', consolePath(a))).status;
const cxoneState = async (a: Agent) => {
  const view = await world.cxone<{ state: string; outStateId: number }>('GET', `/emulator/agents/${a.cxoneId}`);
  return view.state === 'Unavailable' ? `Unavailable:${view.outStateId}` : view.state;
};

beforeAll(async () => {
  const [cxoneUrl, salesforceUrl] = await Promise.all([startEmulator(CXONE_EMULATOR), startEmulator(SALESFORCE_EMULATOR)]);
  const [cx, sf] = await Promise.all([setUpCxone(cxoneUrl), setUpSalesforce(salesforceUrl)]);
  world = { ...cx, ...sf };

  // docs/install.md: once, a master key that only the hub's user can read.
  const keyFile = join(dir, 'master.key');
  writeFileSync(keyFile, randomBytes(32).toString('base64'), { mode: 0o600 });
  chmodSync(keyFile, 0o600);
  env = operatorEnv({ PRESENCE_SYNC_DATA_DIR: join(dir, 'data'), PRESENCE_SYNC_ALLOWED_ENDPOINTS: 'http://127.0.0.1', PRESENCE_SYNC_MASTER_KEY_FILE: keyFile, PORT: String(await freePort()) });
}, 60_000);

afterAll(async () => {
  await Promise.all(children.map((c) => c.stop(5_000)));
  rmSync(dir, { recursive: true, force: true });
});

describe('running for real: presence-sync serve, set up through the command line and the admin API only', () => {
  let admin: ConsoleSession;
  let adminPassword: string;

  it('migrates, creates the first administrator, and serves', async () => {
    const migrated = await ps('migrate');
    expect(migrated.stdout).toMatch(/^Applied to sqlite:/m);
    const created = await ps('admin', 'create', '--username', 'admin');
    expect(created.status).toBe(0);
    adminPassword = /Password \(shown once[^)]*\): (\S+)/.exec(created.stdout)?.[1] ?? '';
    expect(adminPassword).not.toBe('');

    hub = startChild(process.execPath, [PRESENCE_SYNC, 'serve'], env);
    children.push(hub);
    hubUrl = (await hub.waitFor(/"url":"(http:\/\/[^"]+)"[^\n]*presence-sync hub listening/))[1]!;
    admin = new ConsoleSession(hubUrl);
    await admin.signIn('admin', adminPassword);
    expect(await admin.call('GET', '/api/v1/auth/me')).toMatchObject({ name: 'admin' });
  });

  it('connects the tenant: switches, account mapping with Map and register, CXone users, the org, links, a rule', async () => {
    await admin.call('POST', '/api/v1/tenants', { id: TENANT, name: 'Acme Contact Center' });
    expect(await admin.request('PUT', `/api/v1/tenants/${TENANT}/switches`, { presenceSync: true })).toMatchObject({ status: 409 });
    await admin.call('PUT', `/api/v1/tenants/${TENANT}/switches`, { salesforceAdapter: true });
    expect(await admin.call('PUT', `/api/v1/tenants/${TENANT}/switches`, { presenceSync: true })).toEqual({ salesforceAdapter: true, presenceSync: true });

    const cxoneFields = {
      cxoneClientId: world.app.clientId,
      cxoneClientSecret: world.app.clientSecret,
      cxoneAccessKeyId: world.accessKey.accessKeyId,
      cxoneAccessKeySecret: world.accessKey.accessKeySecret,
      cxoneIssuer: world.cxoneUrl,
    };
    expect(await admin.call('POST', `/api/v1/tenants/${TENANT}/account-mappings/check-cxone`, cxoneFields)).toMatchObject({ cxoneTenantId: world.cxoneTenantId });

    const form = {
      id: MAPPING,
      accessKeyUser: String(world.accessKey.agentId),
      platform: 'production',
      environmentName: 'Acme production',
      orgId: world.org.id15,
      loginUrl: world.org.myDomainUrl,
      authFlow: 'username_password',
      username: world.sfAdmin.username,
      clientId: world.sfApp.consumerKey,
      clientSecret: world.sfApp.consumerSecret,
      adminEmail: world.sfAdmin.username,
      ...cxoneFields,
    };
    // Salesforce refuses the password alone from an address outside the trusted ranges; nothing is saved.
    const refused = await admin.request<{ code: string }>('POST', `/api/v1/tenants/${TENANT}/account-mappings`, { ...form, password: world.sfAdmin.password });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('PSYNC_MAP_AND_REGISTER_FAILED');
    const registered = await admin.call<{ mapping: { status: string }; registration: { organizationId: string } }>('POST', `/api/v1/tenants/${TENANT}/account-mappings`, {
      ...form,
      password: `${world.sfAdmin.password}${world.sfAdmin.securityToken}`,
    });
    expect(registered.registration.organizationId).toBe(world.org.id);
    expect(registered.mapping.status).toBe('draft');
    expect(await admin.call('POST', `/api/v1/tenants/${TENANT}/account-mappings/${MAPPING}/save`)).toMatchObject({ mapping: { status: 'verified' } });

    const got = await admin.call<{ users: { added: string[] } }>('POST', `/api/v1/tenants/${TENANT}/cxone/refresh`);
    expect(got.users.added).toEqual(expect.arrayContaining(world.agents.map((a) => String(a.cxoneId))));
    await admin.call('POST', `/api/v1/tenants/${TENANT}/salesforce/refresh`);

    // Aiko and Ben are linked by e-mail; Chloe's Salesforce user has another, so she is linked by hand.
    const { links } = await admin.call<{ links: { acdUserId: string; sfUsername: string; matchedBy: string }[] }>('GET', `/api/v1/tenants/${TENANT}/agent-links`);
    expect(links.map((l) => [l.acdUserId, l.sfUsername]).sort()).toEqual([agent('Aiko'), agent('Ben')].map((a) => [String(a.cxoneId), a.sfUsername]).sort());
    const { users: sfUsers } = await admin.call<{ users: { id: string; username: string }[] }>('GET', `/api/v1/tenants/${TENANT}/salesforce/users`);
    const chloeSf = sfUsers.find((u) => u.username === agent('Chloe').sfUsername)!;
    expect(await admin.call('PUT', `/api/v1/tenants/${TENANT}/agent-links/${agent('Chloe').cxoneId}`, { sfUserId: chloeSf.id })).toMatchObject({ matchedBy: 'manual' });

    const { statuses } = await admin.call<{ statuses: { id: string; developerName: string }[] }>('GET', `/api/v1/tenants/${TENANT}/salesforce/statuses`);
    const { codes } = await admin.call<{ codes: { id: string; name: string }[] }>('GET', `/api/v1/tenants/${TENANT}/cxone/unavailable-codes`);
    const { teams } = await admin.call<{ teams: { id: string; name: string }[] }>('GET', `/api/v1/tenants/${TENANT}/cxone/teams`);
    const status = (developerName: string) => ({ kind: 'Status', statusId: statuses.find((s) => s.developerName === developerName)!.id });
    const code = (name: string) => ({ kind: 'Unavailable', codeId: codes.find((c) => c.name === name)!.id });
    const { rule } = await admin.call<{ rule: { id: string } }>('POST', `/api/v1/tenants/${TENANT}/rules`, {
      name: 'Voice agents',
      publisher: [
        { acd: { kind: 'Available' }, salesforce: status('Available_for_Chats') },
        { acd: code('Lunch'), salesforce: status('Busy') },
        { acd: code('Break'), salesforce: status('On_Break') },
        { acd: { kind: 'LoggedOut' }, salesforce: { kind: 'Offline' } },
      ],
      subscriber: [
        { salesforce: status('Available_for_Chats'), acd: { kind: 'Available' } },
        { salesforce: status('Busy'), acd: code('Lunch') },
        { salesforce: status('On_Break'), acd: code('Break') },
      ],
    });
    const voiceTeam = teams.find((t) => t.name === 'Voice Team')!.id;
    expect(await admin.call('PUT', `/api/v1/tenants/${TENANT}/rules/${rule.id}/assignments`, { teamIds: [voiceTeam] })).toMatchObject({ rule: { assignments: { teamIds: [voiceTeam] } } });
  });

  it("gives the org its bridge secret, and the agents' consoles follow CXone and CXone follows them", async () => {
    const issued = await ps('bridge-secret', '--tenant', TENANT, '--mapping', MAPPING);
    expect(issued.stderr).toBe('');
    const secret = /shown once:\n(\S+)/.exec(issued.stdout)?.[1];
    expect(secret).toMatch(/^psb1_/);
    // salesforce-setup.md §9: the hub's URL and the bridge secret go into the org's Presence Sync Bridge record.
    await world.salesforce('PUT', `/emulator/orgs/${world.org.id}/bridge`, { hubUrl: `${hubUrl.replace(/^http/, 'ws')}/bridge`, bridgeSecret: secret });

    for (const a of world.agents) await world.salesforce('POST', `/emulator/orgs/${world.org.id}/consoles`, { username: a.sfUsername });
    // Each console opens Offline; CXone shows Available, so the hub puts Omni-Channel in Available for Chats.
    for (const a of world.agents) await until(async () => (await consoleStatus(a)) === 'Available_for_Chats', `${a.first}'s console to show Available for Chats`);

    await world.cxone('POST', `/emulator/agents/${agent('Aiko').cxoneId}/state`, { state: 'Unavailable', outStateId: world.codes.Lunch });
    await until(async () => (await consoleStatus(agent('Aiko'))) === 'Busy', "Aiko's console to show Busy after Lunch in CXone");

    await world.salesforce('POST', `${consolePath(agent('Ben'))}/status`, { status: 'On_Break' });
    await until(async () => (await cxoneState(agent('Ben'))) === `Unavailable:${world.codes.Break}`, 'CXone to put Ben on Break');

    await world.salesforce('POST', `${consolePath(agent('Chloe'))}/status`, { status: 'Busy' });
    await until(async () => (await cxoneState(agent('Chloe'))) === `Unavailable:${world.codes.Lunch}`, 'CXone to put Chloe (linked by hand) at Lunch');

    // The hub's own writes come back as echoes and move nothing further.
    expect(await cxoneState(agent('Aiko'))).toBe(`Unavailable:${world.codes.Lunch}`);
    expect(await consoleStatus(agent('Ben'))).toBe('On_Break');
  });

  it("shows each agent's live state on both sides through the API", async () => {
    type Row = { agentId: string; consoleConnected: boolean | null; cxone: { label: string } | null; salesforce: { label: string } | null; problems: unknown[] };
    const rowOf = async (a: Agent) => (await admin.call<{ agents: Row[] }>('GET', `/api/v1/tenants/${TENANT}/agents`)).agents.find((r) => r.agentId === String(a.cxoneId));
    const expected: Record<string, [RegExp, RegExp]> = { Aiko: [/Lunch/, /Busy/], Ben: [/Break/, /On Break/], Chloe: [/Lunch/, /Busy/] };
    for (const a of world.agents) {
      const [cx, sf] = expected[a.first]!;
      const row = await until(async () => {
        const r = await rowOf(a);
        return r && cx.test(r.cxone?.label ?? '') && sf.test(r.salesforce?.label ?? '') ? r : undefined;
      }, async () => `${a.first}'s row to show ${cx} and ${sf}: ${JSON.stringify(await rowOf(a))}`);
      expect(row).toMatchObject({ consoleConnected: true, problems: [] });
    }
    const why = await admin.call<{ answer: string }>('GET', `/api/v1/tenants/${TENANT}/agents/${agent('Aiko').cxoneId}/explain`);
    expect(why.answer).toMatch(/Voice agents/);
  });

  it('stops on SIGTERM with exit code 0 and leaves no process behind', async () => {
    const pid = hub.process.pid!;
    const family = descendantsOf(pid);
    const exit = await hub.stop();
    expect(exit).toEqual({ code: 0, signal: null });
    expect(hub.output()).toContain('stopping: finishing in-flight writes');
    expect(hub.output()).not.toContain(world.sfAdmin.securityToken);
    expect(hub.output()).not.toContain(world.accessKey.accessKeySecret);
    await until(() => [pid, ...family].every((p) => !alive(p)), `no process of the hub to remain (${[pid, ...family].filter(alive).join(', ')})`, 10_000);
    await expect(fetch(`${hubUrl}/healthz`)).rejects.toThrow();
  });
});
