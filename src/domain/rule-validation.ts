import { acdSourceKey, type AcdSource, type AcdTarget, type UnavailableCode } from './acd-state.ts';
import type { Problem } from './result.ts';
import { codesUsedByRule, type PresenceRule } from './rule.ts';
import { presenceKey, type SalesforcePresence, type SalesforceStatus } from './salesforce-presence.ts';

export interface CatalogTeam {
  readonly id: string;
  readonly name: string;
  readonly codeIds: ReadonlySet<string>;
}

export interface CatalogUser {
  readonly id: string;
  readonly name: string;
  readonly teamId: string | null;
  /** Status ids the linked Salesforce user's profile and permission sets may use; undefined when unknown. */
  readonly allowedStatusIds?: ReadonlySet<string>;
}

/** What a rule is checked against: the tenant's CXone catalogue and the org's statuses. */
export interface RuleCatalog {
  /** By lower-cased 18-character id. */
  readonly statuses: ReadonlyMap<string, SalesforceStatus>;
  readonly codes: ReadonlyMap<string, UnavailableCode>;
  readonly teams: ReadonlyMap<string, CatalogTeam>;
  readonly users: ReadonlyMap<string, CatalogUser>;
}

export interface RuleValidation {
  readonly ok: boolean;
  /** Problems that refuse the save. */
  readonly errors: readonly Problem[];
  /** Problems the console shows but that do not refuse the save. */
  readonly warnings: readonly Problem[];
}

/** Checks a rule before it is saved, against the catalogue and the tenant's other rules, naming every problem. */
export function validateRule(rule: PresenceRule, catalog: RuleCatalog, otherRules: readonly PresenceRule[]): RuleValidation {
  const errors: Problem[] = [];
  const warnings: Problem[] = [];
  const others = otherRules.filter((r) => r.id !== rule.id);

  if (rule.name.trim() === '') errors.push({ code: 'PSYNC_RULE_NAME_EMPTY', message: 'Give the rule a name.' });
  if (rule.publisher.length === 0 && rule.subscriber.length === 0) {
    warnings.push({ code: 'PSYNC_RULE_EMPTY', message: `Rule "${rule.name}" has no publisher or subscriber rows, so it changes nothing; add a row.` });
  }

  duplicates(rule.publisher.map((r) => acdSourceKey(r.acd)), (key, rows) =>
    errors.push({ code: 'PSYNC_RULE_DUPLICATE_PUBLISHER_STATE', message: `Publisher rows ${rows.join(' and ')} both map the ACD state ${describeSource(key, catalog)}; keep one.`, details: { rows, acdState: key } }),
  );
  duplicates(rule.subscriber.map((r) => presenceKey(r.salesforce)), (key, rows) =>
    errors.push({ code: 'PSYNC_RULE_DUPLICATE_SUBSCRIBER_STATUS', message: `Subscriber rows ${rows.join(' and ')} both map the Salesforce status ${describeKey(key, catalog)}; keep one.`, details: { rows, salesforceStatus: key } }),
  );

  rule.publisher.forEach((row, i) => {
    checkStatus(row.salesforce, `Publisher row ${i + 1}`, catalog, errors);
    checkCode(row.acd, `Publisher row ${i + 1}`, catalog, errors);
  });
  rule.subscriber.forEach((row, i) => {
    checkStatus(row.salesforce, `Subscriber row ${i + 1}`, catalog, errors);
    checkCode(row.acd, `Subscriber row ${i + 1}`, catalog, errors);
  });

  checkPingPong(rule, catalog, errors);
  const teams = checkAssignments(rule, catalog, others, errors);
  checkTeamCodes(rule, catalog, teams, errors);
  checkProfileAccess(rule, catalog, others, warnings);

  return { ok: errors.length === 0, errors, warnings };
}

function duplicates(keys: readonly string[], report: (key: string, rows: number[]) => void): void {
  const seen = new Map<string, number[]>();
  keys.forEach((key, i) => seen.set(key, [...(seen.get(key) ?? []), i + 1]));
  for (const [key, rows] of seen) if (rows.length > 1) report(key, rows);
}

