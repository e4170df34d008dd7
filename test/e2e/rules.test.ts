/**
 * End to end, rules and agents the administrator changes: a rule saved while the hub runs applies
 * to the next event; skip validation of unavailable codes both ways; a console closed is Offline,
 * which a subscriber row can map; agents failing the Salesforce prerequisites are not synced.
 * The hub (startHub, SQLite), both emulators and the simulated consoles over loopback.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoAgent, DemoWorld } from '../../demo/demo-world.ts';
import { PREREQUISITES } from '../../demo/seed-hub.ts';
import type { PresenceRule, PublisherRow, SubscriberRow } from '../../src/domain/index.ts';
import type { AuditEntry } from '../../src/store/index.ts';
import { DEMO_TENANT, startE2e, until, type E2e } from './support/e2e-hub.ts';

const RULE_ID = 'voice-agents';

let e2e: E2e;
let next = 0;
const agent = (): DemoAgent => e2e.world.agents[next++]!;
let demoRule: PresenceRule;
let withoutPermissionSet: DemoAgent;
let withoutLicence: DemoAgent;
let trainingCodeId: string;

/** Two more people, each in CXone and Salesforce, one without the Agent permission set and one without the package licence. */
function addUnqualifiedAgents(world: DemoWorld): void {
  const cx = world.cxone.control;
  const teamId = cx.agent(world.agents[0]!.cxoneAgentId).teamId;
  const add = (name: string, seed: { permissionSets: string[]; packageLicenses: string[] }): DemoAgent => {
    const email = `${name.toLowerCase()}@demo.example`;
    const { agent: created } = cx.createUser(world.cxoneTenantId, { teamId, firstName: name, lastName: 'Agent', emailAddress: email, userName: email });
    world.salesforce.control.addUser(world.org.id, {
      username: email, password: 'agent-password', firstName: name, lastName: 'Agent', email, profile: 'Contact Center Agent',
      serviceCloudUser: true, lightning: true, ...seed,
    });
    return { name, email, cxoneAgentId: created.agentId, sfUsername: email };
  };
  withoutPermissionSet = add('Nopermset', { permissionSets: [], packageLicenses: [PREREQUISITES.packageNamespace] });
  withoutLicence = add('Nolicence', { permissionSets: [PREREQUISITES.agentPermissionSetName], packageLicenses: [] });
  // An unavailable code that exists in CXone but is not assigned to the agents' team.
  trainingCodeId = String(cx.createCode(world.cxoneTenantId, { name: 'Training', teamIds: [] }).id);
}

beforeAll(async () => {
  e2e = await startE2e({ agents: 10, beforeSeed: addUnqualifiedAgents });
  demoRule = (await e2e.hub.store.rules.get(DEMO_TENANT, RULE_ID))!;
});

afterAll(async () => {
  await e2e?.close();
});

const code = (name: string) => Number(e2e.world.codes[name]);
const status = (developerName: string) => ({ kind: 'Status' as const, statusId: e2e.statusId(developerName) });

/** Saves the demo rule with other rows or flags, as the admin API does (the store bumps the version). */
async function saveRule(change: { skip?: boolean; publisher?: readonly PublisherRow[]; subscriber?: readonly SubscriberRow[] }): Promise<PresenceRule> {
  return e2e.hub.store.rules.save(DEMO_TENANT, {
    id: RULE_ID,
    name: demoRule.name,
    skipUnavailableCodeValidation: change.skip ?? false,
    publisher: change.publisher ?? demoRule.publisher,
    subscriber: change.subscriber ?? demoRule.subscriber,
  });
}

async function waitCx(a: DemoAgent, state: string): Promise<void> {
  await until(() => e2e.cxoneState(a) === state, { what: () => `${a.name} CXone ${state} (is ${e2e.cxoneState(a)})` });
}
async function waitSf(a: DemoAgent, developerName: string): Promise<void> {
  await until(() => e2e.sfStatus(a) === developerName, { what: () => `${a.name} Salesforce ${developerName} (is ${e2e.sfStatus(a)})` });
}
async function ready(a: DemoAgent): Promise<void> {
  e2e.openConsole(a);
  e2e.cx.login(a.cxoneAgentId);
  e2e.cx.setState(a.cxoneAgentId, 'Available');
  await waitSf(a, 'Available_for_Chats');
}
async function decisionFor(a: DemoAgent, match: (explanation: string) => boolean): Promise<AuditEntry> {
  return until(async () => (await e2e.decisions(a)).filter((d) => match(d.explanation)).at(-1), { what: `a decision for ${a.name}` });
}
async function polls(n: number): Promise<void> {
  const count = () => e2e.cx.requests().filter((r) => r.path.includes('/agents/states')).length;
  const start = count();
  await until(() => count() >= start + n, { what: `${n} more CXone polls` });
}

