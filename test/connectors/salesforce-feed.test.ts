import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSalesforceEmulator, type SalesforceEmulator, type SeededOrg, type UserSeed } from '../../emulators/salesforce/index.ts';
import {
  SALESFORCE_PRESENCE_SOURCE,
  SalesforcePresenceFeed,
  SalesforceSession,
  type PresenceFeedOptions,
  type SalesforceFailure,
  type SalesforceServerEvent,
} from '../../src/connectors/salesforce/index.ts';

const AGENTS = 450;
let emulator: SalesforceEmulator;
let org: SeededOrg;
let session: SalesforceSession;
const feeds: SalesforcePresenceFeed[] = [];

const agentName = (i: number) => `agent${String(i).padStart(3, '0')}@acme.example`;

beforeAll(async () => {
  const users: UserSeed[] = [{ username: 'admin@acme.example', password: 'Admin-Pass1', securityToken: 'TOKEN', lastName: 'Admin', profile: 'System Administrator' }];
  for (let i = 0; i < AGENTS; i++) users.push({ username: agentName(i), password: 'x', lastName: `Agent ${i}`, presence: i % 2 === 0 ? 'Available' : 'Busy' });
  users.push({ username: 'offline@acme.example', password: 'x', lastName: 'Offline' });
  emulator = await createSalesforceEmulator({
    orgs: [
      {
        id: '00D5g000004XyZa',
        name: 'Acme Corp',
        myDomain: 'acme',
        settings: { allowUsernamePasswordFlows: true }, // as its administrator set it (off in new orgs)
        channels: [{ developerName: 'Case' }],
        statuses: [{ label: 'Available', channels: ['Case'] }, { label: 'Busy' }],
        users,
        connectedApps: [{ name: 'PresenceSync', consumerKey: 'ACME_KEY', consumerSecret: 'ACME_SECRET' }],
      },
    ],
  });
  org = emulator.control.describeOrg('00D5g000004XyZa');
  session = new SalesforceSession({
    credentials: { flow: 'password', loginUrl: `${emulator.url}/login`, clientId: 'ACME_KEY', clientSecret: 'ACME_SECRET', username: 'admin@acme.example', password: 'Admin-Pass1', securityToken: 'TOKEN' },
  });
});

afterEach(async () => {
  await Promise.all(feeds.splice(0).map((f) => f.stop()));
  emulator.control.clearFaults();
});

afterAll(async () => {
  await emulator.close();
});

/** Agents are linked as `cx-<username>`; the admin is not linked. */
const agentIdFor = (() => {
  const byId = new Map<string, string>();
  return (salesforceUserId: string) => {
    if (byId.size === 0) for (const [username, id] of Object.entries(org.users)) if (username !== 'admin@acme.example') byId.set(id, `cx-${username}`);
    return byId.get(salesforceUserId);
  };
})();

function feed(overrides: Partial<PresenceFeedOptions> = {}) {
  const stored = new Map<string, string>();
  const delivered: SalesforceServerEvent[][] = [];
  const f = new SalesforcePresenceFeed({
    tenant: 't1',
    session,
    checkpoints: { get: (tenant, source) => Promise.resolve(stored.get(`${tenant}/${source}`)) },
    sink: (events, checkpoint) => {
      delivered.push([...events]);
      stored.set(`t1/${SALESFORCE_PRESENCE_SOURCE}`, checkpoint);
      return Promise.resolve();
    },
    agentIdFor,
    ...overrides,
  });
  feeds.push(f);
  return { feed: f, delivered, stored };
}

