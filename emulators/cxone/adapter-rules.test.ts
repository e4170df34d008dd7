import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './test-support/harness.ts';

let h: Harness;
afterEach(async () => {
  await h?.emulator.close();
});

const ORG = '00D5g000004ABCDEAA';
const PATH = `/adapter-apis/v1/salesforce/rule/${ORG}`;
const RULE = {
  publisherStateMap: [
    { incontactAgentState: 'Available', partnerAgentState: 'Available_for_Chats' },
    { incontactAgentState: 'Lunch', partnerAgentState: 'Busy' },
  ],
  subscriberStateMap: [{ incontactAgentState: 'Available', partnerAgentState: 'Available_for_Chats' }],
};

const call = (path: string, init: RequestInit & { token?: string } = {}) => {
  const { token = h.token, ...rest } = init;
  return fetch(`${h.emulator.url}${path}`, {
    ...rest,
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(rest.body ? { 'Content-Type': 'application/json' } : {}) },
  });
};

describe('/adapter-apis/v1/{partnerName}/rule/{partnerId}', () => {
  it('answers the rule an administrator set, in the shape NICE\'s SDK parses', async () => {
    h = await startHarness({ agents: 0 });
    h.emulator.control.setAdapterRule(h.seeded.tenant.tenantId, 'salesforce', ORG, RULE);
    const res = await call(PATH);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(RULE);
    expect((await call(`/adapter-apis/v1/Salesforce/rule/${ORG}`)).status).toBe(200);
  });

  it('stores a PUT of the same body, keeping only the fields NICE defines', async () => {
    h = await startHarness({ agents: 0 });
    const body = { ...RULE, name: 'ignored', subscriberStateMap: [{ ...RULE.subscriberStateMap[0], extra: 1 }] };
    const put = await call(PATH, { method: 'PUT', body: JSON.stringify(body) });
    expect(put.status).toBe(200);
    expect(await put.json()).toEqual(RULE);
    expect(h.emulator.control.adapterRule(h.seeded.tenant.tenantId, 'salesforce', ORG)).toEqual(RULE);
  });

  it('refuses a bad or partial rule with 400 naming every problem, and keeps the rule it had', async () => {
    h = await startHarness({ agents: 0 });
    h.emulator.control.setAdapterRule(h.seeded.tenant.tenantId, 'salesforce', ORG, RULE);
    const partial = await call(PATH, { method: 'PUT', body: JSON.stringify({ publisherStateMap: [{ incontactAgentState: 'Available' }] }) });
    expect(partial.status).toBe(400);
    const { error, error_description } = (await partial.json()) as { error: string; error_description: string };
    expect(error).toBe('InvalidRequest');
    expect(error_description).toContain('publisherStateMap[0]: partnerAgentState must be non-empty text');
    expect(error_description).toContain('subscriberStateMap must be an array');
    expect((await call(PATH, { method: 'PUT', body: '[1]' })).status).toBe(400);
    expect((await call(PATH, { method: 'PUT', body: '{"publisherStateMap": [' })).status).toBe(400);
    expect(await (await call(PATH)).json()).toEqual(RULE);
  });

  it('answers 404 for an account without a rule or another tenant\'s, and 401 without a token', async () => {
    h = await startHarness({ agents: 0 });
    expect((await call(PATH)).status).toBe(404);
    const other = h.emulator.control.seed({ agents: 0 });
    h.emulator.control.setAdapterRule(other.tenant.tenantId, 'salesforce', ORG, RULE);
    expect((await call(PATH)).status).toBe(404);
    expect((await call(PATH, { token: '' })).status).toBe(401);
  });

  it('has the same rule on the control surface over HTTP', async () => {
    h = await startHarness({ agents: 0 });
    const control = `/emulator/tenants/${h.seeded.tenant.tenantId}/adapter-rules/salesforce/${ORG}`;
    expect((await call(control, { token: '' })).status).toBe(404);
    expect((await call(control, { method: 'PUT', body: JSON.stringify(RULE), token: '' })).status).toBe(200);
    expect(await (await call(control, { token: '' })).json()).toEqual(RULE);
    expect(await (await call(PATH)).json()).toEqual(RULE);
    expect((await call(control, { method: 'DELETE', token: '' })).status).toBe(204);
    expect((await call(PATH)).status).toBe(404);
  });
});
