import { newOrgId, normaliseId, randomToken } from './ids.ts';
import { DEFAULT_SETTINGS, OrgState, type ConnectedApp, type Edition, type IpRange, type OrgSettings, type Platform } from './org-state.ts';

export interface ProfileSeed {
  name: string;
  /** Metadata API full name (standard profiles: Admin, Standard); defaults to the name. */
  fullName?: string;
  /** Login IP ranges: a login from inside needs no security token, from outside is refused ("IP restricted"). */
  loginIpRanges?: IpRange[];
  /** Developer names of the presence statuses this profile may use. */
  statusAccess?: string[];
  /** The "API Enabled" permission (default true); without it REST calls answer API_CURRENTLY_DISABLED. */
  apiEnabled?: boolean;
}

export interface PermissionSetSeed {
  name: string;
  label?: string;
  statusAccess?: string[];
}

export interface PackageLicenseSeed {
  namespacePrefix: string;
  allowedLicenses?: number;
  status?: 'Active' | 'Expired' | 'Trial';
}

export interface ChannelSeed {
  developerName: string;
  label?: string;
  relatedEntity?: string;
}

export interface StatusSeed {
  label: string;
  /** Defaults to the label with spaces replaced by underscores. */
  developerName?: string;
  /** Developer names of service channels; none = a Busy (away) status. */
  channels?: string[];
}

export interface UserSeed {
  username: string;
  password: string;
  /** Appended to the password by clients outside trusted IP ranges; random when omitted. */
  securityToken?: string;
  lastName: string;
  firstName?: string;
  email?: string;
  /** Profile name; defaults to "Standard User". */
  profile?: string;
  isActive?: boolean;
  federationId?: string;
  /** Permission-set names to assign. */
  permissionSets?: string[];
  /** Namespace prefixes of package licences to assign. */
  packageLicenses?: string[];
  /** Service Cloud User feature licence (UserPermissionsSupportUser). */
  serviceCloudUser?: boolean;
  lightning?: boolean;
  /** Developer name of a presence status the user is currently in (opens a UserServicePresence row). */
  presence?: string;
}

export type ConnectedAppSeed = Partial<ConnectedApp> & { name: string };

export interface OrgSeed {
  /** 15- or 18-character 00D… ID; random when omitted. */
  id?: string;
  name: string;
  /** My Domain name: the org's login host and instance is `<base>/my/<myDomain>`. */
  myDomain: string;
  platform?: Platform;
  hyperforce?: boolean;
  edition?: Edition;
  settings?: Partial<OrgSettings>;
  /** DailyApiRequests maximum; defaults by edition. */
  dailyApiLimit?: number;
  /** Org has API access (Professional Edition without the API add-on does not); default true. */
  apiEnabled?: boolean;
  profiles?: ProfileSeed[];
  permissionSets?: PermissionSetSeed[];
  packageLicenses?: PackageLicenseSeed[];
  channels?: ChannelSeed[];
  statuses?: StatusSeed[];
  users?: UserSeed[];
  connectedApps?: ConnectedAppSeed[];
}

const DEFAULT_LIMIT: Record<Edition, number> = {
  'Developer Edition': 15_000,
  'Enterprise Edition': 100_000,
  'Unlimited Edition': 100_000,
  'Professional Edition': 100_000,
};

