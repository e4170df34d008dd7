/**
 * End to end over loopback: the CXone emulator (REST, polled by the real CXone connector), the
 * Salesforce emulator's simulated consoles (the real bridge client over WebSocket to the real
 * bridge hub), the engine and the SQLite store. Real time, short intervals.
 */
import WebSocket from 'ws';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WebSocketConstructor } from '../../bridge-client/bridge-client.ts';
import { createCxoneEmulator, type CxoneEmulator, type SeedResult } from '../../emulators/cxone/index.ts';
import { SimulatedAgentConsole } from '../../emulators/salesforce/console/index.ts';
import { createSalesforceEmulator, type SalesforceEmulator, type SeededOrg } from '../../emulators/salesforce/index.ts';
import { CXONE_STATES_SOURCE, createCxoneConnector, type CxoneStatePoller } from '../../src/connectors/cxone/index.ts';
import { status, type SalesforceStatus } from '../../src/domain/index.ts';
import { bridgeSink, bridgeStatusWriter, createSyncEngine, pollSink, type SyncEngine } from '../../src/engine/index.ts';
import { createStore, type Store } from '../../src/store/index.ts';
import { fakeCipher } from '../../src/store/test-support/fakes.ts';
import { startHub, until, type RunningHub } from '../bridge/support/hub-harness.ts';
import { openSqlite, type OpenedDatabase } from './support/hub.ts';

const SECRET = 'psb1_e2e-org-secret';
const ORG_ID15 = '00D5g000004E2EA';
const USERS = ['ann', 'bob'];

let cxone: CxoneEmulator;
let seed: SeedResult;
let salesforce: SalesforceEmulator;
let org: SeededOrg;
let opened: OpenedDatabase;
let store: Store;
let bridge: RunningHub;
let engine: SyncEngine;
let poller: CxoneStatePoller;
const consoles: SimulatedAgentConsole[] = [];
/** Hub agent id (the CXone agent id) ↔ Salesforce user id. */
const agentOfSf = new Map<string, string>();

const code = (name: string) => seed.codes.find((c) => c.name === name)!;
const statusOf = (developerName: string) => org.statuses[developerName]!;
const agentId = (i: number) => String(seed.agentIds[i]);

