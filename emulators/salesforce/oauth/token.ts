import { createHash, createHmac, createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
import { decodeJwt, jwtVerify } from 'jose';
import type { LoginHost } from '../login-host.ts';
import type { ConnectedApp, OrgState } from '../org-state.ts';
import type { Rec } from '../soql/execute.ts';
import type { World } from '../world.ts';
import { ipInRanges } from './ip.ts';
import type { Session } from './sessions.ts';

export interface OAuthResult {
  status: number;
  body: Record<string, string>;
}

export function oauthError(error: string, description: string, status = 400): OAuthResult {
  return { status, body: { error, error_description: description } };
}

export const AUTH_FAILURE = oauthError('invalid_grant', 'authentication failure');
const BAD_CLIENT_ID = oauthError('invalid_client_id', 'client identifier invalid');
const BAD_CLIENT = oauthError('invalid_client', 'invalid client credentials');
const EXPIRED_TOKEN = oauthError('invalid_grant', 'expired access/refresh token');

export interface TokenContext {
  world: World;
  host: LoginHost;
  ip: string;
}

function identityUrl(ctx: TokenContext, orgId: string, userId: string): string {
  return `${ctx.world.loginBase(ctx.host.kind === 'none' ? { kind: 'production', prefix: '/login' } : ctx.host)}/id/${orgId}/${userId}`;
}

/** A token response as Salesforce sends it; `signature` = Base64 HMAC-SHA256(id + issued_at) keyed by the client secret. */
export function tokenResponse(ctx: TokenContext, org: OrgState, session: Session, app: ConnectedApp | undefined, extra: Record<string, string> = {}): OAuthResult {
  const id = identityUrl(ctx, org.id, session.userId);
  const issuedAt = String(session.issuedAt);
  const signature = createHmac('sha256', app?.consumerSecret ?? org.id).update(id + issuedAt).digest('base64');
  return {
    status: 200,
    body: {
      access_token: session.accessToken,
      ...(session.refreshToken ? { refresh_token: session.refreshToken } : {}),
      signature,
      ...extra,
      instance_url: ctx.world.instanceUrl(org),
      id,
      token_type: 'Bearer',
      issued_at: issuedAt,
    },
  };
}

function secretMatches(app: ConnectedApp, secret: string | undefined): boolean {
  return secret !== undefined && secret === app.consumerSecret;
}

function isPreauthorized(org: OrgState, app: ConnectedApp, user: Rec): boolean {
  if (app.permittedUsers === 'all') return true;
  const profile = org.byId('Profile', String(user.ProfileId));
  if (profile && app.preauthorizedProfiles.some((p) => p.toLowerCase() === String(profile.Name).toLowerCase())) return true;
  const sets = org.userPermissionSetIds(String(user.Id)).map((id) => String(org.byId('PermissionSet', id)?.Name).toLowerCase());
  return app.preauthorizedPermissionSets.some((p) => sets.includes(p.toLowerCase()));
}

/** Checks that apply to every grant once the user is known; undefined when the user may log in. */
function userGate(org: OrgState, app: ConnectedApp, user: Rec): OAuthResult | undefined {
  if (!org.settings.active) return oauthError('inactive_org', 'organization is inactive');
  if (user.IsActive !== true) return oauthError('inactive_user', 'user is inactive');
  if (!isPreauthorized(org, app, user)) return oauthError('invalid_grant', "user hasn't approved this consumer");
  return undefined;
}

function mayRefresh(scopes: string[]): boolean {
  return scopes.includes('refresh_token') || scopes.includes('offline_access') || scopes.includes('full');
}

function startSession(ctx: TokenContext, org: OrgState, user: Rec, app: ConnectedApp, scopes: string[], refreshToken?: string): Session {
  org.update('User', String(user.Id), { LastLoginDate: ctx.world.now() });
  return ctx.world.sessions.issue({
    orgId: org.id, userId: String(user.Id), appKey: app.consumerKey, scopes, loginBase: ctx.world.loginBase(ctx.host),
    ...(refreshToken ? { refreshToken } : {}),
  }, org.id15);
}

/** Username-password flow: the org switch, profile login IP ranges, trusted ranges and the security token. */
export function passwordGrant(ctx: TokenContext, p: Record<string, string>, app: ConnectedApp): OAuthResult {
  if (!secretMatches(app, p.client_secret)) return BAD_CLIENT;
  const found = p.username ? ctx.world.userForLogin(ctx.host, p.username) : undefined;
  if (!found) return AUTH_FAILURE;
  const { org, user } = found;
  if (!org.settings.allowUsernamePasswordFlows || !app.allowUsernamePassword) return AUTH_FAILURE;
  const gate = userGate(org, app, user);
  if (gate) return gate;
  const check = checkPassword(org, user, p.password ?? '', ctx.ip, app.ipRelaxation === 'relax');
  if (check === 'ip_restricted') return oauthError('invalid_grant', 'IP restricted');
  if (check !== 'ok') return AUTH_FAILURE;
  return tokenResponse(ctx, org, startSession(ctx, org, user, app, app.scopes), app);
}

/**
 * Password check of the username-password flow and SOAP login(): outside the profile's login IP
 * ranges the login is refused; inside them or the org's trusted ranges the bare password works;
 * anywhere else the security token must be appended.
 */
export function checkPassword(org: OrgState, user: Rec, given: string, ip: string, relaxIp: boolean): 'ok' | 'ip_restricted' | 'bad_password' | 'token_required' {
  const profileRanges = org.profileIpRanges.get(String(user.ProfileId)) ?? [];
  const inProfileRange = profileRanges.length > 0 && ipInRanges(ip, profileRanges);
  if (profileRanges.length > 0 && !inProfileRange && !relaxIp) return 'ip_restricted';
  const secret = org.secrets.get(String(user.Id));
  if (!secret) return 'bad_password';
  if (given === secret.password + secret.securityToken) return 'ok';
  const trusted = inProfileRange || ipInRanges(ip, org.settings.trustedIpRanges);
  if (given === secret.password) return trusted ? 'ok' : 'token_required';
  return 'bad_password';
}

export function refreshGrant(ctx: TokenContext, p: Record<string, string>, app: ConnectedApp): OAuthResult {
  if (p.client_secret !== undefined ? !secretMatches(app, p.client_secret) : app.requireSecretForRefreshTokenFlow) return BAD_CLIENT;
  const grant = p.refresh_token ? ctx.world.sessions.refreshGrant(p.refresh_token) : undefined;
  if (!grant || grant.appKey !== app.consumerKey) return EXPIRED_TOKEN;
  const org = ctx.world.orgs.get(grant.orgId);
  const user = org?.byId('User', grant.userId);
  if (!org || !user) return EXPIRED_TOKEN;
  const gate = userGate(org, app, user);
  if (gate) return gate;
  const session = ctx.world.sessions.issue({
    orgId: org.id, userId: grant.userId, appKey: app.consumerKey, scopes: grant.scopes, loginBase: grant.loginBase, refreshToken: grant.refreshToken,
  }, org.id15);
  // The refresh response carries no refresh_token of its own.
  const { refresh_token: _omit, ...body } = tokenResponse(ctx, org, session, app, { scope: grant.scopes.join(' ') }).body;
  return { status: 200, body };
}

export function authorizationCodeGrant(ctx: TokenContext, p: Record<string, string>, app: ConnectedApp): OAuthResult {
  if (p.client_secret !== undefined ? !secretMatches(app, p.client_secret) : app.requireSecretForWebServerFlow) return BAD_CLIENT;
  const code = p.code ? ctx.world.sessions.code(p.code) : undefined;
  if (!code || code.used || code.appKey !== app.consumerKey || code.expiresAt < ctx.world.now()) {
    return oauthError('invalid_grant', 'invalid authorization code');
  }
  if (p.redirect_uri !== code.redirectUri) return oauthError('redirect_uri_mismatch', 'redirect_uri must match configuration');
  if (code.codeChallenge !== undefined) {
    const verifier = p.code_verifier ?? '';
    const digest = createHash('sha256').update(verifier).digest('base64url');
    if (digest !== code.codeChallenge) return oauthError('invalid_grant', 'invalid code verifier');
  }
  code.used = true;
  const org = ctx.world.orgs.get(code.orgId);
  const user = org?.byId('User', code.userId);
  if (!org || !user) return oauthError('invalid_grant', 'invalid authorization code');
  const gate = userGate(org, app, user);
  if (gate) return gate;
  const refresh = mayRefresh(code.scopes)
    ? ctx.world.sessions.issueRefresh({ orgId: org.id, userId: code.userId, appKey: app.consumerKey, scopes: code.scopes, loginBase: code.loginBase })
    : undefined;
  const session = startSession({ ...ctx }, org, user, app, code.scopes, refresh?.refreshToken);
  return tokenResponse(ctx, org, session, app, { scope: code.scopes.join(' ') });
}

/** Client credentials: only on a My Domain host, with a run-as user set on the app. */
export function clientCredentialsGrant(ctx: TokenContext, p: Record<string, string>, app: ConnectedApp): OAuthResult {
  if (!secretMatches(app, p.client_secret)) return BAD_CLIENT;
  if (ctx.host.kind !== 'mydomain') return oauthError('invalid_grant', 'request not supported on this domain');
  const org = ctx.world.orgByDomain(ctx.host.domain);
  const user = org && app.clientCredentialsUser ? org.userByUsername(app.clientCredentialsUser) : undefined;
  if (!org || !user) return oauthError('invalid_grant', 'no client credentials user enabled');
  if (!org.settings.active) return oauthError('inactive_org', 'organization is inactive');
  if (user.IsActive !== true) return oauthError('inactive_user', 'user is inactive');
  const session = startSession(ctx, org, user, app, app.scopes);
  return tokenResponse(ctx, org, session, app, { scope: app.scopes.join(' '), token_format: 'opaque' });
}

function publicKeyOf(pem: string): KeyObject {
  return pem.includes('BEGIN CERTIFICATE') ? new X509Certificate(pem).publicKey : createPublicKey(pem);
}

function audiences(ctx: TokenContext, org: OrgState | undefined): string[] {
  const base = ctx.world.loginBase(ctx.host);
  if (ctx.host.kind === 'production') return ['https://login.salesforce.com', base];
  if (ctx.host.kind === 'sandbox') return ['https://test.salesforce.com', base];
  if (!org) return [base];
  const real = org.platform === 'sandbox' ? 'https://test.salesforce.com' : 'https://login.salesforce.com';
  return [real, `https://${org.myDomain}.my.salesforce.com`, base];
}

/** JWT bearer: RS256 assertion signed by the key of the app's certificate; iss = consumer key, sub = username. */
export async function jwtBearerGrant(ctx: TokenContext, p: Record<string, string>): Promise<OAuthResult> {
  const assertion = p.assertion ?? '';
  let claims: ReturnType<typeof decodeJwt>;
  try {
    claims = decodeJwt(assertion);
  } catch {
    return oauthError('invalid_grant', 'invalid assertion');
  }
  const app = typeof claims.iss === 'string' ? ctx.world.app(claims.iss) : undefined;
  if (!app) return BAD_CLIENT_ID;
  if (!app.certificate) return oauthError('invalid_grant', 'invalid assertion');
  try {
    await jwtVerify(assertion, publicKeyOf(app.certificate), { algorithms: ['RS256'], currentDate: new Date(ctx.world.now()), clockTolerance: 5 });
  } catch {
    return oauthError('invalid_grant', 'invalid assertion');
  }
  const subject = typeof claims.sub === 'string' ? claims.sub : typeof claims.prn === 'string' ? claims.prn : undefined;
  const found = subject ? ctx.world.userForLogin(ctx.host, subject) : undefined;
  const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!aud.some((a) => typeof a === 'string' && audiences(ctx, found?.org).includes(a.replace(/\/$/, '')))) {
    return oauthError('invalid_grant', 'Audience validation failed');
  }
  if (!found) return oauthError('invalid_grant', 'user hasn\'t approved this consumer');
  const gate = userGate(found.org, app, found.user);
  if (gate) return gate;
  // Salesforce: the user must be pre-authorized (admin-approved profile or permission set) or have approved the app once.
  const username = String(found.user.Username).toLowerCase();
  if (app.permittedUsers === 'all' && !app.approvedBy.some((u) => u.toLowerCase() === username)) {
    return oauthError('invalid_grant', "user hasn't approved this consumer");
  }
  return tokenResponse(ctx, found.org, startSession(ctx, found.org, found.user, app, app.scopes), app, { scope: app.scopes.join(' ') });
}

export const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/** POST /services/oauth2/token */
export async function handleToken(ctx: TokenContext, p: Record<string, string>): Promise<OAuthResult> {
  const grant = p.grant_type;
  if (grant === JWT_BEARER) return jwtBearerGrant(ctx, p);
  if (grant !== 'password' && grant !== 'refresh_token' && grant !== 'authorization_code' && grant !== 'client_credentials') {
    return oauthError('unsupported_grant_type', 'grant type not supported');
  }
  const app = p.client_id ? ctx.world.app(p.client_id) : undefined;
  if (!app) return BAD_CLIENT_ID;
  switch (grant) {
    case 'password': return passwordGrant(ctx, p, app);
    case 'refresh_token': return refreshGrant(ctx, p, app);
    case 'authorization_code': return authorizationCodeGrant(ctx, p, app);
    default: return clientCredentialsGrant(ctx, p, app);
  }
}
