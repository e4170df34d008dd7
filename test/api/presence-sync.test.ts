import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decide } from '../../src/domain/index.ts';
import { createContextBuilder } from '../../src/engine/index.ts';
import type { Store } from '../../src/store/index.ts';
import { createHarness, type Harness } from './support/harness.ts';
import { fakeSalesforce, fixedCxone, seedSalesforce, SF_ALICE, STATUS_BUSY, STATUS_CHATS } from './support/seed.ts';

let h: Harness;
const t = '/api/v1/tenants/acme';

beforeAll(async () => {
  const holder: { store?: Store } = {};
  h = await createHarness({ cxone: fixedCxone(() => holder.store!), salesforce: fakeSalesforce(), deps: { live: { connectedAgents: () => new Set(['u-100']) } } });
  holder.store = h.store;
  await h.request({ method: 'POST', url: '/api/v1/tenants', payload: { id: 'acme', name: 'Acme' } });
  await seedSalesforce(h.store, 'acme');
});
afterAll(async () => {
  await h.close();
});

const chats = { kind: 'Status', statusId: STATUS_CHATS } as const;
const busy = { kind: 'Status', statusId: STATUS_BUSY } as const;
const rule = {
  name: 'Chat agents',
  skipUnavailableCodeValidation: false,
  publisher: [
    { acd: { kind: 'Available' }, salesforce: chats },
    { acd: { kind: 'Unavailable', codeId: 'C-LUNCH' }, salesforce: busy },
  ],
  subscriber: [
    { salesforce: chats, acd: { kind: 'Available' } },
    { salesforce: busy, acd: { kind: 'PREVIOUS' } },
  ],
};