describe('server presence feed', () => {
  it('first reads every current status with one query per page, then only changes', async () => {
    const { feed: f, delivered } = feed({ pageSize: 200 });
    const first = await f.pollOnce();
    expect(first).toEqual({ events: AGENTS, skipped: 0, apiCalls: 3 });
    const events = delivered[0] ?? [];
    const agent0 = events.find((e) => e.agentId === `cx-${agentName(0)}`);
    expect(agent0).toMatchObject({
      origin: 'salesforce_server',
      salesforceUserId: org.users[agentName(0)],
      observation: { side: 'salesforce', presence: { kind: 'Status', statusId: org.statuses.Available } },
      dedupKey: expect.stringMatching(/^sf_usp:0Hn\w{15}:0N5\w{15}:\d+$/),
    });
    expect(events.find((e) => e.agentId === `cx-${agentName(1)}`)?.observation).toEqual({ side: 'salesforce', presence: { kind: 'Status', statusId: org.statuses.Busy } });

    // Rows of the checkpoint's second are read again (SOQL compares to the second) but not repeated;
    // the seed wrote all 450 rows in one second, so move the checkpoint past it first.
    emulator.control.advanceClock(2000);
    emulator.control.setPresence(org.id, org.users['admin@acme.example'] as string, 'Busy');
    expect(await f.pollOnce()).toMatchObject({ events: 0, skipped: 1 });
    expect(await f.pollOnce()).toEqual({ events: 0, skipped: 0, apiCalls: 1 });

    emulator.control.advanceClock(2000);
    emulator.control.setPresence(org.id, org.users[agentName(1)] as string, 'Available');
    emulator.control.setPresence(org.id, org.users[agentName(2)] as string, null);
    const third = await f.pollOnce();
    expect(third).toEqual({ events: 2, skipped: 0, apiCalls: 1 });
    expect(delivered.at(-1)?.map((e) => [e.agentId, e.observation])).toEqual([
      [`cx-${agentName(1)}`, { side: 'salesforce', presence: { kind: 'Status', statusId: org.statuses.Available } }],
      [`cx-${agentName(2)}`, { side: 'salesforce', presence: { kind: 'Offline' } }],
    ]);
  });

  it('resumes from the stored checkpoint without repeating what was delivered', async () => {
    const { feed: f, stored } = feed();
    await f.pollOnce();
    emulator.control.setPresence(org.id, org.users[agentName(3)] as string, 'Available');
    const resumed: SalesforceServerEvent[] = [];
    const next = new SalesforcePresenceFeed({
      tenant: 't1',
      session,
      checkpoints: { get: (tenant, source) => Promise.resolve(stored.get(`${tenant}/${source}`)) },
      sink: (events) => {
        resumed.push(...events);
        return Promise.resolve();
      },
      agentIdFor,
    });
    await next.pollOnce();
    expect(resumed.map((e) => e.agentId)).toEqual([`cx-${agentName(3)}`]);
  });

  it('does not advance when the sink fails, so the same changes come again', async () => {
    const { feed: f } = feed();
    await f.pollOnce();
    const before = f.checkpoint;
    emulator.control.setPresence(org.id, org.users[agentName(4)] as string, 'Busy');
    const failing = new SalesforcePresenceFeed({
      tenant: 't1',
      session,
      checkpoints: { get: () => Promise.resolve(undefined) },
      sink: () => Promise.reject(new Error('store down')),
      agentIdFor,
    });
    await expect(failing.pollOnce()).rejects.toThrow('store down');
    expect(failing.checkpoint).toBeUndefined();
    expect(f.checkpoint).toEqual(before);
    expect((await f.pollOnce()).events).toBe(1);
  });

  it('keeps polling on its interval, reporting a failed poll', async () => {
    emulator.control.addFault({ path: 'UserServicePresence', action: { kind: 'http', status: 503 }, times: 1 });
    const failures: SalesforceFailure[] = [];
    const { feed: f, delivered } = feed({ intervalMs: 10, onFailure: (failure) => failures.push(failure) });
    f.start();
    f.start();
    for (let i = 0; i < 200 && delivered.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    await f.stop();
    expect(failures).toEqual([expect.objectContaining({ code: 'PSYNC_SF_UNAVAILABLE', kind: 'retryable' })]);
    expect(delivered[0]?.length).toBe(AGENTS);
  });

  it('keeps reading when the session expires between polls', async () => {
    const { feed: f } = feed();
    await f.pollOnce();
    const tokenRequests = session.tokenRequests;
    emulator.control.revokeSessions({ orgId: org.id });
    emulator.control.advanceClock(2000);
    emulator.control.setPresence(org.id, org.users[agentName(5)] as string, 'Busy');
    expect(await f.pollOnce()).toMatchObject({ events: 1 });
    expect(session.tokenRequests).toBe(tokenRequests + 1);
  });
});
