import type { OrgSettings } from '../org-state.ts';
import { normaliseId } from '../ids.ts';
import type { ConnectedApp } from '../org-state.ts';
import {
  addChannel, addConnectedApp, addPackageLicense, addPermissionSet, addProfile, addStatus, addUser, grantStatusAccess,
  permSetByName, profileByName, seedToOrg,
  type ChannelSeed, type ConnectedAppSeed, type OrgSeed, type PackageLicenseSeed, type PermissionSetSeed, type ProfileSeed,
  type StatusSeed, type UserSeed,
} from '../seed.ts';
import type { Rec } from '../soql/execute.ts';
import type { World } from '../world.ts';
import type { FaultRule, FaultRuleInput } from './faults.ts';
import type { LoggedRequest, RequestFilter } from './request-log.ts';
import { setPresence, type PresenceChange } from './presence.ts';
import type { PresenceLogEntry, PresenceLogFilter } from './presence-log.ts';
import { deleteStatus, unassignPermissionSet } from './setup-removals.ts';

export interface LoginUrls {
  /** login.salesforce.com equivalent (production orgs only). */
  production?: string;
  /** test.salesforce.com equivalent (sandboxes only). */
  sandbox?: string;
  /** The org's My Domain: a login host, and also the instance_url. */
  myDomain: string;
}

export interface SeededOrg {
  id: string;
  id15: string;
  name: string;
  instanceUrl: string;
  loginUrls: LoginUrls;
  /** username → user ID; developer name → status ID; name → profile / permission-set ID. */
  users: Record<string, string>;
  statuses: Record<string, string>;
  channels: Record<string, string>;
  profiles: Record<string, string>;
  permissionSets: Record<string, string>;
  connectedApps: Record<string, { consumerKey: string; consumerSecret: string }>;
}

export interface ApiUsage {
  used: number;
  limit: number;
}

/** The emulator's control surface: seed data, flip settings, simulate agents, script faults, read counters. */
export class EmulatorControl {
  constructor(private readonly world: World) {}

  seedOrg(seed: OrgSeed): SeededOrg {
    const org = seedToOrg(seed, () => this.world.now());
    this.world.addOrg(org);
    for (const u of seed.users ?? []) if (u.presence) setPresence(org, org.userByUsername(u.username)?.Id as string, u.presence);
    return this.describeOrg(org.id);
  }

  describeOrg(orgId: string): SeededOrg {
    const org = this.world.org(orgId);
    const map = (object: string, key: string): Record<string, string> =>
      Object.fromEntries(org.all(object, false).map((r) => [String(r[key]), r.Id as string]));
    const instanceUrl = this.world.instanceUrl(org);
    return {
      id: org.id, id15: org.id15, name: org.name, instanceUrl,
      loginUrls: {
        ...(org.platform === 'production' ? { production: `${this.world.baseUrl}/login` } : { sandbox: `${this.world.baseUrl}/test` }),
        myDomain: instanceUrl,
      },
      users: map('User', 'Username'),
      statuses: map('ServicePresenceStatus', 'DeveloperName'),
      channels: map('ServiceChannel', 'DeveloperName'),
      profiles: map('Profile', 'Name'),
      permissionSets: Object.fromEntries(org.all('PermissionSet', false).filter((p) => p.IsOwnedByProfile !== true).map((p) => [String(p.Name), p.Id as string])),
      connectedApps: Object.fromEntries(org.apps.map((a) => [a.name, { consumerKey: a.consumerKey, consumerSecret: a.consumerSecret }])),
    };
  }

  /** Org-level API access (false: every REST call answers 403 API_DISABLED_FOR_ORG). */
  setApiEnabled(orgId: string, enabled: boolean): void {
    this.world.org(orgId).apiEnabled = enabled;
  }

  setOrgSettings(orgId: string, settings: Partial<OrgSettings>): OrgSettings {
    const org = this.world.org(orgId);
    org.settings = { ...org.settings, ...settings };
    return org.settings;
  }

  addUser(orgId: string, user: UserSeed): string {
    const org = this.world.org(orgId);
    if ([...this.world.orgs.values()].some((o) => o.userByUsername(user.username))) throw new Error(`emulator: username ${user.username} exists`);
    const id = addUser(org, user);
    if (user.presence) setPresence(org, id, user.presence);
    return id;
  }

  updateUser(orgId: string, userId: string, fields: Partial<{ IsActive: boolean; Email: string; FederationIdentifier: string | null; UserPermissionsSupportUser: boolean; ProfileId: string }>): void {
    this.world.org(orgId).update('User', userId, fields);
  }

  setUserSecret(orgId: string, userId: string, secret: { password?: string; securityToken?: string }): void {
    const org = this.world.org(orgId);
    const current = org.secrets.get(normaliseId(userId) ?? userId);
    if (!current) throw new Error(`emulator: no user ${userId}`);
    Object.assign(current, secret);
  }

  securityToken(orgId: string, userId: string): string {
    const secret = this.world.org(orgId).secrets.get(normaliseId(userId) ?? userId);
    if (!secret) throw new Error(`emulator: no user ${userId}`);
    return secret.securityToken;
  }

  addProfile(orgId: string, p: ProfileSeed): string {
    const org = this.world.org(orgId);
    const id = addProfile(org, p);
    grantStatusAccess(org, org.profilePermissionSetId(id) as string, p.statusAccess ?? []);
    return id;
  }

  setProfileLoginIpRanges(orgId: string, profileName: string, ranges: { start: string; end: string }[]): void {
    const org = this.world.org(orgId);
    org.profileIpRanges.set(profileByName(org, profileName), ranges);
  }

