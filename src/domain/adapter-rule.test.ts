import { describe, expect, it } from 'vitest';
import { exportAdapterRule } from './adapter-rule-export.ts';
import { importAdapterRule } from './adapter-rule-import.ts';
import { previewAdapterImport } from './adapter-rule-preview.ts';
import type { AdapterCatalog, AdapterRule } from './adapter-rule.ts';
import { validateRule } from './rule-validation.ts';
import { OFFLINE, type SalesforceStatus } from './salesforce-presence.ts';
import { ALL_STATUSES, AVAILABLE_FOR_CHATS, BREAK, briefRule, BUSY, catalog, codeMap, LUNCH, ON_BREAK, ON_CALL, SF_WORK, sfStatus, statusMap } from './domain.fixtures.ts';

const CATALOG: AdapterCatalog = { statuses: ALL_STATUSES, codes: codeMap(LUNCH, BREAK, SF_WORK) };
const row = (incontactAgentState: string, partnerAgentState: string) => ({ incontactAgentState, partnerAgentState });
const reasons = (imported: { unmapped: readonly { reasons: readonly { code: string }[] }[] }) => imported.unmapped.map((u) => u.reasons.map((r) => r.code));

/** The brief's rule as CXone's Adapters app would hold it. */
const NICE_BRIEF_RULE: AdapterRule = {
  publisherStateMap: [row('Available', 'Available_for_Chats'), row('Lunch', 'Busy'), row('InboundContact', 'On_Call')],
  subscriberStateMap: [row('Lunch', 'Busy'), row('Break', 'On_Break'), row('Previous State', 'Available_for_Chats')],
};

describe("NICE CXone's adapter rule → this product's rule", () => {
  it("reads the brief's rule: codes by name, statuses by developer name, working states and Previous State", () => {
    const imported = importAdapterRule(NICE_BRIEF_RULE, CATALOG);
    const brief = briefRule();
    expect(imported.publisher).toEqual(brief.publisher);
    expect(imported.subscriber).toEqual(brief.subscriber);
    expect(imported.unmapped).toEqual([]);
    expect(imported.sourceRows).toEqual({ publisher: [1, 2, 3], subscriber: [1, 2, 3] });
  });

  it('reads the built-in words in any spacing and case, Offline, and developer names in any case', () => {
    const imported = importAdapterRule(
      {
        publisherStateMap: [row('logged out', 'offline'), row('UNAVAILABLE', 'busy'), row('outbound_contact', 'ON_CALL')],
        subscriberStateMap: [row('PreviousState', 'Available_For_Chats'), row('previous', 'On_Break'), row('LoggedOut', 'Offline')],
      },
      CATALOG,
    );
    expect(imported.unmapped).toEqual([]);
    expect(imported.publisher).toEqual([
      { acd: { kind: 'LoggedOut' }, salesforce: OFFLINE },
      { acd: { kind: 'Unavailable', codeId: null }, salesforce: sfStatus(BUSY) },
      { acd: { kind: 'Working', activity: 'OutboundContact' }, salesforce: sfStatus(ON_CALL) },
    ]);
    expect(imported.subscriber.map((r) => r.acd.kind)).toEqual(['PREVIOUS', 'PREVIOUS', 'LoggedOut']);
  });

  it('reports every row it cannot carry over with every reason, and keeps the others with their source rows', () => {
    const imported = importAdapterRule(
      {
        publisherStateMap: [row('Previous State', 'Busy'), row('Available', 'Available_for_Chats'), row('Coffee', 'Available for Chats')],
        subscriberStateMap: [row('lunch', 'Busy'), row('InboundContact', 'On_Call'), row('Break', 'On_Break'), row('Break', 'Nope')],
      },
      CATALOG,
    );
    expect(reasons(imported)).toEqual([
      ['PSYNC_ADAPTER_PREVIOUS_IN_PUBLISHER'],
      ['PSYNC_ADAPTER_UNKNOWN_STATE', 'PSYNC_ADAPTER_UNKNOWN_STATUS'],
      ['PSYNC_ADAPTER_UNKNOWN_CODE'],
      ['PSYNC_ADAPTER_WORKING_IN_SUBSCRIBER'],
      ['PSYNC_ADAPTER_UNKNOWN_STATUS'],
    ]);
    expect(imported.unmapped.map((u) => `${u.map} ${u.row}`)).toEqual(['publisher 1', 'publisher 3', 'subscriber 1', 'subscriber 2', 'subscriber 4']);
    expect(imported.unmapped[1]!.mapping).toEqual(row('Coffee', 'Available for Chats'));
    const messages = imported.unmapped.flatMap((u) => u.reasons.map((r) => r.message)).join('\n');
    expect(messages).toContain('"Coffee" is neither a CXone state');
    expect(messages).toContain('developer name: "Available_for_Chats"');
    expect(messages).toContain('spelt "Lunch"');
    expect(messages).toContain('no presence status with the developer name "Nope"');
    expect(imported.publisher).toEqual([{ acd: { kind: 'Available' }, salesforce: sfStatus(AVAILABLE_FOR_CHATS) }]);
    expect(imported.sourceRows).toEqual({ publisher: [2], subscriber: [3] });
  });

  it('refuses names that mean more than one code or status', () => {
    const twin = { id: '99', name: 'Lunch' };
    const busyAgain: SalesforceStatus = { ...BUSY, id: '0N5xx0000000099AAA', developerName: 'BUSY' };
    const imported = importAdapterRule({ publisherStateMap: [row('Lunch', 'Busy')], subscriberStateMap: [] }, { statuses: statusMap(BUSY, busyAgain), codes: codeMap(LUNCH, twin) });
    expect(reasons(imported)).toEqual([['PSYNC_ADAPTER_AMBIGUOUS_CODE', 'PSYNC_ADAPTER_AMBIGUOUS_STATUS']]);
  });

  it('leaves the rule checks to validateRule: an imported rule that would ping-pong or needs a code a team lacks is refused there', () => {
    const imported = importAdapterRule({ publisherStateMap: [row('Break', 'Busy')], subscriberStateMap: [row('Lunch', 'Busy')] }, CATALOG);
    expect(imported.unmapped).toEqual([]);
    const rule = briefRule({ publisher: imported.publisher, subscriber: imported.subscriber, assignments: { teamIds: ['team-b'], userIds: [] } });
    expect(validateRule(rule, catalog(), []).errors.map((e) => e.code)).toEqual(['PSYNC_RULE_PING_PONG', 'PSYNC_RULE_TEAM_LACKS_CODES']);
  });
});