function checkStatus(presence: SalesforcePresence, where: string, catalog: RuleCatalog, errors: Problem[]): void {
  if (presence.kind === 'Status' && !catalog.statuses.has(presence.statusId.toLowerCase())) {
    errors.push({
      code: 'PSYNC_RULE_UNKNOWN_STATUS',
      message: `${where} names the Salesforce status ${presence.statusId}, which the org does not have; refresh the statuses or create it.`,
      details: { statusId: presence.statusId },
    });
  }
}

function checkCode(acd: AcdSource | AcdTarget, where: string, catalog: RuleCatalog, errors: Problem[]): void {
  if (acd.kind === 'Unavailable' && acd.codeId !== null && !catalog.codes.has(acd.codeId)) {
    errors.push({
      code: 'PSYNC_RULE_UNKNOWN_CODE',
      message: `${where} names the unavailable code ${acd.codeId}, which CXone does not have; run "Get CXone users" or pick another code.`,
      details: { codeId: acd.codeId },
    });
  }
}

/**
 * A publisher row A → B with a subscriber row B → A' (A' ≠ A), or a subscriber row B → A with a
 * publisher row A → B' (B' ≠ B), would bounce the agent between the two sides. `PREVIOUS` is
 * resolved at run time, where the echo check and the agreement check keep it from looping.
 */
function checkPingPong(rule: PresenceRule, catalog: RuleCatalog, errors: Problem[]): void {
  const reported = new Set<string>();
  rule.publisher.forEach((pub, p) => {
    const s = rule.subscriber.findIndex((sub) => presenceKey(sub.salesforce) === presenceKey(pub.salesforce));
    const sub = rule.subscriber[s];
    if (!sub || sub.acd.kind === 'PREVIOUS' || acdSourceKey(sub.acd) === acdSourceKey(pub.acd)) return;
    reported.add(`${p}:${s}`);
    errors.push({
      code: 'PSYNC_RULE_PING_PONG',
      message: `Publisher row ${p + 1} sends ${describeSource(acdSourceKey(pub.acd), catalog)} to ${describeKey(presenceKey(pub.salesforce), catalog)}, but subscriber row ${s + 1} sends that status back as ${describeSource(acdSourceKey(sub.acd), catalog)}: the agent would bounce between states. Make the two rows mirror each other or remove one.`,
      details: { publisherRow: p + 1, subscriberRow: s + 1 },
    });
  });
  rule.subscriber.forEach((sub, s) => {
    if (sub.acd.kind === 'PREVIOUS') return;
    const p = rule.publisher.findIndex((pub) => acdSourceKey(pub.acd) === acdSourceKey(sub.acd as AcdSource));
    const pub = rule.publisher[p];
    if (!pub || presenceKey(pub.salesforce) === presenceKey(sub.salesforce) || reported.has(`${p}:${s}`)) return;
    errors.push({
      code: 'PSYNC_RULE_PING_PONG',
      message: `Subscriber row ${s + 1} sends ${describeKey(presenceKey(sub.salesforce), catalog)} to ${describeSource(acdSourceKey(sub.acd as AcdSource), catalog)}, but publisher row ${p + 1} sends that state back as ${describeKey(presenceKey(pub.salesforce), catalog)}: the agent would bounce between states. Make the two rows mirror each other or remove one.`,
      details: { publisherRow: p + 1, subscriberRow: s + 1 },
    });
  });
}

