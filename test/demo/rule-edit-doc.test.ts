/**
 * docs/cxone-setup.md "Changing a publisher row may need its subscriber row changed too", with the
 * demo's (and seed's) own "Voice agents" rule: the edit of the publisher rows alone is refused as
 * ping-pong, the edit that also changes the matching subscriber rows is accepted.
 */
import { describe, expect, it } from 'vitest';
import { STATUS_LABELS } from '../../demo/demo-world.ts';
import { voiceAgentsRule } from '../../demo/seed-hub.ts';
import { AVAILABLE_FOR_CHATS, BREAK, BUSY, catalog, LUNCH, ON_BREAK, ON_CALL, SF_WORK, sfStatus } from '../../src/domain/domain.fixtures.ts';
import { validateRule, type PresenceRule } from '../../src/domain/index.ts';

const STATUS_IDS: Record<string, string> = {
  [STATUS_LABELS.available]: AVAILABLE_FOR_CHATS.id,
  [STATUS_LABELS.busy]: BUSY.id,
  [STATUS_LABELS.break]: ON_BREAK.id,
  [STATUS_LABELS.onCall]: ON_CALL.id,
};
const CODE_IDS = { Lunch: LUNCH.id, Break: BREAK.id, Meeting: SF_WORK.id };

function seedRule(): PresenceRule {
  const rule = voiceAgentsRule((label) => STATUS_IDS[label]!, (name) => CODE_IDS[name]);
  return { ...rule, version: 1, assignments: { teamIds: ['team-a'], userIds: [] } } as PresenceRule;
}
const codes = (rule: PresenceRule) => validateRule(rule, catalog(), []).errors.map((e) => e.code);

describe("cxone-setup.md's rule edit example", () => {
  it('starts from rows the hub accepts: publisher Lunch → Busy, Break → On Break; subscriber Busy → Lunch, On Break → Break', () => {
    const rule = seedRule();
    expect(rule.publisher[1]).toEqual({ acd: { kind: 'Unavailable', codeId: LUNCH.id }, salesforce: sfStatus(BUSY) });
    expect(rule.publisher[2]).toEqual({ acd: { kind: 'Unavailable', codeId: BREAK.id }, salesforce: sfStatus(ON_BREAK) });
    expect(rule.subscriber[0]).toEqual({ salesforce: sfStatus(BUSY), acd: { kind: 'Unavailable', codeId: LUNCH.id } });
    expect(rule.subscriber[1]).toEqual({ salesforce: sfStatus(ON_BREAK), acd: { kind: 'Unavailable', codeId: BREAK.id } });
    expect(codes(rule)).toEqual([]);
  });

  it('refuses changing only the publisher rows (Lunch → On Break, Break → Busy) as ping-pong, naming publisher row 2 and subscriber row 2', () => {
    const rule = seedRule();
    const edited: PresenceRule = {
      ...rule,
      publisher: rule.publisher.map((row, i) => (i === 1 ? { ...row, salesforce: sfStatus(ON_BREAK) } : i === 2 ? { ...row, salesforce: sfStatus(BUSY) } : row)),
    };
    const v = validateRule(edited, catalog(), []);
    expect(v.errors.map((e) => e.code)).toContain('PSYNC_RULE_PING_PONG');
    expect(v.errors.map((e) => e.message).join(' ')).toMatch(/Publisher row 2 sends .*Lunch.* to .*On Break.*, but subscriber row 2 sends that status back as .*Break/);
  });

  it('accepts the edit that changes the matching subscriber rows too (On Break → Lunch, Busy → Break)', () => {
    const rule = seedRule();
    const edited: PresenceRule = {
      ...rule,
      publisher: rule.publisher.map((row, i) => (i === 1 ? { ...row, salesforce: sfStatus(ON_BREAK) } : i === 2 ? { ...row, salesforce: sfStatus(BUSY) } : row)),
      subscriber: rule.subscriber.map((row, i) => (i === 0 ? { ...row, salesforce: sfStatus(ON_BREAK) } : i === 1 ? { ...row, salesforce: sfStatus(BUSY) } : row)),
    };
    expect(codes(edited)).toEqual([]);
  });
});
