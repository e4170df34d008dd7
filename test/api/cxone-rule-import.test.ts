/**
 * Moving a rule from CXone's built-in Presence Sync to the hub and back, through the admin API with
 * its real CXone and Salesforce gateways against both emulators: preview, confirm, export, push.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMappingWorld, type MappingWorld } from './support/mapping-world.ts';
import { environment, ORG_ID_15 } from './support/salesforce-org.ts';

let w: MappingWorld;
const t = '/api/v1/tenants/acme';
const NICE_RULE = {
  publisherStateMap: [
    { incontactAgentState: 'Available', partnerAgentState: 'Available_for_Chats' },
    { incontactAgentState: 'Lunch', partnerAgentState: 'Busy' },
    { incontactAgentState: 'Snoozing', partnerAgentState: 'Busy' },
  ],
  subscriberStateMap: [
    { incontactAgentState: 'Available', partnerAgentState: 'Available_for_Chats' },
    { incontactAgentState: 'Previous State', partnerAgentState: 'Busy' },
  ],
};
const cxoneTenant = () => w.cxoneFields.cxoneTenantId;
const imports = async () => (await w.h.store.audit.query({ tenantId: 'acme', outcomes: ['rule.import'] })).entries;
const post = (url: string, payload: unknown) => w.h.request({ method: 'POST', url: `${t}${url}`, payload: payload as Record<string, unknown> });

beforeAll(async () => {
  w = await startMappingWorld();
  const team = w.cxone.control.createTeam(cxoneTenant(), { teamName: 'Chat team' });
  const lunch = w.cxone.control.createCode(cxoneTenant(), { name: 'Lunch' });
  w.cxone.control.assignCode(cxoneTenant(), team.teamId, lunch.id);
  expect((await post('/account-mappings', { ...environment(w.login), id: 'prod', ...w.cxoneFields })).statusCode).toBe(201);
  expect((await post('/account-mappings/prod/save', undefined)).statusCode).toBe(200);
  expect((await post('/cxone/refresh', undefined)).statusCode).toBe(200);
  expect((await post('/salesforce/refresh', undefined)).statusCode).toBe(200);
}, 60_000);
afterAll(async () => {
  await w.close();
});

describe('Import from CXone', () => {
  it('says when CXone holds no Presence Sync rule for the org', async () => {
    const none = await post('/rules/cxone-import/preview', { source: 'tenant', name: 'From CXone' });
    expect(none.statusCode).toBe(404);
    expect(none.json()).toMatchObject({ code: 'PSYNC_CXONE_NO_ADAPTER_RULE', message: expect.stringMatching(/00D5g000004XyZa/) });
  });

  it('previews the tenant’s rule with every row that cannot be mapped and why, and saves only once confirmed', async () => {
    w.cxone.control.setAdapterRule(cxoneTenant(), 'salesforce', ORG_ID_15, NICE_RULE);
    const preview = await post('/rules/cxone-import/preview', { source: 'tenant', name: 'From CXone' });
    expect(preview.statusCode).toBe(200);
    const body = preview.json();
    expect(body).toMatchObject({ adapterRule: NICE_RULE, partnerId: ORG_ID_15, replaces: false, validation: { ok: true } });
    expect(body.unmapped).toEqual([{ map: 'publisher', row: 3, mapping: NICE_RULE.publisherStateMap[2], reasons: [expect.objectContaining({ code: 'PSYNC_ADAPTER_UNKNOWN_STATE' })] }]);
    expect(body.rows.publisher.map((r: { ruleRow: number | null }) => r.ruleRow)).toEqual([1, 2, null]);
    expect(body.rule.subscriber[1].acd).toEqual({ kind: 'PREVIOUS' });
    expect((await w.h.request({ method: 'GET', url: `${t}/rules` })).json().rules).toEqual([]);

    const unconfirmed = await post('/rules/cxone-import', { adapterRule: body.adapterRule, name: 'From CXone', ruleId: 'from-cxone' });
    expect(unconfirmed.statusCode).toBe(422);
    expect(unconfirmed.json()).toMatchObject({ code: 'PSYNC_CXONE_IMPORT_UNMAPPED', message: expect.stringMatching(/publisher row 3.*Snoozing/) });
    expect((await w.h.request({ method: 'GET', url: `${t}/rules` })).json().rules).toEqual([]);
    expect(await imports()).toEqual([]);

    const saved = await post('/rules/cxone-import', { adapterRule: body.adapterRule, name: 'From CXone', ruleId: 'from-cxone', skipUnmapped: true });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().rule).toMatchObject({ id: 'from-cxone', name: 'From CXone', version: 1, publisher: body.rule.publisher, subscriber: body.rule.subscriber });
    const audit = await imports();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ explanation: expect.stringMatching(/^User root\.admin: Imported NICE's Presence Sync rule as presence rule "From CXone" \(version 1\): 2 publisher, 2 subscriber rows; 1 row\(s\) left out/), details: { ruleId: 'from-cxone', version: 1 } });
    const versions = (await w.h.request({ method: 'GET', url: `${t}/rules/from-cxone/versions` })).json().versions;
    expect(versions).toEqual([expect.objectContaining({ version: 1, action: 'rule.import', by: 'root.admin' })]);
  });

  it('refuses a file whose rule ping-pongs, as any rule, and stores nothing', async () => {
    const pingPong = { publisherStateMap: [NICE_RULE.publisherStateMap[0]], subscriberStateMap: [{ incontactAgentState: 'Lunch', partnerAgentState: 'Available_for_Chats' }] };
    const preview = await post('/rules/cxone-import/preview', { source: 'file', adapterRule: pingPong, name: 'Ping pong' });
    expect(preview.json().validation.errors.map((e: { code: string }) => e.code)).toContain('PSYNC_RULE_PING_PONG');
    const saved = await post('/rules/cxone-import', { adapterRule: pingPong, name: 'Ping pong' });
    expect(saved.statusCode).toBe(422);
    expect(saved.json().code).toBe('PSYNC_RULE_INVALID');
    expect((await w.h.request({ method: 'GET', url: `${t}/rules` })).json().rules.map((r: { id: string }) => r.id)).toEqual(['from-cxone']);
  });

  it('refuses bad and partial payloads with a clear 4xx, storing nothing', async () => {
    const cases: [string, unknown, RegExp][] = [
      ['/rules/cxone-import/preview', { source: 'file', name: 'X' }, /body\.adapterRule/],
      ['/rules/cxone-import/preview', { source: 'file', name: 'X', adapterRule: { publisherStateMap: [] } }, /subscriberStateMap/],
      ['/rules/cxone-import/preview', { source: 'file', name: 'X', adapterRule: { publisherStateMap: [{ incontactAgentState: 'Available' }], subscriberStateMap: [] } }, /partnerAgentState/],
      ['/rules/cxone-import/preview', { source: 'disk', name: 'X', adapterRule: NICE_RULE }, /body\.source/],
      ['/rules/cxone-import', { name: 'X' }, /body\.adapterRule/],
      ['/rules/cxone-import', { adapterRule: { publisherStateMap: 'Available', subscriberStateMap: [] }, name: 'X' }, /publisherStateMap/],
    ];
    for (const [url, payload, message] of cases) {
      const answer = await post(url, payload);
      expect(answer.statusCode, JSON.stringify(payload)).toBe(400);
      expect(answer.json().message).toMatch(message);
    }
    const nameless = await post('/rules/cxone-import', { adapterRule: NICE_RULE, skipUnmapped: true });
    expect(nameless.statusCode).toBe(400);
    expect(nameless.json().code).toBe('PSYNC_CXONE_IMPORT_NAME_MISSING');
    expect((await w.h.request({ method: 'GET', url: `${t}/rules` })).json().rules).toHaveLength(1);
    expect(await imports()).toHaveLength(1);
  });
});

describe('Export to CXone', () => {
  it('exports a rule in NICE’s format, as the API answer and as a file download', async () => {
    const exported = await w.h.request({ method: 'GET', url: `${t}/rules/from-cxone/cxone-export` });
    expect(exported.json()).toEqual({
      ruleId: 'from-cxone',
      ruleName: 'From CXone',
      version: 1,
      adapterRule: { publisherStateMap: NICE_RULE.publisherStateMap.slice(0, 2), subscriberStateMap: NICE_RULE.subscriberStateMap },
      unmapped: [],
    });
    const file = await w.h.request({ method: 'GET', url: `${t}/rules/from-cxone/cxone-export/file` });
    expect(file.headers['content-disposition']).toBe('attachment; filename="from-cxone-cxone-presence-rule.json"');
    expect(file.json()).toEqual(exported.json().adapterRule);
  });

  it('round trip: the exported file imports back to the same rule', async () => {
    const original = (await w.h.request({ method: 'GET', url: `${t}/rules/from-cxone` })).json().rule;
    const file = (await w.h.request({ method: 'GET', url: `${t}/rules/from-cxone/cxone-export/file` })).json();
    const preview = await post('/rules/cxone-import/preview', { source: 'file', adapterRule: file, name: 'Round trip' });
    expect(preview.json().unmapped).toEqual([]);
    const again = await post('/rules/cxone-import', { adapterRule: file, name: 'Round trip', ruleId: 'round-trip' });
    expect(again.statusCode).toBe(200);
    expect({ publisher: again.json().rule.publisher, subscriber: again.json().rule.subscriber }).toEqual({ publisher: original.publisher, subscriber: original.subscriber });
  });

  it('imports into an existing rule, replacing its rows and keeping its assignments', async () => {
    const file = { publisherStateMap: [NICE_RULE.publisherStateMap[0]], subscriberStateMap: [] };
    const replaced = await post('/rules/cxone-import', { adapterRule: file, ruleId: 'round-trip', expectedVersion: 1 });
    expect(replaced.statusCode).toBe(200);
    expect(replaced.json().rule).toMatchObject({ id: 'round-trip', name: 'Round trip', version: 2, subscriber: [] });
    expect(replaced.json().rule.publisher).toHaveLength(1);
  });

  it('pushes a rule back to CXone’s adapter endpoint on request, and audits what CXone held before', async () => {
    const pushed = await post('/rules/from-cxone/cxone-export/push', {});
    expect(pushed.statusCode).toBe(200);
    const sent = { publisherStateMap: NICE_RULE.publisherStateMap.slice(0, 2), subscriberStateMap: NICE_RULE.subscriberStateMap };
    expect(pushed.json()).toEqual({ pushed: sent, partnerId: ORG_ID_15, replaced: NICE_RULE });
    expect(w.cxone.control.adapterRule(cxoneTenant(), 'salesforce', ORG_ID_15)).toEqual(sent);
    const audit = (await w.h.store.audit.query({ tenantId: 'acme', outcomes: ['rule.cxone_push'] })).entries;
    expect(audit).toHaveLength(1);
    expect(audit[0]!.details).toMatchObject({ ruleId: 'from-cxone', replaced: NICE_RULE, pushed: sent });
    expect((await post('/rules/ghost/cxone-export/push', {})).statusCode).toBe(404);
  });
});