beforeEach(async () => {
  cxone = await createCxoneEmulator();
  seed = cxone.control.seed({ agents: USERS.length, teams: 1 });
  salesforce = await createSalesforceEmulator({
    orgs: [
      {
        id: ORG_ID15,
        name: 'E2E Org',
        myDomain: 'e2e',
        settings: { allowUsernamePasswordFlows: true }, // as its administrator set it (off in new orgs)
        channels: [{ developerName: 'Case', label: 'Case' }],
        statuses: [{ label: 'Available', channels: ['Case'] }, { label: 'Busy' }, { label: 'On Break' }],
        profiles: [{ name: 'Agent', statusAccess: ['Available', 'Busy', 'On_Break'] }],
        users: USERS.map((u) => ({ username: `${u}@e2e.example`, password: 'Pass-1234', lastName: u, profile: 'Agent', serviceCloudUser: true, presence: 'On_Break' })),
      },
    ],
  });
  org = salesforce.control.describeOrg(ORG_ID15);

  opened = await openSqlite();
  store = createStore(opened.database, { cipher: fakeCipher });
  const t = 't1';
  await store.tenants.upsert({ id: t, name: 'E2E' });
  await store.tenants.setSwitches(t, { salesforceAdapter: true, presenceSync: true });
  const teamId = String(seed.teams[0]!.teamId);
  await store.cxone.replaceSnapshot(t, {
    users: USERS.map((u, i) => ({ id: agentId(i), firstName: u, lastName: 'Agent', email: `${u}@e2e.example`, username: u, federationId: null, teamId, active: true })),
    teams: [{ id: teamId, name: 'Team 1', active: true }],
    codes: seed.codes.map((c) => ({ id: String(c.id), name: c.name, active: true })),
    teamCodes: seed.codes.map((c) => ({ teamId, codeId: String(c.id) })),
  });
  const sfStatuses: SalesforceStatus[] = ['Available', 'Busy', 'On_Break'].map((dev) => ({ id: statusOf(dev), label: dev.replace('_', ' '), developerName: dev, availability: dev === 'Available' ? 'online' : 'busy', channels: [] }));
  await store.salesforce.replaceSnapshot(t, {
    users: USERS.map((u) => ({ id: org.users[`${u}@e2e.example`]!, username: `${u}@e2e.example`, email: null, federationId: null, name: u, profileId: null, permissionSetIds: [], active: true })),
    statuses: sfStatuses,
  });
  for (const [i, u] of USERS.entries()) {
    const sfUser = org.users[`${u}@e2e.example`]!;
    agentOfSf.set(sfUser.toLowerCase(), agentId(i));
    await store.links.set(t, { acdUserId: agentId(i), sfUserId: sfUser, matchedBy: 'email' });
  }
  const sf = (dev: string) => status(statusOf(dev));
  await store.rules.save(t, {
    id: 'rule-1',
    name: 'Voice',
    skipUnavailableCodeValidation: false,
    publisher: [
      { acd: { kind: 'Available' }, salesforce: sf('Available') },
      { acd: { kind: 'Unavailable', codeId: String(code('Lunch').id) }, salesforce: sf('Busy') },
    ],
    subscriber: [
      { salesforce: sf('Available'), acd: { kind: 'Available' } },
      { salesforce: sf('Busy'), acd: { kind: 'Unavailable', codeId: String(code('Lunch').id) } },
      { salesforce: sf('On_Break'), acd: { kind: 'Unavailable', codeId: String(code('Break').id) } },
    ],
  });
  await store.rules.assign(t, 'rule-1', { teamIds: [teamId], userIds: [] });

  const connector = createCxoneConnector({
    connections: {
      get: async () => ({
        clientId: seed.application.clientId,
        clientSecret: seed.application.clientSecret,
        accessKeyId: seed.accessKeyUser.accessKeyId,
        accessKeySecret: seed.accessKeyUser.accessKeySecret,
        issuer: cxone.url,
      }),
    },
  });
  const late: { engine?: SyncEngine } = {};
  bridge = await startHub({
    secrets: { lookup: (orgId) => (orgId === org.id ? SECRET : undefined) },
    links: { resolve: (_org, sfUser) => agentOfSf.get(sfUser.toLowerCase()) },
    sink: (event) => bridgeSink(late.engine!, t)(event),
    onConsoleConnected: () => late.engine?.wake(),
    graceMs: 200,
  });
  engine = createSyncEngine({
    store,
    cxone: connector.writer,
    salesforce: bridgeStatusWriter(bridge.hub),
    instanceId: 'hub-e2e',
    consoles: { heldAgents: () => USERS.map((_, i) => agentId(i)).filter((a) => bridge.hub.hasConsole(a)).map((a) => ({ tenantId: t, agentId: a })) },
    dispatch: { pollIntervalMs: 10 },
    reconcile: false,
  });
  late.engine = engine;
  engine.start();
  poller = connector.statePoller(t, {
    checkpoints: { get: (tenant, source) => store.syncState.checkpoint(tenant, source) },
    sink: pollSink(engine, store.syncState, t, CXONE_STATES_SOURCE),
    intervalMs: 25,
  });
  poller.start();
});

afterEach(async () => {
  for (const c of consoles.splice(0)) c.closeBrowser();
  await poller?.stop();
  await engine?.stop({ abandon: true });
  await bridge?.close();
  await opened?.dispose();
  await salesforce?.close();
  await cxone?.close();
});