export function seedToOrg(seed: OrgSeed, clock: () => number): OrgState {
  const id = seed.id ? normaliseId(seed.id) : newOrgId();
  if (!id || !id.startsWith('00D')) throw new Error(`seed: "${seed.id}" is not an org ID (00D…, 15 or 18 characters)`);
  const platform = seed.platform ?? 'production';
  const edition = seed.edition ?? 'Enterprise Edition';
  const org = new OrgState(
    id, seed.name, seed.myDomain, platform, seed.hyperforce ?? false, edition,
    { ...DEFAULT_SETTINGS, ...seed.settings }, seed.dailyApiLimit ?? DEFAULT_LIMIT[edition], clock,
  );
  org.apiEnabled = seed.apiEnabled ?? true;
  org.insert('Organization', {
    Name: seed.name,
    IsSandbox: platform === 'sandbox',
    InstanceName: platform === 'sandbox' ? 'CS42' : seed.hyperforce ? 'USA650S' : 'NA224',
    OrganizationType: edition,
    NamespacePrefix: null,
    TrialExpirationDate: null,
    LanguageLocaleKey: 'en_US',
    TimeZoneSidKey: 'America/Los_Angeles',
    DefaultLocaleSidKey: 'en_US',
  });
  const profiles: ProfileSeed[] = [
    { name: 'System Administrator', fullName: 'Admin' },
    { name: 'Standard User', fullName: 'Standard' },
    ...(seed.profiles ?? []),
  ];
  const seenProfiles = new Map<string, ProfileSeed>();
  for (const p of profiles) seenProfiles.set(p.name, { ...seenProfiles.get(p.name), ...p });
  for (const p of seenProfiles.values()) addProfile(org, p);
  for (const ps of seed.permissionSets ?? []) addPermissionSet(org, ps);
  for (const pl of seed.packageLicenses ?? []) addPackageLicense(org, pl);
  for (const ch of seed.channels ?? []) addChannel(org, ch);
  for (const st of seed.statuses ?? []) addStatus(org, st);
  for (const p of seenProfiles.values()) grantStatusAccess(org, profilePermSet(org, p.name), p.statusAccess ?? []);
  for (const ps of seed.permissionSets ?? []) grantStatusAccess(org, permSetByName(org, ps.name), ps.statusAccess ?? []);
  for (const u of seed.users ?? []) addUser(org, u);
  for (const a of seed.connectedApps ?? []) addConnectedApp(org, a);
  return org;
}

export function addProfile(org: OrgState, p: ProfileSeed): string {
  const id = org.insert('Profile', {
    Name: p.name, Description: null, UserType: 'Standard', PermissionsApiEnabled: p.apiEnabled ?? true, PermissionsLightningExperienceUser: true,
  });
  org.profileFullNames.set(id, p.fullName ?? p.name);
  org.profileIpRanges.set(id, p.loginIpRanges ?? []);
  org.insert('PermissionSet', {
    Name: `X00ex${randomToken(14)}`, Label: p.name, IsOwnedByProfile: true, ProfileId: id, NamespacePrefix: null, Type: 'Profile',
  });
  return id;
}

export function addPermissionSet(org: OrgState, ps: PermissionSetSeed): string {
  return org.insert('PermissionSet', {
    Name: ps.name, Label: ps.label ?? ps.name.replace(/_/g, ' '), IsOwnedByProfile: false, ProfileId: null, NamespacePrefix: null, Type: 'Regular',
  });
}

export function addPackageLicense(org: OrgState, pl: PackageLicenseSeed): string {
  return org.insert('PackageLicense', {
    NamespacePrefix: pl.namespacePrefix, Status: pl.status ?? 'Active', AllowedLicenses: pl.allowedLicenses ?? 100,
    UsedLicenses: 0, ExpirationDate: null, IsProvisioned: true,
  });
}

export function addChannel(org: OrgState, ch: ChannelSeed): string {
  return org.insert('ServiceChannel', {
    DeveloperName: ch.developerName, MasterLabel: ch.label ?? ch.developerName.replace(/_/g, ' '),
    RelatedEntity: ch.relatedEntity ?? 'Case', Language: 'en_US',
  });
}

export function addStatus(org: OrgState, st: StatusSeed, actorId: string | null = null): string {
  const developerName = st.developerName ?? st.label.trim().replace(/\s+/g, '_');
  const id = org.insert('ServicePresenceStatus', { DeveloperName: developerName, MasterLabel: st.label, Language: 'en_US' }, actorId);
  setStatusChannels(org, id, st.channels ?? []);
  return id;
}

/** Replaces a status's channels (ServiceChannelStatus junction rows). */
export function setStatusChannels(org: OrgState, statusId: string, channels: string[]): void {
  for (const row of org.all('ServiceChannelStatus', false).filter((r) => r.ServicePresenceStatusId === statusId)) {
    org.remove('ServiceChannelStatus', row.Id as string);
  }
  for (const name of channels) {
    const ch = org.find('ServiceChannel', (c) => String(c.DeveloperName).toLowerCase() === name.toLowerCase());
    if (!ch) throw new Error(`seed: no service channel named ${name}`);
    org.insert('ServiceChannelStatus', { ServiceChannelId: ch.Id as string, ServicePresenceStatusId: statusId });
  }
}