describe('rules changed while the hub runs', () => {
  it('a rule saved at run time applies to the next event, without a restart', async () => {
    const a = agent();
    await ready(a);
    const saved = await saveRule({ publisher: [{ acd: { kind: 'Available' }, salesforce: status('On_Break') }, ...demoRule.publisher.slice(1)] });
    e2e.cx.setState(a.cxoneAgentId, 'Unavailable', code('Lunch'));
    await waitSf(a, 'Busy');
    e2e.cx.setState(a.cxoneAgentId, 'Available');
    await waitSf(a, 'On_Break');
    const d = await decisionFor(a, (x) => x.startsWith('CXone shows Available;'));
    expect(d.rule?.version).toBe(saved.version);
    await saveRule({});
  });

  it('skip validation off: a status no subscriber row maps changes nothing in CXone', async () => {
    const a = agent();
    await ready(a);
    await saveRule({ skip: false });
    e2e.agentSets(a, 'On_a_Call');
    const d = await decisionFor(a, (x) => x.includes('On a Call'));
    expect([d.outcome, d.reason]).toEqual(['noop', 'no_subscriber_row']);
    await polls(2);
    expect(e2e.cxoneState(a)).toBe('Available');
  });

  it('skip validation on: an unmapped status puts the agent in CXone’s default Unavailable state, and the audit says why', async () => {
    const a = agent();
    await ready(a);
    await saveRule({ skip: true });
    e2e.agentSets(a, 'On_a_Call');
    await waitCx(a, 'Unavailable');
    const d = await decisionFor(a, (x) => x.includes('On a Call'));
    expect([d.outcome, d.reason]).toEqual(['write', 'fallback_unmapped_status']);
    expect(d.explanation).toMatch(/default Unavailable/);
    await saveRule({});
  });

  it('a mapped code the team does not have: default Unavailable with skip on, nothing with skip off', async () => {
    const subscriber: SubscriberRow[] = [{ salesforce: status('On_a_Call'), acd: { kind: 'Unavailable', codeId: trainingCodeId } }, ...demoRule.subscriber];
    const off = agent();
    const on = agent();
    await Promise.all([ready(off), ready(on)]);

    await saveRule({ skip: false, subscriber });
    e2e.agentSets(off, 'On_a_Call');
    const refused = await decisionFor(off, (x) => x.includes('On a Call'));
    expect([refused.outcome, refused.reason]).toEqual(['noop', 'code_not_on_team']);

    await saveRule({ skip: true, subscriber });
    e2e.agentSets(on, 'On_a_Call');
    await waitCx(on, 'Unavailable');
    const fallback = await decisionFor(on, (x) => x.includes('On a Call'));
    expect([fallback.outcome, fallback.reason]).toEqual(['write', 'fallback_code_not_on_team']);
    expect(e2e.cxoneState(off)).toBe('Available');
    await saveRule({});
  });

  it('console closed: after the grace period the agent is Offline, and a subscriber row for Offline applies', async () => {
    const a = agent();
    await ready(a);
    // Offline → Break; the publisher row LoggedOut → Offline goes, or the rule would ping-pong.
    await saveRule({
      publisher: demoRule.publisher.filter((row) => row.acd.kind !== 'LoggedOut'),
      subscriber: [...demoRule.subscriber, { salesforce: { kind: 'Offline' }, acd: { kind: 'Unavailable', codeId: e2e.world.codes.Break! } }],
    });
    e2e.closeConsole(a);
    await waitCx(a, 'Unavailable:Break');
    const d = await decisionFor(a, (x) => x.includes('Offline'));
    expect([d.outcome, d.reason]).toEqual(['write', 'subscriber_row']);
    expect((d.details.event as { origin: string }).origin).toBe('console_closed');
    await saveRule({});
  });
});

describe('agents failing the Salesforce prerequisites', () => {
  for (const [what, pick, pattern] of [
    ['the Agent permission set', () => withoutPermissionSet, /permission set/i],
    ['the package licence', () => withoutLicence, /licen[cs]e/i],
  ] as const) {
    it(`an agent without ${what} is not synced, and the audit says why`, async () => {
      const a = pick();
      e2e.openConsole(a);
      e2e.cx.login(a.cxoneAgentId);
      e2e.cx.setState(a.cxoneAgentId, 'Available');
      const d = await decisionFor(a, (x) => x.startsWith('Available was recorded'));
      expect([d.outcome, d.reason]).toEqual(['noop', 'agent_not_syncable']);
      expect(d.explanation).toMatch(pattern);
      await polls(2);
      expect(e2e.sfStatus(a)).toBe('Offline');
      expect(e2e.consoleEvents.filter((ev) => ev.userId === e2e.sfUserId(a) && ev.byHub)).toEqual([]);
    });
  }
});