  addPermissionSet(orgId: string, ps: PermissionSetSeed): string {
    const org = this.world.org(orgId);
    const id = addPermissionSet(org, ps);
    grantStatusAccess(org, id, ps.statusAccess ?? []);
    return id;
  }

  assignPermissionSet(orgId: string, userId: string, permissionSetName: string): string {
    const org = this.world.org(orgId);
    return org.insert('PermissionSetAssignment', { AssigneeId: normaliseId(userId) ?? userId, PermissionSetId: permSetByName(org, permissionSetName), IsActive: true });
  }

  /** Takes a permission set from a user (Setup → Permission Set Assignments → Remove); returns how many assignments went. */
  unassignPermissionSet(orgId: string, userId: string, permissionSetName: string): number {
    return unassignPermissionSet(this.world.org(orgId), userId, permissionSetName);
  }

  addPackageLicense(orgId: string, pl: PackageLicenseSeed): string {
    return addPackageLicense(this.world.org(orgId), pl);
  }

  addChannel(orgId: string, ch: ChannelSeed): string {
    return addChannel(this.world.org(orgId), ch);
  }

  addStatus(orgId: string, st: StatusSeed): string {
    return addStatus(this.world.org(orgId), st);
  }

  /** Deletes a presence status (by developer name) with its channels and access grants; false when there was none. */
  deleteStatus(orgId: string, developerName: string): boolean {
    return deleteStatus(this.world.org(orgId), developerName);
  }

  /** Grants or revokes presence-status access for a profile (by name) or a permission set (by name). */
  setStatusAccess(orgId: string, holder: { profile: string } | { permissionSet: string }, developerNames: string[], enabled = true): void {
    const org = this.world.org(orgId);
    const permSetId = 'profile' in holder ? org.profilePermissionSetId(profileByName(org, holder.profile)) as string : permSetByName(org, holder.permissionSet);
    grantStatusAccess(org, permSetId, developerNames, enabled);
  }

  addConnectedApp(orgId: string, app: ConnectedAppSeed): ConnectedApp {
    return addConnectedApp(this.world.org(orgId), app);
  }

  updateConnectedApp(consumerKey: string, changes: Partial<ConnectedApp>): void {
    const app = this.world.app(consumerKey);
    if (!app) throw new Error(`emulator: no connected app ${consumerKey}`);
    Object.assign(app, changes);
  }

  /**
   * Agent changes status in the Omni-Channel widget (developer name or ID), or logs out with null;
   * `reason` says who made the change, as the presence log records it (see {@link PresenceLogEntry}).
   */
  setPresence(orgId: string, userId: string, status: string | null, reason = 'control'): PresenceChange {
    const org = this.world.org(orgId);
    const change = setPresence(org, userId, status);
    const statusOf = (rowId: string | undefined) => (rowId ? String(org.byId('UserServicePresence', rowId)?.ServicePresenceStatusId) : null);
    const from = statusOf(change.closedId);
    const to = statusOf(change.openedId);
    if (from !== to) this.world.presence.append({ orgId: org.id, userId: String(org.byId('User', userId)?.Id), at: this.world.now(), from, to, reason });
    return change;
  }

  /** The presence log: every change made through {@link setPresence}, with who made it, oldest first. */
  presenceChanges(filter?: PresenceLogFilter): PresenceLogEntry[] {
    return this.world.presence.list(filter);
  }

  /** Records of any emulated object, as stored (datetimes as epoch milliseconds). */
  records(orgId: string, object: string): Rec[] {
    return this.world.org(orgId).all(object, true).map((r) => ({ ...r }));
  }

  apiUsage(orgId: string): ApiUsage {
    const org = this.world.org(orgId);
    return { used: org.apiUsage, limit: org.dailyApiLimit };
  }

  setApiUsage(orgId: string, usage: Partial<ApiUsage>): void {
    const org = this.world.org(orgId);
    if (usage.used !== undefined) org.apiUsage = usage.used;
    if (usage.limit !== undefined) org.dailyApiLimit = usage.limit;
  }

  /** Ends sessions: all of an org, one user's, or one access token; the next API call answers 401 INVALID_SESSION_ID. */
  revokeSessions(filter: { orgId?: string; userId?: string; accessToken?: string; includeRefreshTokens?: boolean } = {}): number {
    const org = filter.orgId ? this.world.org(filter.orgId) : undefined;
    const user = filter.userId ? normaliseId(filter.userId) : undefined;
    // A refresh token has no access token of its own, so an accessToken filter never revokes one.
    return this.world.sessions.revokeWhere(
      (s) => (!org || s.orgId === org.id) && (!user || s.userId === user) && (!filter.accessToken || s.accessToken === filter.accessToken),
      (filter.includeRefreshTokens ?? false) && !filter.accessToken,
    );
  }

  /** Moves the emulator's clock forward (sessions time out after the org's sessionTimeoutMs of inactivity). */
  advanceClock(ms: number): void {
    this.world.advanceClock(ms);
  }

  /** Requests served (OAuth, REST, SOAP, identity; not /emulator/), oldest first. */
  requests(filter?: RequestFilter): LoggedRequest[] {
    return this.world.requests.list(filter);
  }

  clearRequests(): void {
    this.world.requests.clear();
  }

  addFault(rule: FaultRuleInput): string {
    return this.world.faults.add(rule);
  }

  clearFaults(id?: string): void {
    this.world.faults.clear(id);
  }

  faults(): FaultRule[] {
    return this.world.faults.list();
  }
}
