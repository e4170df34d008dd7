/**
 * The org's users and profiles as the hub stored them, read from the Salesforce emulator through the
 * real gateway: each user with the CXone agent it is linked to and the prerequisites it fails.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SalesforceEmulator } from '../../emulators/salesforce/index.ts';
import { createSalesforceGateway } from '../../src/api/gateways/salesforce-gateway.ts';
import type { SalesforceGateway } from '../../src/api/index.ts';
import { PrerequisiteProblems } from '../../src/directory/index.ts';
import { createHarness, type Harness } from './support/harness.ts';
import { SECRETS, startSalesforce } from './support/salesforce-org.ts';
import { CXONE_SNAPSHOT } from './support/seed.ts';

let emulator: SalesforceEmulator;
let h: Harness;
const t = '/api/v1/tenants/acme';
const prerequisites = new PrerequisiteProblems();

interface UserRow {
  username: string;
  profile: { id: string; name: string | null } | null;
  agent: { agentId: string; name: string; matchedBy: string } | null;
  prerequisiteProblems: { code: string; message: string }[];
}

beforeAll(async () => {
  emulator = await startSalesforce();
  const hosts = { production: `${emulator.url}/login`, sandbox: `${emulator.url}/test` };
  // The gateway reads the harness's store, which exists only once the harness does.
  const holder: { gateway?: SalesforceGateway } = {};
  const lazy = new Proxy({} as SalesforceGateway, {
    get: (_target, name) => (...args: unknown[]) => (holder.gateway![name as keyof SalesforceGateway] as (...a: unknown[]) => unknown)(...args),
  });
  h = await createHarness({ salesforce: lazy, deps: { salesforceLoginHosts: hosts, allowedEndpoints: [{ protocol: 'http:', host: '127.0.0.1' }], prerequisiteProblems: (tenant, user) => prerequisites.of(tenant, user) }, secrets: SECRETS });
  holder.gateway = createSalesforceGateway({ store: h.store, prerequisites: { agentPermissionSetName: 'NICE_Agent', packageNamespace: 'nicecx' }, loginHosts: hosts, prerequisiteProblems: prerequisites });
  await h.request({ method: 'POST', url: '/api/v1/tenants', payload: { id: 'acme', name: 'Acme' } });
  await h.store.cxone.replaceSnapshot('acme', CXONE_SNAPSHOT);
  await h.store.accountMappings.save(
    { id: 'env', tenantId: 'acme', accessKeyUser: 'u-100', platform: 'production', environmentName: 'Acme production', orgId: '00D5g000004XyZaEAK', authFlow: 'username_password', loginUrl: hosts.production, sfClientId: 'ACME_KEY', sfUsername: 'admin@acme.example', status: 'verified' },
    { sfClientSecret: 'ACME_CONSUMER_SECRET_42', sfPassword: 'Admin-Pass1TOKEN123' },
  );
});

afterAll(async () => {
  await h.close();
  await emulator.close();
});

const users = async (query = '') => {
  const response = await h.request({ method: 'GET', url: `${t}/salesforce/users${query}` });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as { users: UserRow[]; total: number };
};

describe('the Salesforce directory the hub stored', () => {
  it('is empty, and says status access is unknown, before the org is read', async () => {
    expect(await users()).toEqual({ users: [], total: 0 });
    expect((await h.request({ method: 'GET', url: `${t}/salesforce/profiles` })).json()).toEqual({ profiles: [], statusAccessRead: false });
  });

  it('lists the org’s users after "read the org", each with its linked agent and failing prerequisites', async () => {
    expect((await h.request({ method: 'POST', url: `${t}/salesforce/refresh` })).statusCode).toBe(200);
    const all = await users();
    expect(all.users.map((u) => u.username)).toEqual(['admin@acme.example', 'alice@acme.example', 'paul@acme.example']);
    const [admin, alice, paul] = all.users;
    expect(admin).toMatchObject({ agent: null, profile: { name: 'System Administrator' } });
    expect(alice).toMatchObject({ agent: { agentId: 'u-100', name: 'Alice Agent', matchedBy: 'email' }, profile: { name: 'Custom Agent' }, prerequisiteProblems: [] });
    expect(paul?.agent).toEqual({ agentId: 'u-200', name: 'Paul Plain', matchedBy: 'email' });
    expect(paul?.prerequisiteProblems.map((p) => p.code)).toEqual(expect.arrayContaining(['PSYNC_PREREQ_NO_AGENT_PERMISSION_SET', 'PSYNC_PREREQ_NO_PACKAGE_LICENCE']));
    expect(paul?.prerequisiteProblems.find((p) => p.code === 'PSYNC_PREREQ_NO_AGENT_PERMISSION_SET')?.message).toMatch(/"NICE_Agent" is not assigned to paul@acme\.example/);
  });

  it('pages, searches and filters by link and by problems', async () => {
    expect(await users('?limit=1&offset=1')).toMatchObject({ total: 3, users: [{ username: 'alice@acme.example' }] });
    expect((await users('?search=PAUL')).users.map((u) => u.username)).toEqual(['paul@acme.example']);
    expect((await users('?linked=false')).users.map((u) => u.username)).toEqual(['admin@acme.example']);
    expect((await users('?linked=true')).users.map((u) => u.username)).toEqual(['alice@acme.example', 'paul@acme.example']);
    const failing = (await users('?problemsOnly=true')).users.map((u) => u.username);
    expect(failing).toContain('paul@acme.example');
    expect(failing).not.toContain('alice@acme.example');
    const bad = await h.request({ method: 'GET', url: `${t}/salesforce/users?linked=maybe` });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details.fields[0].field).toBe('query.linked');
  });

  it('lists the profiles with their users and the presence statuses each may use', async () => {
    const answer = (await h.request({ method: 'GET', url: `${t}/salesforce/profiles` })).json() as { profiles: { name: string; users: number; statuses: { label: string }[] }[]; statusAccessRead: boolean };
    expect(answer.statusAccessRead).toBe(true);
    const agentProfile = answer.profiles.find((p) => p.name === 'Custom Agent');
    expect(agentProfile?.users).toBe(2);
    expect(agentProfile?.statuses.map((st) => st.label).sort()).toEqual(['Available for Chats', 'Busy']);
    expect(answer.profiles.find((p) => p.name === 'System Administrator')?.users).toBe(1);
  });

  it('puts the same failing prerequisites on the Agents board, next to the link problems', async () => {
    const board = (await h.request({ method: 'GET', url: `${t}/agents` })).json() as { agents: { agentId: string; problems: { code: string }[] }[] };
    const codes = (agentId: string) => board.agents.find((a) => a.agentId === agentId)?.problems.map((p) => p.code) ?? [];
    expect(codes('u-200')).toEqual(expect.arrayContaining(['PSYNC_PREREQ_NO_AGENT_PERMISSION_SET', 'PSYNC_PREREQ_NO_PACKAGE_LICENCE']));
    expect(codes('u-100').filter((c) => c.startsWith('PSYNC_PREREQ_'))).toEqual([]);
  });

  it('answers only a principal with Rule View, and says when the tenant does not exist', async () => {
    const token = async (permission: string) => (await h.request({ method: 'POST', url: '/api/v1/tokens', payload: { name: `only ${permission}`, permissions: [permission] } })).json().token as string;
    const viewer = await token('rule_view');
    const auditor = await token('audit_view');
    for (const path of ['users', 'profiles']) {
      expect((await h.request({ method: 'GET', url: `${t}/salesforce/${path}`, as: { bearer: viewer } })).statusCode).toBe(200);
      const refused = await h.request({ method: 'GET', url: `${t}/salesforce/${path}`, as: { bearer: auditor } });
      expect(refused.statusCode).toBe(403);
      expect(refused.json()).toMatchObject({ code: 'PSYNC_FORBIDDEN', details: { permission: 'rule_view' } });
      expect((await h.request({ method: 'GET', url: `${t}/salesforce/${path}`, as: 'anonymous' })).statusCode).toBe(401);
      expect((await h.request({ method: 'GET', url: `/api/v1/tenants/nobody/salesforce/${path}` })).statusCode).toBe(404);
    }
  });
});
