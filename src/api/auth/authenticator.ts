import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../errors.ts';
import type { ApiClock, SecurityOptions } from '../deps.ts';
import type { Access } from '../route.ts';
import { readCookies, serializeCookie } from './cookies.ts';
import { LoginRateLimiter } from './login-limiter.ts';
import { SignInLockout } from './sign-in-lockout.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { PERMISSION_LABEL } from './permissions.ts';
import type { Principal } from './principal.ts';
import { publicUser, type ConsoleUser, type PrincipalStore } from './principal-store.ts';
import { randomToken, sameSecret, sha256 } from './secrets.ts';

export const SESSION_COOKIE = 'psync_session';
/** Readable by the console's script, which echoes it in the CSRF header (double submit). */
export const CSRF_COOKIE = 'psync_csrf';
export const CSRF_HEADER = 'x-csrf-token';

export interface Authenticator {
  authorize(request: FastifyRequest, access: Access, mutating: boolean): Promise<Principal | undefined>;
  login(request: FastifyRequest, reply: FastifyReply, username: string, password: string): Promise<{ user: ConsoleUser; csrfToken: string; expiresAt: number }>;
  logout(request: FastifyRequest, reply: FastifyReply, principal: Principal): Promise<void>;
  /** Clears the sign-in lockouts of a username from every address (a User Admin's unlock). */
  unlock(username: string): void;
}