/** Checks that assigned teams and users exist and belong to no other rule; returns the teams whose codes matter. */
function checkAssignments(rule: PresenceRule, catalog: RuleCatalog, others: readonly PresenceRule[], errors: Problem[]): CatalogTeam[] {
  const teams: CatalogTeam[] = [];
  for (const teamId of new Set(rule.assignments.teamIds)) {
    const team = catalog.teams.get(teamId);
    if (!team) {
      errors.push({ code: 'PSYNC_RULE_UNKNOWN_TEAM', message: `Team ${teamId} is not a CXone team; run "Get CXone users" and pick it again.`, details: { teamId } });
      continue;
    }
    teams.push(team);
    const owner = others.find((r) => r.assignments.teamIds.includes(teamId));
    if (owner) errors.push({ code: 'PSYNC_RULE_TEAM_TAKEN', message: `Team "${team.name}" already follows rule "${owner.name}"; a team has at most one rule. Remove it there first.`, details: { teamId, ruleId: owner.id } });
  }
  for (const userId of new Set(rule.assignments.userIds)) {
    const user = catalog.users.get(userId);
    if (!user) {
      errors.push({ code: 'PSYNC_RULE_UNKNOWN_USER', message: `User ${userId} is not a CXone user; run "Get CXone users" and pick them again.`, details: { userId } });
      continue;
    }
    const owner = others.find((r) => r.assignments.userIds.includes(userId));
    if (owner) errors.push({ code: 'PSYNC_RULE_USER_TAKEN', message: `User "${user.name}" already follows rule "${owner.name}"; a user has at most one rule. Remove them there first.`, details: { userId, ruleId: owner.id } });
    const team = user.teamId === null ? undefined : catalog.teams.get(user.teamId);
    if (team && !teams.includes(team)) teams.push(team);
  }
  return teams;
}

function checkTeamCodes(rule: PresenceRule, catalog: RuleCatalog, teams: readonly CatalogTeam[], errors: Problem[]): void {
  if (rule.skipUnavailableCodeValidation) return;
  const used = [...codesUsedByRule(rule)].filter((id) => catalog.codes.has(id));
  for (const team of teams) {
    const missing = used.filter((id) => !team.codeIds.has(id));
    if (missing.length === 0) continue;
    const names = missing.map((id) => `"${catalog.codes.get(id)!.name}"`).join(', ');
    errors.push({
      code: 'PSYNC_RULE_TEAM_LACKS_CODES',
      message: `Team "${team.name}" does not have the unavailable code${missing.length > 1 ? 's' : ''} ${names} that this rule uses. Assign ${missing.length > 1 ? 'them' : 'it'} to the team in CXone, or switch on "skip validation of unavailable codes".`,
      details: { teamId: team.id, missingCodeIds: missing },
    });
  }
}

/** The agents this rule would govern (its users, and its teams' users that no other rule claims by name). */
function governedUsers(rule: PresenceRule, catalog: RuleCatalog, others: readonly PresenceRule[]): CatalogUser[] {
  const claimedElsewhere = new Set(others.flatMap((r) => r.assignments.userIds));
  return [...catalog.users.values()].filter(
    (u) => rule.assignments.userIds.includes(u.id) || (u.teamId !== null && rule.assignments.teamIds.includes(u.teamId) && !claimedElsewhere.has(u.id)),
  );
}

function checkProfileAccess(rule: PresenceRule, catalog: RuleCatalog, others: readonly PresenceRule[], warnings: Problem[]): void {
  const targets = [...new Set(rule.publisher.flatMap((r) => (r.salesforce.kind === 'Status' ? [r.salesforce.statusId.toLowerCase()] : [])))];
  for (const user of governedUsers(rule, catalog, others)) {
    const allowed = user.allowedStatusIds;
    if (!allowed) continue;
    const denied = targets.filter((id) => catalog.statuses.has(id) && !allowed.has(id));
    if (denied.length === 0) continue;
    warnings.push({
      code: 'PSYNC_RULE_STATUS_NOT_ALLOWED',
      message: `${user.name}'s Salesforce profile and permission sets may not use ${denied.map((id) => `"${catalog.statuses.get(id)!.label}"`).join(', ')}; grant access under "Enabled Service Presence Status Access", or the agent will not be moved there.`,
      details: { userId: user.id, statusIds: denied },
    });
  }
}

function describeSource(key: string, catalog: RuleCatalog): string {
  if (key === 'Unavailable') return 'Unavailable (system default)';
  if (key.startsWith('Unavailable:')) {
    const id = key.slice('Unavailable:'.length);
    return `Unavailable – ${catalog.codes.get(id)?.name ?? id}`;
  }
  return key;
}

function describeKey(key: string, catalog: RuleCatalog): string {
  if (key === 'Offline') return 'Offline';
  const id = key.slice('status:'.length);
  return `"${catalog.statuses.get(id)?.label ?? id}"`;
}
