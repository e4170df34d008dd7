import { describe, expect, it } from 'vitest';
import { validateRule } from './rule-validation.ts';
import { OFFLINE } from './salesforce-presence.ts';
import { ALICE, AVAILABLE_FOR_CHATS, BOB, BUSY, briefRule, catalog, IN_MEETING, LUNCH, ON_BREAK, ON_CALL, SF_WORK, sfStatus, TEAM_A } from './domain.fixtures.ts';

const codes = (v: { errors: readonly { code: string }[] }) => v.errors.map((e) => e.code);

describe('rule validation at save (M5.3–M5.6)', () => {
  it("accepts the brief's bidirectional rule assigned to a team that has its codes", () => {
    expect(validateRule(briefRule(), catalog(), [])).toEqual({ ok: true, errors: [], warnings: [] });
  });

  it('refuses an empty name and warns about a rule without rows', () => {
    const v = validateRule(briefRule({ name: ' ', publisher: [], subscriber: [] }), catalog(), []);
    expect(codes(v)).toEqual(['PSYNC_RULE_NAME_EMPTY']);
    expect(v.warnings.map((w) => w.code)).toEqual(['PSYNC_RULE_EMPTY']);
  });

  it('refuses the same source state mapped twice in one direction, naming the rows', () => {
    const v = validateRule(
      briefRule({
        publisher: [
          { acd: { kind: 'Available' }, salesforce: sfStatus(AVAILABLE_FOR_CHATS) },
          { acd: { kind: 'Available' }, salesforce: sfStatus(AVAILABLE_FOR_CHATS) },
        ],
        subscriber: [
          { salesforce: OFFLINE, acd: { kind: 'LoggedOut' } },
          { salesforce: OFFLINE, acd: { kind: 'LoggedOut' } },
          { salesforce: sfStatus(BUSY), acd: { kind: 'Unavailable', codeId: null } },
          { salesforce: { kind: 'Status', statusId: BUSY.id.toLowerCase() }, acd: { kind: 'Unavailable', codeId: null } },
        ],
      }),
      catalog(),
      [],
    );
    expect(codes(v)).toEqual(['PSYNC_RULE_DUPLICATE_PUBLISHER_STATE', 'PSYNC_RULE_DUPLICATE_SUBSCRIBER_STATUS', 'PSYNC_RULE_DUPLICATE_SUBSCRIBER_STATUS']);
    expect(v.errors[0]!.message).toContain('rows 1 and 2');
    expect(v.errors[2]!.message).toContain('"Busy"');
  });

  it('refuses statuses and codes that do not exist, saying how to fix it', () => {
    const v = validateRule(
      briefRule({
        publisher: [{ acd: { kind: 'Unavailable', codeId: '404' }, salesforce: { kind: 'Status', statusId: '0N5xx0000000099AAA' } }],
        subscriber: [{ salesforce: { kind: 'Status', statusId: '0N5xx0000000098AAA' }, acd: { kind: 'Unavailable', codeId: '405' } }],
      }),
      catalog(),
      [],
    );
    expect(codes(v)).toEqual(['PSYNC_RULE_UNKNOWN_STATUS', 'PSYNC_RULE_UNKNOWN_CODE', 'PSYNC_RULE_UNKNOWN_STATUS', 'PSYNC_RULE_UNKNOWN_CODE']);
    expect(v.errors[1]!.message).toMatch(/Get CXone users/);
  });

  it('refuses assigning the rule to a team that lacks a code it uses, naming team and codes', () => {
    const v = validateRule(briefRule({ assignments: { teamIds: ['team-b'], userIds: [] } }), catalog(), []);
    expect(codes(v)).toEqual(['PSYNC_RULE_TEAM_LACKS_CODES']);
    expect(v.errors[0]!.message).toContain('Team "Team B"');
    expect(v.errors[0]!.message).toContain('"Break"');
    expect(v.errors[0]!.details).toEqual({ teamId: 'team-b', missingCodeIds: ['12'] });
  });

  it('checks the team of a user the rule is assigned to, and names several missing codes', () => {
    const rule = briefRule({
      publisher: [{ acd: { kind: 'Unavailable', codeId: SF_WORK.id }, salesforce: sfStatus(IN_MEETING) }],
      assignments: { teamIds: [], userIds: [BOB.id] },
    });
    const v = validateRule(rule, catalog(), []);
    expect(codes(v)).toEqual(['PSYNC_RULE_TEAM_LACKS_CODES']);
    expect(v.errors[0]!.message).toMatch(/codes .*"Break".*"SF Work"|codes .*"SF Work".*"Break"/);
  });

  it('allows any team when skip validation is on', () => {
    const v = validateRule(briefRule({ skipUnavailableCodeValidation: true, assignments: { teamIds: ['team-b'], userIds: [] } }), catalog(), []);
    expect(v.ok).toBe(true);
  });

  it('refuses mappings that would ping-pong, in either direction', () => {
    const publisherFirst = briefRule({
      publisher: [{ acd: { kind: 'Unavailable', codeId: '12' }, salesforce: sfStatus(BUSY) }],
      subscriber: [{ salesforce: sfStatus(BUSY), acd: { kind: 'Unavailable', codeId: LUNCH.id } }],
    });
    const v1 = validateRule(publisherFirst, catalog(), []);
    expect(codes(v1)).toEqual(['PSYNC_RULE_PING_PONG']);
    expect(v1.errors[0]!.message).toMatch(/Publisher row 1 .*Break.* subscriber row 1 .*Lunch/);

    const subscriberFirst = briefRule({
      publisher: [{ acd: { kind: 'Unavailable', codeId: LUNCH.id }, salesforce: sfStatus(ON_BREAK) }],
      subscriber: [{ salesforce: sfStatus(BUSY), acd: { kind: 'Unavailable', codeId: LUNCH.id } }],
    });
    const v2 = validateRule(subscriberFirst, catalog(), []);
    expect(codes(v2)).toEqual(['PSYNC_RULE_PING_PONG']);
    expect(v2.errors[0]!.message).toMatch(/Subscriber row 1 .*"Busy".*publisher row 1 .*"On Break"/);
  });

  it('still explains a ping-pong between a code and a status that do not exist', () => {
    const ghost = { kind: 'Status' as const, statusId: '0N5xx0000000077AAA' };
    const v = validateRule(
      briefRule({
        publisher: [{ acd: { kind: 'Unavailable', codeId: '77' }, salesforce: ghost }],
        subscriber: [{ salesforce: ghost, acd: { kind: 'Unavailable', codeId: null } }],
      }),
      catalog(),
      [],
    );
    expect(v.errors.find((e) => e.code === 'PSYNC_RULE_PING_PONG')!.message).toMatch(/Unavailable – 77 to "0n5xx0000000077aaa".*Unavailable \(system default\)/);
  });

  it('accepts rows that mirror each other, and PREVIOUS, which is resolved at run time', () => {
    const v = validateRule(
      briefRule({
        publisher: [
          { acd: { kind: 'Available' }, salesforce: sfStatus(AVAILABLE_FOR_CHATS) },
          { acd: { kind: 'LoggedOut' }, salesforce: OFFLINE },
        ],
        subscriber: [
          { salesforce: sfStatus(AVAILABLE_FOR_CHATS), acd: { kind: 'PREVIOUS' } },
          { salesforce: OFFLINE, acd: { kind: 'LoggedOut' } },
        ],
      }),
      catalog(),
      [],
    );
    expect(v.ok).toBe(true);
  });

  it('keeps each team and user to one rule, and refuses unknown teams and users', () => {
    const other = briefRule({ id: 'rule-0', name: 'Chat agents', assignments: { teamIds: ['team-a'], userIds: [BOB.id] } });
    const v = validateRule(briefRule({ assignments: { teamIds: ['team-a', 'team-x'], userIds: [BOB.id, 'u-x'] }, skipUnavailableCodeValidation: true }), catalog(), [other]);
    expect(codes(v)).toEqual(['PSYNC_RULE_TEAM_TAKEN', 'PSYNC_RULE_UNKNOWN_TEAM', 'PSYNC_RULE_USER_TAKEN', 'PSYNC_RULE_UNKNOWN_USER']);
    expect(v.errors[0]!.message).toContain('rule "Chat agents"');
    // The rule itself, found among the tenant's rules while editing, is not a conflict.
    expect(validateRule(briefRule(), catalog(), [briefRule()]).ok).toBe(true);
  });

  it("warns, without refusing, when an assigned agent's profile cannot use a mapped status (M2.3)", () => {
    const restricted = { ...ALICE, allowedStatusIds: new Set([BUSY.id.toLowerCase(), ON_CALL.id.toLowerCase()]) };
    const unknown = { id: 'u-carol', name: 'Carol', teamId: TEAM_A.id };
    const granted = { id: 'u-dave', name: 'Dave', teamId: TEAM_A.id, allowedStatusIds: new Set([AVAILABLE_FOR_CHATS, BUSY, ON_CALL].map((s) => s.id.toLowerCase())) };
    const users = new Map([ALICE.id, BOB.id, unknown.id, granted.id].map((id, i) => [id, [restricted, BOB, unknown, granted][i]!]));
    const v = validateRule(briefRule(), catalog({ users }), []);
    expect(v.ok).toBe(true);
    expect(v.warnings).toHaveLength(1);
    expect(v.warnings[0]).toMatchObject({ code: 'PSYNC_RULE_STATUS_NOT_ALLOWED', details: { userId: ALICE.id, statusIds: [AVAILABLE_FOR_CHATS.id.toLowerCase()] } });
    expect(v.warnings[0]!.message).toContain("Alice's Salesforce profile");
  });

  it('does not warn about a team member whom another rule claims by name', () => {
    const restricted = { ...ALICE, allowedStatusIds: new Set<string>() };
    const other = briefRule({ id: 'rule-0', name: 'Alice only', assignments: { teamIds: [], userIds: [ALICE.id] } });
    const v = validateRule(briefRule(), catalog({ users: new Map([[ALICE.id, restricted]]) }), [other]);
    expect(v.warnings).toEqual([]);
  });
});
