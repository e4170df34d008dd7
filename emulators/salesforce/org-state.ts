import { IdFactory, normaliseId, podOf } from './ids.ts';
import { OMNI_OBJECTS, objectDef, type ObjectDef } from './schema.ts';
import type { FieldValue, Rec, RecordSource } from './soql/execute.ts';

export type Platform = 'production' | 'sandbox';
export type Edition = 'Developer Edition' | 'Enterprise Edition' | 'Unlimited Edition' | 'Professional Edition';

export interface IpRange {
  start: string;
  end: string;
}

/** Org-wide switches an administrator flips in Setup. */
export interface OrgSettings {
  /** "Allow OAuth Username-Password Flows" (OAuth and OpenID Connect Settings): off in orgs created since Summer '23, as here by default. */
  allowUsernamePasswordFlows: boolean;
  /** My Domain login policy: refuse logins through login.salesforce.com / test.salesforce.com. */
  preventLoginFromLoginHost: boolean;
  /** Network Access trusted IP ranges: logins from these need no security token. */
  trustedIpRanges: IpRange[];
  /** Session timeout (inactivity) in milliseconds; default 2 hours. */
  sessionTimeoutMs: number;
  omniChannelEnabled: boolean;
  /** The org's organization is active; false makes every login answer inactive_org. */
  active: boolean;
  /** "Enable SOAP API login()" (Setup → User Interface): off by default in new orgs. */
  soapLoginEnabled: boolean;
}

export const DEFAULT_SETTINGS: OrgSettings = {
  allowUsernamePasswordFlows: false,
  preventLoginFromLoginHost: false,
  trustedIpRanges: [],
  sessionTimeoutMs: 2 * 60 * 60 * 1000,
  omniChannelEnabled: true,
  active: true,
  soapLoginEnabled: false,
};

export interface ConnectedApp {
  name: string;
  consumerKey: string;
  consumerSecret: string;
  callbackUrls: string[];
  scopes: string[];
  requireSecretForWebServerFlow: boolean;
  requireSecretForRefreshTokenFlow: boolean;
  requirePkce: boolean;
  /** Username of the run-as user of the client credentials flow; undefined = flow not enabled. */
  clientCredentialsUser?: string;
  /** PEM X.509 certificate or SPKI public key for the JWT bearer flow. */
  certificate?: string;
  permittedUsers: 'all' | 'admin_approved';
  preauthorizedProfiles: string[];
  preauthorizedPermissionSets: string[];
  ipRelaxation: 'enforce' | 'relax';
  /** False: this app may not use the username-password flow (like an External Client App). */
  allowUsernamePassword: boolean;
  /**
   * Usernames of the users who approved the app themselves (the web-server flow's approval). JWT
   * bearer cannot ask a user, so with `permittedUsers: 'all'` it works only for these; with
   * `admin_approved` only for users of a pre-authorized profile or permission set.
   */
  approvedBy: string[];
}

export interface UserSecret {
  password: string;
  securityToken: string;
}

/** One org's data: records per sObject plus what Salesforce keeps outside sObjects (secrets, apps, usage). */
export class OrgState implements RecordSource {
  readonly ids: IdFactory;
  readonly tables = new Map<string, Map<string, Rec>>();
  readonly secrets = new Map<string, UserSecret>();
  readonly profileIpRanges = new Map<string, IpRange[]>();
  readonly profileFullNames = new Map<string, string>();
  readonly apps: ConnectedApp[] = [];
  apiUsage = 0;
  presenceCounter = 0;
  apiEnabled = true;
  /** User ID → ID of the user's current UserServicePresence row (a hint; checked on use). */
  readonly currentPresence = new Map<string, string>();
  /** Lower-case username → user ID: logins look users up by username in every org. */
  private readonly usernames = new Map<string, string>();

  constructor(
    readonly id: string,
    public name: string,
    readonly myDomain: string,
    readonly platform: Platform,
    readonly hyperforce: boolean,
    readonly edition: Edition,
    public settings: OrgSettings,
    public dailyApiLimit: number,
    private readonly clock: () => number,
  ) {
    this.ids = new IdFactory(podOf(id));
  }

  get id15(): string {
    return this.id.slice(0, 15);
  }

  private table(object: string): Map<string, Rec> {
    const def = objectDef(object) as ObjectDef;
    let t = this.tables.get(def.name);
    if (!t) {
      t = new Map();
      this.tables.set(def.name, t);
    }
    return t;
  }