describe("this product's rule → NICE CXone's adapter rule", () => {
  it("writes the brief's rule as CXone's Adapters app holds it", () => {
    expect(exportAdapterRule(briefRule(), CATALOG)).toEqual({ rule: NICE_BRIEF_RULE, unmapped: [] });
  });

  it('writes Offline, Logged out and the default Unavailable state with their words', () => {
    const exported = exportAdapterRule(
      { publisher: [{ acd: { kind: 'LoggedOut' }, salesforce: OFFLINE }], subscriber: [{ salesforce: sfStatus(BUSY), acd: { kind: 'Unavailable', codeId: null } }] },
      CATALOG,
    );
    expect(exported.rule).toEqual({ publisherStateMap: [row('LoggedOut', 'Offline')], subscriberStateMap: [row('Unavailable', 'Busy')] });
  });

  it('reports rows NICE could not read back the same: gone codes and statuses, reserved and shared names, a status called Offline', () => {
    const reserved = { id: '20', name: 'available' };
    const twin = { id: '21', name: 'Break' };
    const offlineStatus: SalesforceStatus = { ...ON_BREAK, id: '0N5xx0000000077AAA', label: 'Offline', developerName: 'Offline' };
    const busyAgain: SalesforceStatus = { ...BUSY, id: '0N5xx0000000099AAA', developerName: 'busy' };
    const exported = exportAdapterRule(
      {
        publisher: [
          { acd: { kind: 'Unavailable', codeId: '404' }, salesforce: { kind: 'Status', statusId: '0N5xx0000000404AAA' } },
          { acd: { kind: 'Unavailable', codeId: reserved.id }, salesforce: sfStatus(BUSY) },
          { acd: { kind: 'Unavailable', codeId: BREAK.id }, salesforce: OFFLINE },
          { acd: { kind: 'Available' }, salesforce: sfStatus(offlineStatus) },
        ],
        subscriber: [],
      },
      { statuses: statusMap(BUSY, busyAgain, offlineStatus), codes: codeMap(BREAK, twin, reserved) },
    );
    expect(reasons(exported)).toEqual([['PSYNC_ADAPTER_EXPORT_UNKNOWN_CODE', 'PSYNC_ADAPTER_EXPORT_UNKNOWN_STATUS'], ['PSYNC_ADAPTER_RESERVED_NAME', 'PSYNC_ADAPTER_AMBIGUOUS_STATUS'], ['PSYNC_ADAPTER_AMBIGUOUS_CODE', 'PSYNC_ADAPTER_OFFLINE_TAKEN']]);
    expect(exported.unmapped.map((u) => u.row)).toEqual([1, 2, 3]);
    expect(exported.rule.publisherStateMap).toEqual([row('Available', 'Offline')]);
  });
});

describe('an import preview', () => {
  it('shows each of NICE\'s rows with what it becomes and its row in the rule, or why not, and checks the rule as it would be saved', () => {
    const into = briefRule({ publisher: [], subscriber: [], assignments: { teamIds: ['team-b'], userIds: [] } });
    const preview = previewAdapterImport({ publisherStateMap: [row('Coffee', 'Busy'), row('Break', 'Busy')], subscriberStateMap: [row('Lunch', 'Busy')] }, into, catalog(), [briefRule({ id: 'other', assignments: { teamIds: [], userIds: [] } })]);
    expect(preview.rule).toEqual({ ...into, publisher: [{ acd: { kind: 'Unavailable', codeId: BREAK.id }, salesforce: sfStatus(BUSY) }], subscriber: [{ salesforce: sfStatus(BUSY), acd: { kind: 'Unavailable', codeId: LUNCH.id } }] });
    expect(preview.rows.publisher.map((r) => [r.row, r.ruleRow, r.imported === null, r.reasons.map((p) => p.code)])).toEqual([
      [1, null, true, ['PSYNC_ADAPTER_UNKNOWN_STATE']],
      [2, 1, false, []],
    ]);
    expect(preview.rows.subscriber[0]).toMatchObject({ row: 1, ruleRow: 1, mapping: row('Lunch', 'Busy'), reasons: [] });
    expect(preview.unmapped).toHaveLength(1);
    expect(preview.validation.errors.map((e) => e.code)).toEqual(['PSYNC_RULE_PING_PONG', 'PSYNC_RULE_TEAM_LACKS_CODES']);
  });
});
