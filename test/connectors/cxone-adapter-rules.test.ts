import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCxoneEmulator, type CxoneEmulator, type SeedResult } from '../../emulators/cxone/index.ts';
import { createCxoneConnector, type CxoneConnector } from '../../src/connectors/cxone/index.ts';
import { cxoneSettingsOf } from './support/cxone-settings.ts';

/** CXone's own Presence Sync rule, read and pushed back by the connector against the emulated adapter API. */

let emulator: CxoneEmulator;
let seed: SeedResult;
let connector: CxoneConnector;
const ORG_18 = '00D5g000004ABCDEAA';
const ORG_15 = ORG_18.slice(0, 15);
const RULE = {
  publisherStateMap: [{ incontactAgentState: 'Available', partnerAgentState: 'Available_for_Chats' }],
  subscriberStateMap: [{ incontactAgentState: 'Lunch', partnerAgentState: 'Busy' }],
};

beforeAll(async () => {
  emulator = await createCxoneEmulator({ signingAlgorithm: 'ES256' });
  seed = emulator.control.seed({ agents: 0 });
  const settings = cxoneSettingsOf(emulator, seed);
  connector = createCxoneConnector({ connections: { get: async () => settings } });
});
afterAll(async () => {
  await emulator.close();
});
beforeEach(async () => {
  emulator.control.clearFaults();
  for (const id of [ORG_18, ORG_15]) await fetch(`${emulator.url}/emulator/tenants/${seed.tenant.tenantId}/adapter-rules/salesforce/${id}`, { method: 'DELETE' });
});

describe('CXone Presence Sync adapter rule through the connector', () => {
  it('reads the rule under the 18-character org ID, or else the 15-character one', async () => {
    emulator.control.setAdapterRule(seed.tenant.tenantId, 'salesforce', ORG_15, RULE);
    expect(await connector.readAdapterRule('acme', ORG_18)).toEqual({ ok: true, value: { rule: RULE, partnerId: ORG_15 } });
    emulator.control.setAdapterRule(seed.tenant.tenantId, 'salesforce', ORG_18, { ...RULE, subscriberStateMap: [] });
    const read = await connector.readAdapterRule('acme', ORG_18);
    expect(read.ok && read.value).toEqual({ rule: { ...RULE, subscriberStateMap: [] }, partnerId: ORG_18 });
  });

  it('says when CXone holds no rule for the org, and passes other failures on without a second try', async () => {
    const none = await connector.readAdapterRule('acme', ORG_18);
    expect(!none.ok && none.failure).toMatchObject({ kind: 'not_found', code: 'PSYNC_CXONE_NO_ADAPTER_RULE' });
    expect(!none.ok && none.failure.message).toContain(`${ORG_18} and ${ORG_15}`);
    emulator.control.addFault({ path: '/adapter-apis/*', action: { type: 'status', status: 403 } });
    const forbidden = await connector.readAdapterRule('acme', ORG_18);
    expect(!forbidden.ok && forbidden.failure).toMatchObject({ kind: 'auth', code: 'PSYNC_CXONE_FORBIDDEN' });
  });

  it('pushes over the rule CXone holds, returning what it replaced', async () => {
    emulator.control.setAdapterRule(seed.tenant.tenantId, 'salesforce', ORG_18, RULE);
    const next = { publisherStateMap: [], subscriberStateMap: [{ incontactAgentState: 'Available', partnerAgentState: 'Available_for_Chats' }] };
    expect(await connector.pushAdapterRule('acme', ORG_18, next)).toEqual({ ok: true, value: { partnerId: ORG_18, replaced: RULE } });
    expect(emulator.control.adapterRule(seed.tenant.tenantId, 'salesforce', ORG_18)).toEqual(next);
  });

  it('pushes under the 15-character org ID when CXone holds no rule, and reports a refusal', async () => {
    expect(await connector.pushAdapterRule('acme', ORG_18, RULE)).toEqual({ ok: true, value: { partnerId: ORG_15, replaced: null } });
    expect(emulator.control.adapterRule(seed.tenant.tenantId, 'salesforce', ORG_15)).toEqual(RULE);
    const refused = await connector.pushAdapterRule('acme', ORG_18, { publisherStateMap: [{ incontactAgentState: '', partnerAgentState: 'Busy' }], subscriberStateMap: [] });
    expect(!refused.ok && refused.failure).toMatchObject({ kind: 'invalid', status: 400 });
    expect(emulator.control.adapterRule(seed.tenant.tenantId, 'salesforce', ORG_15)).toEqual(RULE);
    emulator.control.addFault({ path: '/adapter-apis/*', action: { type: 'status', status: 503 } });
    const down = await connector.pushAdapterRule('acme', ORG_18, RULE);
    expect(!down.ok && down.failure.kind).toBe('retryable');
  });
});