function openConsole(i: number): SimulatedAgentConsole {
  const c = new SimulatedAgentConsole({
    control: salesforce.control,
    orgId: org.id,
    userId: org.users[`${USERS[i]}@e2e.example`]!,
    hubUrl: bridge.url,
    bridgeSecret: SECRET,
    WebSocket: WebSocket as unknown as WebSocketConstructor,
    backoff: { baseMs: 20, maxMs: 100 },
    leaseHeartbeatMs: 50,
  });
  consoles.push(c);
  c.openTab();
  return c;
}

const sfShows = (i: number): string | undefined =>
  salesforce.control
    .records(org.id, 'UserServicePresence')
    .find((r) => r.UserId === org.users[`${USERS[i]}@e2e.example`] && r.IsCurrentState === true)?.ServicePresenceStatusId as string | undefined;
const cxShows = (i: number) => {
  const view = cxone.control.agent(seed.agentIds[i]!);
  return view.state === 'Unavailable' ? `Unavailable:${view.outStateId}` : view.state;
};

async function observedOnCxone(i: number): Promise<void> {
  for (let n = 0; n < 400; n++) {
    if ((await store.syncState.observed('t1', agentId(i))).cxone) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('the first poll never reached the hub');
}

describe('end to end: CXone emulator ↔ hub ↔ simulated Omni-Channel consoles', () => {
  it('syncs at console connect, CXone → Salesforce and Salesforce → CXone, suppressing the echoes', async () => {
    // The hub knows CXone's states before the console says hello (the first poll at start-up); see the report.
    await observedOnCxone(0);
    const ann = openConsole(0);
    // Initial sync: CXone shows Available, the console On Break; the hub pushes the publisher mapping.
    await until(() => sfShows(0) === statusOf('Available'), 'the initial sync to Available', 10_000);

    cxone.control.setState(seed.agentIds[0]!, 'Unavailable', code('Lunch').id);
    await until(() => sfShows(0) === statusOf('Busy'), 'CXone Lunch → Salesforce Busy', 10_000);

    ann.agentSets('On_Break');
    await until(() => cxShows(0) === `Unavailable:${code('Break').id}`, 'Salesforce On Break → CXone Break', 10_000);

    // Quiet: the hub's own changes came back as echoes and caused nothing more.
    await until(() => engine.metrics.echoesSuppressed.value({ side: 'cxone' }) >= 1 && engine.metrics.echoesSuppressed.value({ side: 'salesforce' }) >= 2, 'the echoes', 10_000);
    const calls = { cx: engine.metrics.upstreamCalls.value({ api: 'cxone_set_state' }), sf: engine.metrics.upstreamCalls.value({ api: 'bridge_set_status' }) };
    expect(calls).toEqual({ cx: 1, sf: 2 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect({ cx: engine.metrics.upstreamCalls.value({ api: 'cxone_set_state' }), sf: engine.metrics.upstreamCalls.value({ api: 'bridge_set_status' }) }).toEqual(calls);
    expect(sfShows(0)).toBe(statusOf('On_Break'));

    const audit = (await store.audit.query({ tenantId: 't1', agentId: agentId(0), kind: 'decision', limit: 100 })).entries;
    expect(audit.map((e) => e.reason)).toEqual(expect.arrayContaining(['publisher_row', 'subscriber_row', 'echo']));
    // One write decision per write made: the console's hello does not decide the start-up poll's write again.
    expect(audit.filter((e) => e.outcome === 'write')).toHaveLength(calls.cx + calls.sf);
  }, 30_000);

  it('leaves an agent without a console alone until the console connects', async () => {
    await observedOnCxone(1);
    cxone.control.setState(seed.agentIds[1]!, 'Unavailable', code('Lunch').id);
    await until(() => engine.metrics.decisions.value({ outcome: 'write', side: 'cxone' }) >= 1, 'the decision', 10_000);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(engine.metrics.upstreamCalls.value({ api: 'bridge_set_status' })).toBe(0);
    openConsole(1);
    await until(() => sfShows(1) === statusOf('Busy'), 'the pending status on connect', 10_000);
  }, 30_000);
});