describe('the brief, M1 and M5, over the API', () => {
  it('switches the adapter first, then Presence Sync, and says why otherwise', async () => {
    const refused = await h.request({ method: 'PUT', url: `${t}/switches`, payload: { presenceSync: true } });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'PSYNC_PRESENCE_SYNC_NEEDS_ADAPTER', message: expect.stringMatching(/adapter on first/) });
    expect((await h.request({ method: 'PUT', url: `${t}/switches`, payload: { salesforceAdapter: true } })).json()).toEqual({ salesforceAdapter: true, presenceSync: false });
    expect((await h.request({ method: 'PUT', url: `${t}/switches`, payload: { presenceSync: true } })).json()).toEqual({ salesforceAdapter: true, presenceSync: true });
    expect((await h.request({ method: 'GET', url: t })).json().switches).toEqual({ salesforceAdapter: true, presenceSync: true });
    const empty = await h.request({ method: 'PUT', url: `${t}/switches`, payload: {} });
    expect(empty.json().details.fields[0].field).toBe('body');
  });

  it('gets CXone users and lists users, teams and codes', async () => {
    const refreshed = await h.request({ method: 'POST', url: `${t}/cxone/refresh` });
    expect(refreshed.statusCode).toBe(200);
    expect(refreshed.json().users.added.sort()).toEqual(['u-100', 'u-200']);
    expect((await h.request({ method: 'GET', url: `${t}/cxone/users?search=ALI` })).json()).toMatchObject({ total: 1, users: [{ id: 'u-100' }] });
    expect((await h.request({ method: 'GET', url: `${t}/cxone/users?limit=1&offset=1` })).json().users).toHaveLength(1);
    expect((await h.request({ method: 'GET', url: `${t}/cxone/users?limit=0` })).json().details.fields[0].field).toBe('query.limit');
    expect((await h.request({ method: 'GET', url: `${t}/cxone/teams` })).json().teams).toEqual([
      { id: 'T1', name: 'Chat team', active: true, codeIds: ['C-LUNCH'] },
      { id: 'T2', name: 'Voice team', active: true, codeIds: [] },
    ]);
    expect((await h.request({ method: 'GET', url: `${t}/cxone/unavailable-codes` })).json().codes).toEqual([{ id: 'C-LUNCH', name: 'Lunch', active: true }]);
    expect((await h.request({ method: 'GET', url: `${t}/account-mappings/access-key-users` })).json().users).toHaveLength(2);
  });

  it('reads presence statuses, refreshes them and provisions missing ones on request', async () => {
    expect((await h.request({ method: 'GET', url: `${t}/salesforce/statuses` })).json().statuses.map((s: { developerName: string }) => s.developerName)).toEqual(['Available_for_Chats', 'Busy']);
    expect((await h.request({ method: 'POST', url: `${t}/salesforce/refresh` })).statusCode).toBe(200);
    const bad = await h.request({ method: 'POST', url: `${t}/salesforce/statuses/provision`, payload: { statuses: [{ label: 'On Break', availability: 'online' }] } });
    expect(bad.json().details.fields).toEqual([{ field: 'body.statuses.0.channels', message: expect.stringMatching(/at least one service channel/) }]);
    const made = await h.request({ method: 'POST', url: `${t}/salesforce/statuses/provision`, payload: { statuses: [{ label: 'On Break', availability: 'busy' }], profileNames: ['Custom Agent'] } });
    expect(made.json().items).toEqual([{ what: 'status On_Break', outcome: 'created', message: 'created' }]);
    expect((await h.request({ method: 'GET', url: `${t}/prerequisites` })).json()).toMatchObject({ mappingId: 'env', failing: 0, agents: [{ username: 'alice@acme.example', agentId: null }] });
  });

  it('validates a rule without saving it, naming every problem', async () => {
    const pingPong = { ...rule, subscriber: [{ salesforce: chats, acd: { kind: 'Unavailable', codeId: 'C-LUNCH' } }] };
    const checked = await h.request({ method: 'POST', url: `${t}/rules/validate`, payload: pingPong });
    expect(checked.statusCode).toBe(200);
    expect(checked.json().ok).toBe(false);
    expect(checked.json().errors.map((e: { code: string }) => e.code)).toContain('PSYNC_RULE_PING_PONG');
    expect((await h.request({ method: 'GET', url: `${t}/rules` })).json().rules).toEqual([]);
    const shape = await h.request({ method: 'POST', url: `${t}/rules/validate`, payload: { ...rule, name: '', publisher: [{ acd: { kind: 'Sleeping' }, salesforce: chats }] } });
    const fields = shape.json().details.fields.map((f: { field: string }) => f.field);
    expect(fields[0]).toBe('body.name');
    expect(fields[1]).toMatch(/^body\.publisher\.0\.acd/);
  });

  it('refuses to save a rule with errors and saves a good one with its warnings', async () => {
    const unknown = await h.request({ method: 'POST', url: `${t}/rules`, payload: { ...rule, publisher: [{ acd: { kind: 'Available' }, salesforce: { kind: 'Status', statusId: '0N5000000000099' } }] } });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().code).toBe('PSYNC_RULE_INVALID');
    expect(unknown.json().details.problems.map((p: { code: string }) => p.code)).toEqual(['PSYNC_RULE_UNKNOWN_STATUS', 'PSYNC_RULE_PING_PONG']);
    expect(unknown.json().message).toMatch(/names the Salesforce status 0N5000000000099/);
    const created = await h.request({ method: 'POST', url: `${t}/rules`, payload: { ...rule, id: 'r1' } });
    expect(created.statusCode).toBe(201);
    expect(created.json().rule).toMatchObject({ id: 'r1', version: 1, assignments: { teamIds: [], userIds: [] } });
    expect((await h.request({ method: 'POST', url: `${t}/rules`, payload: { ...rule, id: 'r1' } })).json().code).toBe('PSYNC_RULE_EXISTS');
  });

  it('assigns teams and users, refusing a team that lacks the rule’s codes unless validation is skipped', async () => {
    const lacking = await h.request({ method: 'PUT', url: `${t}/rules/r1/assignments`, payload: { teamIds: ['T2'] } });
    expect(lacking.statusCode).toBe(422);
    expect(lacking.json().details.problems[0]).toMatchObject({ code: 'PSYNC_RULE_TEAM_LACKS_CODES', message: expect.stringMatching(/"Lunch"/) });
    const assigned = await h.request({ method: 'PUT', url: `${t}/rules/r1/assignments`, payload: { teamIds: ['T1'], userIds: ['u-200'] } });
    expect(assigned.statusCode).toBe(422);
    const teamOnly = await h.request({ method: 'PUT', url: `${t}/rules/r1/assignments`, payload: { teamIds: ['T1'] } });
    expect(teamOnly.statusCode).toBe(200);
    expect(teamOnly.json().rule).toMatchObject({ version: 2, assignments: { teamIds: ['T1'], userIds: [] } });
  });

  it('edits a rule as a new version and refuses a stale edit', async () => {
    const edited = await h.request({ method: 'PUT', url: `${t}/rules/r1`, payload: { ...rule, name: 'Chat agents v2', expectedVersion: 2 } });
    expect(edited.statusCode).toBe(200);
    expect(edited.json().rule).toMatchObject({ name: 'Chat agents v2', version: 3, assignments: { teamIds: ['T1'] } });
    const stale = await h.request({ method: 'PUT', url: `${t}/rules/r1`, payload: { ...rule, expectedVersion: 2 } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('PSYNC_RULE_VERSION_CONFLICT');
    expect((await h.request({ method: 'GET', url: `${t}/rules/r1` })).json().rule.version).toBe(3);
    const versions = (await h.request({ method: 'GET', url: `${t}/rules/r1/versions` })).json().versions;
    expect(versions.map((v: { version: number; action: string; by: string }) => `${v.version} ${v.action} ${v.by}`)).toEqual(['3 rule.update root.admin', '2 rule.assign root.admin', '1 rule.create root.admin']);
    expect(versions[2].rule.name).toBe('Chat agents');
    expect(versions[0].rule.name).toBe('Chat agents v2');
    expect((await h.request({ method: 'GET', url: `${t}/rules/ghost/versions` })).statusCode).toBe(404);
  });

  it('refuses a PUT that leaves out rows (naming them) and keeps every row, as a new administrator once lost them', async () => {
    const before = (await h.request({ method: 'GET', url: `${t}/rules/r1` })).json().rule;
    const partial = await h.request({ method: 'PUT', url: `${t}/rules/r1`, payload: { name: 'Renamed', skipUnavailableCodeValidation: true } });
    expect(partial.statusCode).toBe(422);
    expect(partial.json()).toMatchObject({ code: 'PSYNC_RULE_INCOMPLETE', details: { missing: ['publisher', 'subscriber'] }, message: expect.stringMatching(/lacks publisher, subscriber.*PATCH/) });
    const nameless = await h.request({ method: 'PUT', url: `${t}/rules/r1`, payload: { publisher: rule.publisher, subscriber: rule.subscriber } });
    expect(nameless.json().details.missing).toEqual(['name', 'skipUnavailableCodeValidation']);
    expect((await h.request({ method: 'GET', url: `${t}/rules/r1` })).json()).toEqual({ rule: before });
  });

  it('changes single fields with a JSON merge patch, keeping every field it does not name', async () => {
    const before = (await h.request({ method: 'GET', url: `${t}/rules/r1` })).json().rule;
    const patched = await h.request({ method: 'PATCH', url: `${t}/rules/r1`, headers: { 'content-type': 'application/merge-patch+json' }, payload: JSON.stringify({ name: 'Renamed', skipUnavailableCodeValidation: true }) });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toEqual({ rule: { ...before, name: 'Renamed', skipUnavailableCodeValidation: true, version: before.version + 1 }, warnings: expect.any(Array) });
    expect((await h.request({ method: 'GET', url: `${t}/rules/r1` })).json().rule.publisher).toEqual(rule.publisher);
    const rows = await h.request({ method: 'PATCH', url: `${t}/rules/r1`, headers: { 'content-type': 'application/merge-patch+json' }, payload: JSON.stringify({ subscriber: [rule.subscriber[0]], expectedVersion: before.version + 1 }) });
    expect(rows.json().rule).toMatchObject({ name: 'Renamed', publisher: rule.publisher, subscriber: [rule.subscriber[0]] });
    const stale = await h.request({ method: 'PATCH', url: `${t}/rules/r1`, payload: { name: 'Late', expectedVersion: before.version } });
    expect(stale.json().code).toBe('PSYNC_RULE_VERSION_CONFLICT');
    const typo = await h.request({ method: 'PATCH', url: `${t}/rules/r1`, headers: { 'content-type': 'application/merge-patch+json' }, payload: JSON.stringify({ publisherRows: [] }) });
    expect(typo.statusCode).toBe(400);
    expect(typo.json().message).toMatch(/PATCH changes only name/);
    expect((await h.request({ method: 'PATCH', url: `${t}/rules/r1`, payload: {} })).json().message).toMatch(/names no field/);
    const pingPong = await h.request({ method: 'PATCH', url: `${t}/rules/r1`, payload: { subscriber: [{ salesforce: chats, acd: { kind: 'Unavailable', codeId: 'C-LUNCH' } }] } });
    expect(pingPong.json().details.problems.map((p: { code: string }) => p.code)).toContain('PSYNC_RULE_PING_PONG');
    const restored = await h.request({ method: 'PUT', url: `${t}/rules/r1`, payload: { ...rule, name: 'Chat agents v2' } });
    expect(restored.json().rule).toMatchObject({ name: 'Chat agents v2', skipUnavailableCodeValidation: false, subscriber: rule.subscriber });
    const versions = (await h.request({ method: 'GET', url: `${t}/rules/r1/versions` })).json().versions;
    expect(versions[1]).toMatchObject({ action: 'rule.update', explanation: expect.stringMatching(/\(subscriber\)/) });
  });

  it('links an agent by hand and lists the links', async () => {
    const bad = await h.request({ method: 'PUT', url: `${t}/agent-links/u-100`, payload: { sfUserId: '005' } });
    expect(bad.statusCode).toBe(400);
    const linked = await h.request({ method: 'PUT', url: `${t}/agent-links/u-100`, payload: { sfUserId: SF_ALICE.slice(0, 15) } });
    expect(linked.statusCode).toBe(200);
    expect(linked.json()).toEqual({ acdUserId: 'u-100', sfUserId: SF_ALICE, matchedBy: 'manual', acdName: 'Alice Agent', sfUsername: 'alice@acme.example' });
    expect((await h.request({ method: 'GET', url: `${t}/agent-links` })).json().links).toHaveLength(1);
    expect((await h.request({ method: 'PUT', url: `${t}/agent-links/nobody`, payload: { sfUserId: SF_ALICE } })).statusCode).toBe(404);
  });

  it('answers a dry run from the current rules without touching the store', async () => {
    const before = (await h.store.audit.query({ tenantId: 'acme', limit: 500 })).entries.length;
    const run = await h.request({ method: 'POST', url: `${t}/dry-run`, payload: { agentId: 'u-100', side: 'cxone', state: { kind: 'Available' } } });
    expect(run.statusCode).toBe(200);
    expect(run.json()).toMatchObject({ outcome: 'write', reason: 'publisher_row', write: { side: 'salesforce', label: 'Available for Chats (Online)' }, rule: { id: 'r1', via: 'team' }, row: { direction: 'publisher', index: 0 } });
    const back = await h.request({ method: 'POST', url: `${t}/dry-run`, payload: { agentId: 'u-200', side: 'salesforce', presence: chats } });
    expect(back.json().outcome).toBe('noop');
    expect(back.json().explanation.length).toBeGreaterThan(10);
    expect((await h.store.audit.query({ tenantId: 'acme', limit: 500 })).entries.length).toBe(before);
    expect(await h.store.mailbox.list('acme')).toEqual([]);
    expect((await h.request({ method: 'POST', url: `${t}/dry-run`, payload: { agentId: 'u-100', side: 'moon' } })).statusCode).toBe(400);
  });

  it('shows the live board, an agent, the audit and why the agent is in its state', async () => {
    const at = h.clock.now();
    await h.store.ingest({
      tenantId: 'acme',
      event: { agentId: 'u-100', observation: { side: 'cxone', state: { kind: 'Available' } }, at, origin: 'cxone_feed' },
      dedup: { source: 'test', key: 'e1' },
      buildContext: createContextBuilder(),
      decide,
    });
    const board = await h.request({ method: 'GET', url: `${t}/agents` });
    expect(board.json().total).toBe(2);
    const alice = board.json().agents.find((a: { agentId: string }) => a.agentId === 'u-100');
    expect(alice).toMatchObject({ name: 'Alice Agent', consoleConnected: true, cxone: { label: 'Available', origin: 'cxone_feed' }, lastDecision: { outcome: 'write' }, problems: [] });
    const problems = await h.request({ method: 'GET', url: `${t}/agents?problemsOnly=true` });
    expect(problems.json().agents.map((a: { agentId: string }) => a.agentId)).toEqual(['u-200']);
    expect(problems.json().agents[0].problems[0].code).toBe('PSYNC_AGENT_NOT_LINKED');

    const detail = await h.request({ method: 'GET', url: `${t}/agents/u-100` });
    expect(detail.json()).toMatchObject({ rule: { id: 'r1', via: 'team' }, pending: [{ target: 'salesforce', status: 'pending' }] });
    expect((await h.request({ method: 'GET', url: `${t}/agents/ghost` })).statusCode).toBe(404);

    const decisions = await h.request({ method: 'GET', url: `${t}/audit?agentId=u-100&kind=decision` });
    expect(decisions.json().entries).toHaveLength(1);
    expect((await h.request({ method: 'GET', url: `${t}/audit?outcome=noop,stale&kind=decision` })).json().entries).toEqual([]);
    expect((await h.request({ method: 'GET', url: `${t}/audit?from=${at + 1}&kind=decision` })).json().entries).toEqual([]);
    expect((await h.request({ method: 'GET', url: `${t}/audit?from=10&to=5` })).json().details.fields[0].field).toBe('query.from');
    const first = await h.request({ method: 'GET', url: `${t}/audit?limit=1` });
    expect(first.json().nextCursor).toBeDefined();
    const second = await h.request({ method: 'GET', url: `${t}/audit?limit=1&cursor=${encodeURIComponent(first.json().nextCursor)}` });
    expect(second.json().entries[0].id).not.toBe(first.json().entries[0].id);
    expect((await h.request({ method: 'GET', url: `${t}/audit?cursor=garbage` })).json().code).toBe('PSYNC_AUDIT_CURSOR_INVALID');

    const why = await h.request({ method: 'GET', url: `${t}/agents/u-100/explain` });
    expect(why.json().cxone.because.outcome).toBe('write');
    expect(why.json().answer).toMatch(/Alice Agent shows Available/);
    expect(why.json().answer).toMatch(/not seen Alice Agent in Salesforce/);
  });

  it('records every change as an admin audit entry naming who did it', async () => {
    const admin = (await h.store.audit.query({ tenantId: 'acme', kind: 'admin', limit: 500 })).entries;
    expect(admin.map((e) => e.outcome)).toEqual(
      expect.arrayContaining(['tenant.create', 'tenant.switches.set', 'cxone.refresh', 'salesforce.refresh', 'salesforce.statuses.provision', 'rule.create', 'rule.assign', 'rule.update', 'agent_link.set']),
    );
    for (const entry of admin) expect(entry.details.actor).toMatchObject({ kind: 'user', name: 'root.admin' });
    expect(admin.find((e) => e.outcome === 'tenant.switches.set')?.explanation).toMatch(/User root.admin: Switches of acme/);
  });

  it('removes links and rules', async () => {
    expect((await h.request({ method: 'DELETE', url: `${t}/agent-links/u-100` })).statusCode).toBe(204);
    expect((await h.request({ method: 'DELETE', url: `${t}/agent-links/u-100` })).statusCode).toBe(404);
    expect((await h.request({ method: 'DELETE', url: `${t}/rules/r1` })).statusCode).toBe(204);
    expect((await h.request({ method: 'GET', url: `${t}/rules/r1` })).json().code).toBe('PSYNC_NOT_FOUND');
    expect((await h.request({ method: 'GET', url: `${t}/rules/r1/versions` })).json().versions[0]).toMatchObject({ version: null, action: 'rule.remove', rule: null });
  });
});
