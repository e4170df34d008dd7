import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './test-support/harness.ts';

let h: Harness;
afterEach(async () => {
  await h?.emulator.close();
});

const BASE = '/access-key-management/v1/access-keys';
const call = (path: string, init: RequestInit = {}) =>
  fetch(`${h.emulator.url}${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${h.token}`, ...(init.body ? { 'Content-Type': 'application/json' } : {}), ...init.headers },
  });

type KeyBody = { resultSet: { accessKeyId: string; accessKeySecret?: string; userId: string; tenantId: string; agentId: number; isActive: boolean } };

describe('/access-key-management/v1/access-keys', () => {
  it('generates a key for a chosen user that then gets a token', async () => {
    h = await startHarness({ agents: 1 });
    const agent = h.emulator.control.agent(h.seeded.agentIds[0]!);
    const res = await call(BASE, { method: 'POST', body: JSON.stringify({ userId: agent.userId, tenantId: h.seeded.tenant.tenantId }) });
    expect(res.status).toBe(200);
    const { resultSet } = (await res.json()) as KeyBody;
    expect(resultSet).toMatchObject({ userId: agent.userId, tenantId: h.seeded.tenant.tenantId, agentId: agent.agentId, isActive: true });
    const token = await h.tokenFor(resultSet.accessKeyId, resultSet.accessKeySecret!);
    expect(token.status).toBe(200);
  });

  it('lists and reads keys without their secrets', async () => {
    h = await startHarness({ agents: 1 });
    const agent = h.emulator.control.agent(h.seeded.agentIds[0]!);
    const created = (await (await call(BASE, { method: 'POST', body: JSON.stringify({ userId: agent.userId }) })).json()) as KeyBody;
    const list = (await (await call(`${BASE}?userId=${agent.userId}`)).json()) as { resultSet: Record<string, unknown>[] };
    expect(list.resultSet).toHaveLength(1);
    expect(list.resultSet[0]).not.toHaveProperty('accessKeySecret');
    expect(((await (await call(BASE)).json()) as { resultSet: unknown[] }).resultSet).toHaveLength(2);
    const one = (await (await call(`${BASE}/${created.resultSet.accessKeyId}`)).json()) as KeyBody;
    expect(one.resultSet.accessKeySecret).toBeUndefined();
    expect(one.resultSet.agentId).toBe(agent.agentId);
  });

  it('deactivates a key (then its token request fails) and deletes it (then 404)', async () => {
    h = await startHarness({ agents: 1 });
    const agent = h.emulator.control.agent(h.seeded.agentIds[0]!);
    const { resultSet } = (await (await call(BASE, { method: 'POST', body: JSON.stringify({ userId: agent.userId }) })).json()) as KeyBody;
    const patched = await call(BASE, { method: 'PATCH', body: JSON.stringify({ accessKeyId: resultSet.accessKeyId, isActive: false }) });
    expect(((await patched.json()) as KeyBody).resultSet.isActive).toBe(false);
    expect((await h.tokenFor(resultSet.accessKeyId, resultSet.accessKeySecret!)).status).toBe(400);
    expect((await call(BASE, { method: 'PATCH', body: JSON.stringify({ accessKeyId: resultSet.accessKeyId }) })).status).toBe(400);
    expect((await call(`${BASE}/${resultSet.accessKeyId}`, { method: 'DELETE' })).status).toBe(204);
    expect((await call(`${BASE}/${resultSet.accessKeyId}`)).status).toBe(404);
  });

  it('generates a key for the caller when no userId is given', async () => {
    h = await startHarness({ agents: 0 });
    const res = await call(BASE, { method: 'POST', body: JSON.stringify({}) });
    expect(((await res.json()) as KeyBody).resultSet.userId).toBe(h.seeded.accessKeyUser.userId);
  });

  it('refuses other users\' keys without the Access Key permission, unknown users, other tenants, and no token', async () => {
    h = await startHarness({ agents: 1 });
    const agent = h.emulator.control.agent(h.seeded.agentIds[0]!);
    expect((await call(BASE, { method: 'POST', body: JSON.stringify({ userId: 'no-such-user' }) })).status).toBe(404);
    expect((await call(BASE, { method: 'POST', body: JSON.stringify({ userId: agent.userId, tenantId: 'other' }) })).status).toBe(403);
    const other = h.emulator.control.seed({ agents: 0 });
    expect((await call(BASE, { method: 'POST', body: JSON.stringify({ userId: other.accessKeyUser.userId }) })).status).toBe(404);
    expect((await call(`${BASE}/${other.accessKeyUser.accessKeyId}`)).status).toBe(404);
    h.emulator.control.updateUser(h.seeded.accessKeyUser.agentId, { canManageAccessKeys: false });
    const refused = await call(BASE, { method: 'POST', body: JSON.stringify({ userId: agent.userId }) });
    expect(refused.status).toBe(403);
    expect((await call(BASE, { method: 'POST', body: JSON.stringify({}) })).status).toBe(200);
    expect((await fetch(`${h.emulator.url}${BASE}`)).status).toBe(401);
  });
});