export function profileByName(org: OrgState, name: string): string {
  const p = org.find('Profile', (r) => String(r.Name).toLowerCase() === name.toLowerCase());
  if (!p) throw new Error(`seed: no profile named ${name}`);
  return p.Id as string;
}

function profilePermSet(org: OrgState, profileName: string): string {
  return org.profilePermissionSetId(profileByName(org, profileName)) as string;
}

export function permSetByName(org: OrgState, name: string): string {
  const p = org.find('PermissionSet', (r) => r.IsOwnedByProfile !== true && String(r.Name).toLowerCase() === name.toLowerCase());
  if (!p) throw new Error(`seed: no permission set named ${name}`);
  return p.Id as string;
}

export function statusByDeveloperName(org: OrgState, name: string): string | undefined {
  return org.find('ServicePresenceStatus', (r) => String(r.DeveloperName).toLowerCase() === name.toLowerCase())?.Id as string | undefined;
}

/** Grants (or revokes) presence-status access on a permission set (a profile's own, or a regular one). */
export function grantStatusAccess(org: OrgState, permSetId: string, developerNames: string[], enabled = true): void {
  for (const name of developerNames) {
    const statusId = statusByDeveloperName(org, name);
    if (!statusId) throw new Error(`seed: no presence status named ${name}`);
    const existing = org.find('SetupEntityAccess', (r) => r.ParentId === permSetId && r.SetupEntityId === statusId);
    if (enabled && !existing) {
      org.insert('SetupEntityAccess', { ParentId: permSetId, SetupEntityId: statusId, SetupEntityType: 'ServicePresenceStatus' });
    } else if (!enabled && existing) org.remove('SetupEntityAccess', existing.Id as string);
  }
}

export function addUser(org: OrgState, u: UserSeed): string {
  const first = u.firstName ?? null;
  const id = org.insert('User', {
    Username: u.username, Email: u.email ?? u.username.replace(/\.[^.@]+$/, ''), FirstName: first, LastName: u.lastName,
    Name: first ? `${first} ${u.lastName}` : u.lastName, Alias: (first?.charAt(0) ?? '') + u.lastName.slice(0, 4),
    IsActive: u.isActive ?? true, ProfileId: profileByName(org, u.profile ?? 'Standard User'),
    FederationIdentifier: u.federationId ?? null, UserType: 'Standard', TimeZoneSidKey: 'America/Los_Angeles',
    LanguageLocaleKey: 'en_US', UserPermissionsSupportUser: u.serviceCloudUser ?? false,
    UserPreferencesLightningExperiencePreferred: u.lightning ?? true, LastLoginDate: null,
  });
  org.secrets.set(id, { password: u.password, securityToken: u.securityToken ?? randomToken(25) });
  for (const ps of u.permissionSets ?? []) org.insert('PermissionSetAssignment', { AssigneeId: id, PermissionSetId: permSetByName(org, ps), IsActive: true });
  for (const ns of u.packageLicenses ?? []) {
    const pl = org.find('PackageLicense', (r) => String(r.NamespacePrefix).toLowerCase() === ns.toLowerCase());
    if (!pl) throw new Error(`seed: no package licence with namespace ${ns}`);
    org.insert('UserPackageLicense', { PackageLicenseId: pl.Id as string, UserId: id });
    pl.UsedLicenses = Number(pl.UsedLicenses) + 1;
  }
  return id;
}

export function addConnectedApp(org: OrgState, a: ConnectedAppSeed): ConnectedApp {
  const app: ConnectedApp = {
    consumerKey: a.consumerKey ?? `3MVG9${randomToken(80)}`,
    consumerSecret: a.consumerSecret ?? randomToken(64).toUpperCase(),
    callbackUrls: [],
    scopes: ['api', 'refresh_token', 'offline_access'],
    requireSecretForWebServerFlow: true,
    requireSecretForRefreshTokenFlow: true,
    requirePkce: false,
    permittedUsers: 'all',
    preauthorizedProfiles: [],
    preauthorizedPermissionSets: [],
    ipRelaxation: 'enforce',
    allowUsernamePassword: true,
    approvedBy: [],
    ...a,
  };
  org.apps.push(app);
  return app;
}