export function createAuthenticator(principals: PrincipalStore, clock: ApiClock, options: SecurityOptions = {}): Authenticator {
  const sessionTtlMs = options.sessionTtlMs ?? 12 * 3600_000;
  const maxFailures = options.maxFailedLogins ?? 5;
  const lockoutMs = options.lockoutMs ?? 15 * 60_000;
  const limiter = new LoginRateLimiter(options.loginAttemptsPerMinute ?? 20, () => clock.now());
  const lockout = new SignInLockout(maxFailures, lockoutMs, () => clock.now());
  // Unknown usernames cost the same scrypt as known ones, so timing does not tell which exist.
  const decoy = hashPassword(randomToken());

  const secure = (request: FastifyRequest) => (options.secureCookies === undefined || options.secureCookies === 'auto' ? request.protocol === 'https' : options.secureCookies);

  function checkOrigin(request: FastifyRequest): void {
    const origin = request.headers.origin;
    if (origin === undefined) return;
    const own = `${request.protocol}://${request.host}`;
    if (origin === own || (options.allowedOrigins ?? []).includes(origin)) return;
    throw new ApiError(403, 'PSYNC_CSRF_ORIGIN', `Requests from ${origin} may not change anything here. Use the console served by this hub. If it is the hub's own console behind a reverse proxy, set PRESENCE_SYNC_PUBLIC_URL to its address (or add a second name to PRESENCE_SYNC_ALLOWED_ORIGINS).`, { origin });
  }

  async function fromBearer(token: string): Promise<Principal> {
    const record = await principals.tokenByHash(sha256(token));
    const now = clock.now();
    if (!record || record.revokedAt !== null || (record.expiresAt !== null && record.expiresAt <= now)) {
      throw new ApiError(401, 'PSYNC_AUTH_TOKEN_INVALID', 'The API token is unknown, revoked or expired. Ask a User Admin for a new token.');
    }
    await principals.touchToken(record.id, now);
    return { kind: 'token', id: record.id, name: record.name, permissions: new Set(record.permissions) };
  }

  async function fromSession(sessionId: string): Promise<Principal> {
    const idHash = sha256(sessionId);
    const session = await principals.session(idHash);
    if (!session || session.expiresAt <= clock.now()) {
      if (session) await principals.removeSession(idHash);
      throw new ApiError(401, 'PSYNC_AUTH_SESSION_EXPIRED', 'Your session has ended. Sign in again.');
    }
    const user = await principals.user(session.userId);
    if (!user || user.disabled) throw new ApiError(401, 'PSYNC_AUTH_SESSION_EXPIRED', 'Your account is disabled or removed. Ask a User Admin.');
    return { kind: 'user', id: user.id, name: user.username, permissions: new Set(user.permissions), session: { idHash, csrfToken: session.csrfToken } };
  }

  return {
    async authorize(request, access, mutating) {
      if (access === 'public') return undefined;
      const authorization = request.headers.authorization;
      let principal: Principal;
      if (authorization !== undefined) {
        const match = /^Bearer\s+(\S+)$/i.exec(authorization);
        if (!match?.[1]) throw new ApiError(401, 'PSYNC_AUTH_TOKEN_INVALID', 'Send the API token as "Authorization: Bearer <token>".');
        principal = await fromBearer(match[1]);
      } else {
        const sessionId = readCookies(request.headers.cookie).get(SESSION_COOKIE);
        if (!sessionId) throw new ApiError(401, 'PSYNC_AUTH_REQUIRED', 'Sign in to the console, or send an API token as "Authorization: Bearer <token>".');
        principal = await fromSession(sessionId);
        if (mutating) {
          checkOrigin(request);
          const header = request.headers[CSRF_HEADER];
          if (typeof header !== 'string' || !sameSecret(header, principal.session?.csrfToken ?? '')) {
            throw new ApiError(403, 'PSYNC_CSRF_TOKEN', `Changes from the console must carry the ${CSRF_HEADER} header with the value of the ${CSRF_COOKIE} cookie. Reload the console and try again.`);
          }
        }
      }
      if (access !== 'authenticated' && !principal.permissions.has(access)) {
        throw new ApiError(403, 'PSYNC_FORBIDDEN', `This needs the permission ${PERMISSION_LABEL[access]}. Ask a User Admin to grant it.`, { permission: access });
      }
      return principal;
    },

    async login(request, reply, username, password) {
      checkOrigin(request);
      const wait = limiter.attempt(request.ip);
      if (wait > 0) {
        void reply.header('Retry-After', String(Math.ceil(wait / 1000)));
        throw new ApiError(429, 'PSYNC_AUTH_RATE_LIMITED', `Too many sign-in attempts from this address. Wait ${Math.ceil(wait / 1000)} seconds and try again.`, { retryAfterMs: wait });
      }
      const now = clock.now();
      const user = await principals.userByUsername(username);
      const invalid = () =>
        new ApiError(401, 'PSYNC_AUTH_INVALID_CREDENTIALS', `The username or password is wrong (or the account is disabled or locked). After ${maxFailures} failed attempts from one address the account locks there for ${Math.round(lockoutMs / 60_000)} minutes, longer each time.`);
      // A locked account answers like an unknown one (same answer, same scrypt cost), so neither tells which accounts exist.
      const locked = lockout.lockedUntil(username, request.ip) > 0;
      const valid = await verifyPassword(password, user?.passwordHash ?? (await decoy));
      if (locked) throw invalid();
      if (!user || !valid || user.disabled) {
        const lockedUntil = lockout.failed(username, request.ip);
        // Shown on the Users page (with Unlock); the lockout itself holds only for that address.
        if (user && lockedUntil > 0) await principals.updateUser(user.id, { lockedUntil }, now);
        throw invalid();
      }
      lockout.succeeded(username, request.ip);
      if (user.lockedUntil !== null && user.lockedUntil <= now) await principals.updateUser(user.id, { failedLogins: 0, lockedUntil: null }, now);
      // Sessions nobody presents again are swept here, at the moment a new one is made.
      await principals.removeExpiredSessions(now);
      const sessionId = randomToken();
      const csrfToken = randomToken();
      const expiresAt = now + sessionTtlMs;
      await principals.createSession({ idHash: sha256(sessionId), userId: user.id, csrfToken, createdAt: now, expiresAt });
      const maxAge = Math.floor(sessionTtlMs / 1000);
      void reply.header('Set-Cookie', [
        serializeCookie(SESSION_COOKIE, sessionId, { httpOnly: true, secure: secure(request), maxAge }),
        serializeCookie(CSRF_COOKIE, csrfToken, { httpOnly: false, secure: secure(request), maxAge }),
      ]);
      return { user: publicUser(user), csrfToken, expiresAt };
    },

    unlock: (username) => lockout.unlock(username),

    async logout(request, reply, principal) {
      if (principal.session) await principals.removeSession(principal.session.idHash);
      void reply.header('Set-Cookie', [
        serializeCookie(SESSION_COOKIE, '', { httpOnly: true, secure: secure(request), maxAge: 0 }),
        serializeCookie(CSRF_COOKIE, '', { httpOnly: false, secure: secure(request), maxAge: 0 }),
      ]);
    },
  };
}
