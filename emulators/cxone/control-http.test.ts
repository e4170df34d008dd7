import { afterEach, describe, expect, it } from 'vitest';
import { createCxoneEmulator, type CxoneEmulator } from './emulator.ts';

let emulator: CxoneEmulator;
afterEach(async () => {
  await emulator?.close();
});

async function call<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${emulator.url}${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

describe('/emulator control surface over HTTP', () => {
  it('builds a tenant by hand and drives an agent through a day', async () => {
    emulator = await createCxoneEmulator({ signingAlgorithm: 'ES256' });
    const tenant = await call<{ tenantId: string }>('POST', '/emulator/tenants', { name: 'Acme' });
    expect(tenant.status).toBe(200);
    const t = tenant.body.tenantId;
    const app = await call<{ clientId: string; clientSecret: string }>('POST', '/emulator/applications', { clientId: 'acme-app', clientSecret: 's3cret', tenantId: t });
    expect(app.body).toMatchObject({ clientId: 'acme-app', tenantId: t });
    const team = await call<{ teamId: number }>('POST', `/emulator/tenants/${t}/teams`, { teamName: 'Support' });
    const renamed = await call<{ teamName: string }>('PATCH', `/emulator/tenants/${t}/teams/${team.body.teamId}`, { teamName: 'Care' });
    expect(renamed.body.teamName).toBe('Care');
    const lunch = await call<{ id: number; teamIds: number[] }>('POST', `/emulator/tenants/${t}/codes`, { name: 'Lunch', teamIds: [team.body.teamId] });
    expect(lunch.body.teamIds).toEqual([team.body.teamId]);
    const acw = await call<{ id: number }>('POST', `/emulator/tenants/${t}/codes`, { name: 'Wrap', isAcw: true });
    expect((await call('PUT', `/emulator/tenants/${t}/teams/${team.body.teamId}/codes/${acw.body.id}`)).status).toBe(200);
    expect((await call('PATCH', `/emulator/tenants/${t}/codes/${acw.body.id}`, { name: 'Wrap-up' })).body).toMatchObject({ name: 'Wrap-up', isAcw: true });
    expect((await call('DELETE', `/emulator/tenants/${t}/teams/${team.body.teamId}/codes/${acw.body.id}`)).status).toBe(200);

    const user = await call<{ agent: { agentId: number; userId: string }; accessKey: { accessKeyId: string; accessKeySecret: string } }>(
      'POST',
      `/emulator/tenants/${t}/users`,
      { teamId: team.body.teamId, firstName: 'Ada', lastName: 'Lovelace', emailAddress: 'ada@example.com', accessKey: true },
    );
    const id = user.body.agent.agentId;
    expect(user.body.accessKey.accessKeyId).toMatch(/^[A-Z2-7]{56}$/);
    expect((await call('POST', `/emulator/agents/${id}/login`, { stationId: 'S1' })).body).toMatchObject({ state: 'Unavailable' });
    expect((await call('POST', `/emulator/agents/${id}/state`, { state: 'Available' })).body).toMatchObject({ outcome: 'applied', agent: { state: 'Available' } });
    const contact = await call<{ contactId: number }>('POST', `/emulator/agents/${id}/contacts`, { direction: 'inbound' });
    expect((await call('GET', `/emulator/agents/${id}`)).body).toMatchObject({ state: 'InboundContact', contactId: contact.body.contactId });
    expect((await call('POST', `/emulator/agents/${id}/state`, { state: 'Unavailable', outStateId: lunch.body.id })).body).toMatchObject({ outcome: 'queued' });
    expect((await call('POST', `/emulator/agents/${id}/contacts/end`)).body).toMatchObject({ state: 'Unavailable', outStateName: 'Lunch' });
    expect((await call('POST', `/emulator/agents/${id}/logout`)).body).toMatchObject({ state: 'LoggedOut' });
    expect((await call('PATCH', `/emulator/agents/${id}`, { federatedId: 'ada-fed' })).body).toMatchObject({ federatedId: 'ada-fed' });

    const changes = await call<{ changes: { cause: string; to: { name: string } }[] }>('GET', `/emulator/changes?tenantId=${t}&agentId=${id}`);
    expect(changes.body.changes.map((c) => [c.cause, c.to.name])).toEqual([
      ['agent', 'Unavailable'],
      ['agent', 'Available'],
      ['system', 'InboundContact'],
      ['agent', 'Unavailable'],
      ['agent', 'LoggedOut'],
    ]);
    expect((await call<{ changes: unknown[] }>('GET', `/emulator/changes?afterSeq=4`)).body.changes).toHaveLength(1);

    const key = await call<{ accessKeyId: string }>('POST', `/emulator/agents/${id}/access-keys`);
    expect((await call('PATCH', `/emulator/access-keys/${key.body.accessKeyId}`, { isActive: false })).status).toBe(200);
    const token = await fetch(`${emulator.url}/auth/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: `Basic ${Buffer.from('acme-app:s3cret').toString('base64')}` },
      body: new URLSearchParams({ grant_type: 'password', username: user.body.accessKey.accessKeyId, password: user.body.accessKey.accessKeySecret }),
    });
    expect(token.status).toBe(200);
  });

  it('seeds, scripts faults, revokes tokens, sets token lifetime and behaviour', async () => {
    emulator = await createCxoneEmulator({ signingAlgorithm: 'ES256' });
    const seeded = await call<{ tenant: { tenantId: string }; agentIds: number[]; codes: unknown[] }>('POST', '/emulator/seed', { agents: 3, codes: ['Break'], acwCode: false, loggedIn: 0.5 });
    expect(seeded.body.agentIds).toHaveLength(3);
    expect(seeded.body.codes).toHaveLength(1);
    expect(emulator.control.agent(seeded.body.agentIds[1]!).state).toBe('Available');
    expect(emulator.control.agent(seeded.body.agentIds[2]!).state).toBe('LoggedOut');

    const fault = await call<{ id: number }>('POST', '/emulator/faults', { path: '*/agents', times: 'unlimited', action: { type: 'status', status: 429, retryAfterSeconds: 1 } });
    expect((await call<{ faults: unknown[] }>('GET', '/emulator/faults')).body.faults).toHaveLength(1);
    expect((await call('DELETE', `/emulator/faults/${fault.body.id}`)).status).toBe(200);
    await call('POST', '/emulator/faults', { path: '*', action: { type: 'lateRows' } });
    expect((await call('DELETE', '/emulator/faults')).status).toBe(200);
    expect(emulator.control.faults()).toEqual([]);

    expect((await call('POST', '/emulator/tokens/revoke', {})).status).toBe(200);
    expect((await call('PUT', '/emulator/token-lifetime', { accessSeconds: 2, refreshSeconds: 4 })).status).toBe(200);
    const bulk = await call<{ outcomes: string[] }>('POST', '/emulator/states', {
      changes: [
        { agentId: seeded.body.agentIds[0], state: 'Unavailable' },
        { agentId: seeded.body.agentIds[1], state: 'Available' },
      ],
    });
    expect(bulk.body.outcomes).toEqual(['applied', 'unchanged']);
    expect((await call('POST', '/emulator/states', { changes: [{ agentId: seeded.body.agentIds[2], state: 'Available' }] })).status).toBe(400);
    expect((await call('PATCH', '/emulator/behaviour', { statesFeed: 'latest-per-agent' })).body).toMatchObject({ statesFeed: 'latest-per-agent' });
    expect((await call('GET', '/emulator/behaviour')).body).toMatchObject({ statesFeed: 'latest-per-agent', setStateStatus: 202 });
  });

  it('seeds into an existing tenant again, reusing its codes', async () => {
    emulator = await createCxoneEmulator({ signingAlgorithm: 'ES256' });
    const first = emulator.control.seed({ agents: 2 });
    const second = emulator.control.seed({ agents: 3, tenantId: first.tenant.tenantId, teams: 2 });
    expect(second.tenant.tenantId).toBe(first.tenant.tenantId);
    expect(second.codes.map((c) => c.id)).toEqual(first.codes.map((c) => c.id));
    expect(second.teams.map((t) => t.teamName)).toEqual(['Team 2', 'Team 3']);
    expect(emulator.control.createCode(first.tenant.tenantId, { name: 'Extra' }).teamIds).toEqual([]);
    const lunch = second.codes.find((c) => c.name === 'Lunch')!;
    expect(emulator.control.setState(second.agentIds[0]!, 'Unavailable', lunch.id)).toBe('applied');
    expect(() => emulator.control.seed({ agents: -1 })).toThrow(/agents must be/);
  });

  it('answers 400 with the invalid fields named, 404 for unknown ids, 409 for conflicts', async () => {
    emulator = await createCxoneEmulator({ signingAlgorithm: 'ES256' });
    const bad = await call<{ error_description: string }>('POST', '/emulator/seed', { agents: 'many' });
    expect(bad.status).toBe(400);
    expect(bad.body.error_description).toContain('agents');
    expect((await call('POST', '/emulator/faults', { path: '*', action: { type: 'explode' } })).status).toBe(400);
    expect((await call('PATCH', '/emulator/behaviour', { setStateStatus: 201 })).status).toBe(400);
    expect((await call('POST', '/emulator/tenants/nope/teams', { teamName: 'x' })).status).toBe(404);
    expect((await call('GET', '/emulator/agents/4242')).status).toBe(404);
    const t = (await call<{ tenantId: string }>('POST', '/emulator/tenants', { tenantId: 'fixed' })).body.tenantId;
    expect((await call('POST', '/emulator/tenants', { tenantId: t })).status).toBe(409);
    const team = (await call<{ teamId: number }>('POST', `/emulator/tenants/${t}/teams`, { teamName: 'A' })).body;
    expect((await call('POST', `/emulator/tenants/${t}/codes`, { name: 'Dup' })).status).toBe(200);
    expect((await call('POST', `/emulator/tenants/${t}/codes`, { name: 'Dup' })).status).toBe(409);
    expect((await call('POST', '/emulator/applications', { clientId: 'c' })).status).toBe(200);
    expect((await call('POST', '/emulator/applications', { clientId: 'c' })).status).toBe(409);
    const user = (await call<{ agent: { agentId: number } }>('POST', `/emulator/tenants/${t}/users`, { teamId: team.teamId })).body.agent;
    expect((await call('POST', `/emulator/agents/${user.agentId}/logout`)).status).toBe(400);
    expect((await call('POST', `/emulator/agents/${user.agentId}/login`)).status).toBe(200);
    expect((await call('POST', `/emulator/agents/${user.agentId}/login`)).status).toBe(409);
    expect((await call('POST', `/emulator/agents/${user.agentId}/contacts/end`)).status).toBe(409);
    expect((await call('POST', `/emulator/agents/${user.agentId}/contacts`)).status).toBe(200);
    expect((await call('POST', `/emulator/agents/${user.agentId}/contacts`)).status).toBe(409);
    expect((await call('PATCH', `/emulator/agents/${user.agentId}`, { teamId: 99 })).status).toBe(404);
    expect((await call('PATCH', '/emulator/access-keys/NOPE', { isActive: true })).status).toBe(400);
    await call('PATCH', `/emulator/agents/${user.agentId}`, { isActive: false });
    await call('POST', `/emulator/agents/${user.agentId}/contacts/end`);
    await call('POST', `/emulator/agents/${user.agentId}/logout`);
    expect((await call('POST', `/emulator/agents/${user.agentId}/login`)).status).toBe(400);
  });
});
