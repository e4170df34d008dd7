import { randomToken } from '../ids.ts';

export interface Session {
  accessToken: string;
  orgId: string;
  userId: string;
  appKey: string | null;
  scopes: string[];
  issuedAt: number;
  lastActivity: number;
  /** The login host base URL the token was issued on (identity URLs point at it). */
  loginBase: string;
  revoked: boolean;
  refreshToken?: string;
}

export interface RefreshGrant {
  refreshToken: string;
  orgId: string;
  userId: string;
  appKey: string;
  scopes: string[];
  loginBase: string;
  revoked: boolean;
}

export interface AuthCode {
  code: string;
  orgId: string;
  userId: string;
  appKey: string;
  redirectUri: string;
  scopes: string[];
  codeChallenge?: string;
  expiresAt: number;
  used: boolean;
  loginBase: string;
}

export type Lookup = { ok: true; session: Session } | { ok: false };

/** Access tokens, refresh tokens and authorization codes of every org. */
export class SessionStore {
  private readonly sessions = new Map<string, Session>();
  private readonly refresh = new Map<string, RefreshGrant>();
  private readonly codes = new Map<string, AuthCode>();

  constructor(private readonly clock: () => number, private readonly timeoutOf: (orgId: string) => number) {}

  issue(s: Omit<Session, 'accessToken' | 'issuedAt' | 'lastActivity' | 'revoked'>, org15: string): Session {
    const now = this.clock();
    const session: Session = { ...s, accessToken: `${org15}!AQ${randomToken(6)}.${randomToken(96)}`, issuedAt: now, lastActivity: now, revoked: false };
    this.sessions.set(session.accessToken, session);
    return session;
  }

  issueRefresh(g: Omit<RefreshGrant, 'refreshToken' | 'revoked'>): RefreshGrant {
    const grant: RefreshGrant = { ...g, refreshToken: `5Aep861${randomToken(80)}`, revoked: false };
    this.refresh.set(grant.refreshToken, grant);
    return grant;
  }

  refreshGrant(token: string): RefreshGrant | undefined {
    const g = this.refresh.get(token);
    return g && !g.revoked ? g : undefined;
  }

  issueCode(c: Omit<AuthCode, 'code' | 'used'>): AuthCode {
    const code: AuthCode = { ...c, code: `aPrx${randomToken(60)}==`, used: false };
    this.codes.set(code.code, code);
    return code;
  }

  code(code: string): AuthCode | undefined {
    return this.codes.get(code);
  }

  /** Finds a live session and records activity; an idle session past the org's timeout is dead. */
  use(token: string): Lookup {
    const s = this.sessions.get(token);
    if (!s || s.revoked) return { ok: false };
    const now = this.clock();
    if (now - s.lastActivity > this.timeoutOf(s.orgId)) {
      s.revoked = true;
      return { ok: false };
    }
    s.lastActivity = now;
    return { ok: true, session: s };
  }

  peek(token: string): Session | undefined {
    return this.sessions.get(token);
  }

  /** Revokes an access token, or a refresh token together with every access token issued from it. */
  revoke(token: string): boolean {
    const s = this.sessions.get(token);
    if (s) {
      s.revoked = true;
      return true;
    }
    const g = this.refresh.get(token);
    if (!g) return false;
    g.revoked = true;
    for (const sess of this.sessions.values()) if (sess.refreshToken === token) sess.revoked = true;
    return true;
  }

  /** Ends sessions (and optionally refresh tokens) matching a filter (control surface); returns how many sessions were live. */
  revokeWhere(pred: (s: Pick<Session, 'orgId' | 'userId' | 'accessToken'>) => boolean, includeRefresh = false): number {
    let n = 0;
    for (const s of this.sessions.values()) {
      if (!s.revoked && pred(s)) {
        s.revoked = true;
        n += 1;
      }
    }
    if (includeRefresh) {
      for (const g of this.refresh.values()) if (pred({ orgId: g.orgId, userId: g.userId, accessToken: '' })) g.revoked = true;
    }
    return n;
  }

  liveSessions(orgId: string): Session[] {
    return [...this.sessions.values()].filter((s) => s.orgId === orgId && !s.revoked);
  }
}
