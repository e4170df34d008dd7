import type { LoginHost } from './login-host.ts';
import type { ConnectedApp, OrgState } from './org-state.ts';
import { SessionStore } from './oauth/sessions.ts';
import { FaultScript } from './control/faults.ts';
import { PresenceLog } from './control/presence-log.ts';
import { RequestLog } from './control/request-log.ts';
import type { Rec } from './soql/execute.ts';

/** The whole emulated Salesforce: orgs, sessions, fault script and the clock. */
export class World {
  readonly orgs = new Map<string, OrgState>();
  readonly sessions: SessionStore;
  readonly faults = new FaultScript();
  readonly requests = new RequestLog();
  readonly presence = new PresenceLog();
  baseUrl = '';
  private offsetMs = 0;

  constructor(private readonly baseClock: () => number) {
    this.sessions = new SessionStore(() => this.now(), (orgId) => this.orgs.get(orgId)?.settings.sessionTimeoutMs ?? 0);
  }

  now(): number {
    return this.baseClock() + this.offsetMs;
  }

  advanceClock(ms: number): void {
    this.offsetMs += ms;
  }

  addOrg(org: OrgState): void {
    for (const other of this.orgs.values()) {
      if (other.myDomain.toLowerCase() === org.myDomain.toLowerCase()) throw new Error(`seed: My Domain ${org.myDomain} is taken`);
      for (const u of org.all('User', false)) {
        if (other.userByUsername(String(u.Username))) throw new Error(`seed: username ${String(u.Username)} exists in another org`);
      }
    }
    this.orgs.set(org.id, org);
  }

  org(orgId: string): OrgState {
    const org = [...this.orgs.values()].find((o) => o.id === orgId || o.id15 === orgId || o.myDomain === orgId);
    if (!org) throw new Error(`emulator: no org ${orgId}`);
    return org;
  }

  orgByDomain(domain: string): OrgState | undefined {
    return [...this.orgs.values()].find((o) => o.myDomain.toLowerCase() === domain);
  }

  loginBase(host: LoginHost): string {
    return `${this.baseUrl}${host.prefix}`;
  }

  instanceUrl(org: OrgState): string {
    return `${this.baseUrl}/my/${org.myDomain}`;
  }

  /** Finds a user whose username can log in through this host (usernames are unique across orgs). */
  userForLogin(host: LoginHost, username: string): { org: OrgState; user: Rec } | undefined {
    for (const org of this.orgs.values()) {
      const user = org.userByUsername(username);
      if (user && this.hostServes(host, org)) return { org, user };
    }
    return undefined;
  }

  hostServes(host: LoginHost, org: OrgState): boolean {
    switch (host.kind) {
      case 'production': return org.platform === 'production' && !org.settings.preventLoginFromLoginHost;
      case 'sandbox': return org.platform === 'sandbox' && !org.settings.preventLoginFromLoginHost;
      case 'mydomain': return org.myDomain.toLowerCase() === host.domain;
      default: return false;
    }
  }

  /** Connected apps are found by consumer key in any org (a packaged app works everywhere). */
  app(consumerKey: string): ConnectedApp | undefined {
    for (const org of this.orgs.values()) {
      const app = org.apps.find((a) => a.consumerKey === consumerKey);
      if (app) return app;
    }
    return undefined;
  }
}