  all(object: string, includeDeleted: boolean): Rec[] {
    const rows = [...this.table(object).values()];
    return includeDeleted ? rows : rows.filter((r) => r.IsDeleted !== true);
  }

  byId(object: string, id: string): Rec | undefined {
    const norm = normaliseId(id);
    const rec = norm ? this.table(object).get(norm) : undefined;
    return rec && rec.IsDeleted !== true ? rec : undefined;
  }

  /** Inserts a record with Salesforce's system fields filled in; returns its 18-character ID. */
  insert(object: string, fields: Rec, actorId: string | null = null): string {
    const def = objectDef(object) as ObjectDef;
    const id = object === 'Organization' ? this.id : this.ids.next(def.keyPrefix);
    const now = this.clock();
    const rec: Rec = {};
    for (const fd of def.fields) rec[fd.name] = fd.type === 'boolean' ? false : null;
    Object.assign(rec, fields, {
      Id: id, CreatedDate: now, CreatedById: actorId, LastModifiedDate: now, LastModifiedById: actorId, SystemModstamp: now,
    });
    if (def.name === 'UserServicePresence') rec.IsDeleted = false;
    this.table(def.name).set(id, rec);
    if (def.name === 'User') this.usernames.set(String(rec.Username).toLowerCase(), id);
    return id;
  }

  update(object: string, id: string, fields: Record<string, FieldValue>, actorId: string | null = null): void {
    const rec = this.byId(object, id);
    if (!rec) return;
    const now = this.clock();
    if (object === 'User' && typeof fields.Username === 'string') {
      this.usernames.delete(String(rec.Username).toLowerCase());
      this.usernames.set(fields.Username.toLowerCase(), rec.Id as string);
    }
    Object.assign(rec, fields, { LastModifiedDate: now, LastModifiedById: actorId, SystemModstamp: now });
  }

  /** Deletes a record; UserServicePresence rows stay visible to queryAll as IsDeleted = true. */
  remove(object: string, id: string): boolean {
    const rec = this.byId(object, id);
    if (!rec) return false;
    if (rec.IsDeleted === false) {
      rec.IsDeleted = true;
      rec.SystemModstamp = this.clock();
    } else this.table(object).delete(rec.Id as string);
    return true;
  }

  find(object: string, pred: (r: Rec) => boolean): Rec | undefined {
    for (const r of this.table(object).values()) if (r.IsDeleted !== true && pred(r)) return r;
    return undefined;
  }

  userByUsername(username: string): Rec | undefined {
    const id = this.usernames.get(username.toLowerCase());
    return id ? this.byId('User', id) : undefined;
  }

  profilePermissionSetId(profileId: string): string | undefined {
    return this.find('PermissionSet', (p) => p.ProfileId === profileId && p.IsOwnedByProfile === true)?.Id as string | undefined;
  }

  /** The permission-set IDs a user holds: the profile's own plus assigned ones. */
  userPermissionSetIds(userId: string): string[] {
    const user = this.byId('User', userId);
    const own = user ? this.profilePermissionSetId(String(user.ProfileId)) : undefined;
    const assigned = this.all('PermissionSetAssignment', false).filter((a) => a.AssigneeId === userId).map((a) => String(a.PermissionSetId));
    return [...(own ? [own] : []), ...assigned];
  }

  now(): number {
    return this.clock();
  }

  /** Objects the API does not know in this org right now. */
  hiddenObjects(): ReadonlySet<string> {
    return this.settings.omniChannelEnabled ? new Set() : OMNI_OBJECTS;
  }

  /** The object definition as this org's API sees it (undefined when unknown or hidden). */
  visibleObject(name: string): ObjectDef | undefined {
    const def = objectDef(name);
    return def && !this.hiddenObjects().has(def.name) ? def : undefined;
  }

  /** A copy of everything a transaction can change, for all-or-none rollback. */
  snapshot(): { tables: Map<string, Map<string, Rec>>; secrets: Map<string, UserSecret>; presenceCounter: number } {
    return { tables: structuredClone(this.tables), secrets: structuredClone(this.secrets), presenceCounter: this.presenceCounter };
  }

  restore(s: ReturnType<OrgState['snapshot']>): void {
    this.tables.clear();
    for (const [k, v] of s.tables) this.tables.set(k, v);
    this.secrets.clear();
    for (const [k, v] of s.secrets) this.secrets.set(k, v);
    this.usernames.clear();
    for (const u of this.all('User', false)) this.usernames.set(String(u.Username).toLowerCase(), u.Id as string);
    this.presenceCounter = s.presenceCounter;
  }
}
