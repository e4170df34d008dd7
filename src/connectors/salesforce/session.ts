import { Connection, type HttpRequest, type HttpResponse } from 'jsforce';
import { translateApiError } from './api-errors.ts';
import { SALESFORCE_API_VERSION } from './api-version.ts';
import { CheckedTransport } from './checked-transport.ts';
import type { SalesforceCredentials } from './credentials.ts';
import { failure, SalesforceError, type SalesforceFailure } from './failure.ts';
import type { TokenGrant } from './token-grant.ts';
import { oauth2Client, requestAccessToken } from './token-request.ts';

export interface SalesforceSessionOptions {
  /** Plain credentials the caller decrypted; absent for a session that only has a grant (no re-login). */
  readonly credentials?: SalesforceCredentials;
  /** A grant the caller already holds (e.g. from the authorisation-code exchange). */
  readonly grant?: TokenGrant;
  /** REST API version; default `62.0` (jsforce's own default is far older). */
  readonly apiVersion?: string;
  /** Told about every new grant, e.g. to store a rotated refresh token. */
  readonly onGrant?: (grant: TokenGrant) => void;
  readonly now?: () => number;
}

/** How many times in a row a session may be refreshed without one successful answer in between. */
const MAX_REFRESHES_WITHOUT_SUCCESS = 2;

/**
 * One logged-in org: a jsforce `Connection` on the grant's `instance_url`, that logs in again
 * when Salesforce answers 401 `INVALID_SESSION_ID` (jsforce's refresh delegate calls back here),
 * with at most one token request in flight at a time, and that counts its REST calls.
 */
export class SalesforceSession {
  readonly apiVersion: string;
  readonly #credentials: SalesforceCredentials | undefined;
  readonly #onGrant: ((grant: TokenGrant) => void) | undefined;
  readonly #now: () => number;
  #grant: TokenGrant | undefined;
  #refreshToken: string | undefined;
  #inFlight: Promise<TokenGrant> | undefined;
  readonly #connections = new Map<string, Connection>();
  #lastRefreshFailure: SalesforceFailure | undefined;
  #refreshesWithoutSuccess = 0;
  #apiCalls = 0;
  #tokenRequests = 0;

  constructor(options: SalesforceSessionOptions) {
    if (options.credentials === undefined && options.grant === undefined) throw new Error('A Salesforce session needs credentials or a grant.');
    this.apiVersion = options.apiVersion ?? SALESFORCE_API_VERSION;
    this.#credentials = options.credentials;
    this.#grant = options.grant;
    this.#refreshToken = options.credentials?.flow === 'web_server' ? options.credentials.refreshToken : undefined;
    this.#onGrant = options.onGrant;
    this.#now = options.now ?? Date.now;
  }

  /** The current grant, if logged in. */
  get grant(): TokenGrant | undefined {
    return this.#grant;
  }

  /** REST calls this session made (what Salesforce counts against the org's daily API limit). */
  get apiCalls(): number {
    return this.#apiCalls;
  }

  /** Token requests this session made (logins and refreshes). */
  get tokenRequests(): number {
    return this.#tokenRequests;
  }

  /** Logs in (or refreshes) now; concurrent callers share one token request. */
  login(): Promise<TokenGrant> {
    if (this.#inFlight) return this.#inFlight;
    const credentials = this.#currentCredentials();
    if (credentials === undefined) {
      return Promise.reject(
        new SalesforceError(failure('PSYNC_SF_SESSION_EXPIRED', 'auth', 'The Salesforce session expired and this environment has no way to log in again (no refresh token). Authorise the hub again with "Connect to Salesforce".')),
      );
    }
    this.#tokenRequests++;
    this.#inFlight = requestAccessToken(credentials, this.#now)
      .then((grant) => {
        this.#adopt(grant);
        return grant;
      })
      .finally(() => {
        this.#inFlight = undefined;
      });
    return this.#inFlight;
  }

  /**
   * The jsforce connection for an API version (default: the session's), logging in first if
   * there is no grant yet. Connections of one session share the grant and its refresh.
   */
  async connection(apiVersion: string = this.apiVersion): Promise<Connection> {
    if (this.#grant === undefined) await this.login();
    let connection = this.#connections.get(apiVersion);
    if (connection === undefined) {
      connection = this.#connect(apiVersion);
      this.#connections.set(apiVersion, connection);
    }
    return connection;
  }

  /**
   * Runs work on the connection; every failure comes out as a classified `SalesforceError`.
   * jsforce already logs in again on a REST 401; a session refusal that still gets through (a SOAP
   * fault it does not recognise) gets one more login and one more try, when credentials allow.
   */
  async run<T>(work: (connection: Connection) => Promise<T>, apiVersion?: string): Promise<T> {
    const grantBefore = this.#grant;
    try {
      return await work(await this.connection(apiVersion));
    } catch (error) {
      if (!isSessionRefusal(error) || this.#credentials === undefined) throw new SalesforceError(this.#translate(error));
    }
    try {
      if (this.#grant === grantBefore) await this.login();
      return await work(await this.connection(apiVersion));
    } catch (error) {
      throw new SalesforceError(this.#translate(error));
    }
  }

  /** Ends the session at Salesforce (best effort: a failure to revoke changes nothing for the caller). */
  async revoke(): Promise<void> {
    const grant = this.#grant;
    const loginUrl = this.#credentials?.loginUrl;
    this.#grant = undefined;
    this.#connections.clear();
    if (grant === undefined || loginUrl === undefined) return;
    await oauth2Client({ loginUrl })
      .revokeToken(grant.accessToken)
      .catch(() => undefined);
  }

  /** Daily API usage from the last `Sforce-Limit-Info` header, if Salesforce sent one. */
  apiUsage(): { used: number; limit: number } | undefined {
    let latest: { used: number; limit: number } | undefined;
    for (const connection of this.#connections.values()) {
      const usage = connection.limitInfo.apiUsage;
      if (usage !== undefined && (latest === undefined || usage.used > latest.used)) latest = usage;
    }
    return latest;
  }

  #currentCredentials(): SalesforceCredentials | undefined {
    const credentials = this.#credentials;
    if (credentials?.flow === 'web_server' && this.#refreshToken !== undefined) return { ...credentials, refreshToken: this.#refreshToken };
    return credentials;
  }

  #adopt(grant: TokenGrant): void {
    this.#grant = grant;
    if (grant.refreshToken !== undefined) this.#refreshToken = grant.refreshToken;
    for (const connection of this.#connections.values()) {
      connection.accessToken = grant.accessToken;
      connection.instanceUrl = grant.instanceUrl;
    }
    this.#onGrant?.(grant);
  }

  #connect(apiVersion: string): Connection {
    const grant = this.#grant as TokenGrant;
    const connection = new Connection({
      version: apiVersion,
      instanceUrl: grant.instanceUrl,
      accessToken: grant.accessToken,
      // jsforce calls this on a 401 INVALID_SESSION_ID, then repeats the request.
      refreshFn: (_conn, callback) => {
        this.#refreshForJsforce().then(
          (fresh) => callback(null, fresh.accessToken),
          (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
        );
      },
    });
    connection._transport = new CheckedTransport({
      observer: { onResponse: (request, response) => this.#count(request, response) },
      now: this.#now,
    });
    return connection;
  }

  async #refreshForJsforce(): Promise<TokenGrant> {
    this.#lastRefreshFailure = undefined;
    if (this.#inFlight === undefined && ++this.#refreshesWithoutSuccess > MAX_REFRESHES_WITHOUT_SUCCESS) {
      this.#lastRefreshFailure = translateApiError({ status: 401, errorCode: 'INVALID_SESSION_ID', message: 'Session refused right after a new login' });
      throw new SalesforceError(this.#lastRefreshFailure);
    }
    try {
      return await this.login();
    } catch (error) {
      this.#lastRefreshFailure = error instanceof SalesforceError ? error.failure : undefined;
      throw error;
    }
  }

  #count(request: HttpRequest, response: HttpResponse): void {
    if (request.url.includes('/services/oauth2/')) return;
    this.#apiCalls++;
    if (response.statusCode < 400) this.#refreshesWithoutSuccess = 0;
  }

  #translate(error: unknown): SalesforceFailure {
    if (error instanceof SalesforceError) return error.failure;
    const err = error as { message?: unknown };
    const message = typeof err.message === 'string' ? err.message : String(error);
    // jsforce wraps a failed refresh as "Unable to refresh session due to: ..."; the cause was kept.
    if (message.startsWith('Unable to refresh session') && this.#lastRefreshFailure) return this.#lastRefreshFailure;
    const errorCode = errorCodeOf(error);
    if (errorCode !== undefined) return translateApiError({ status: errorCode === 'INVALID_SESSION_ID' ? 401 : 400, errorCode, message });
    return failure('PSYNC_SF_UNEXPECTED', 'retryable', `Unexpected failure while talking to Salesforce: ${message}`);
  }
}

/** jsforce's error code: a string for REST, `{ _: 'sf:CODE' }` for some SOAP faults; without the `sf:` prefix. */
function errorCodeOf(error: unknown): string | undefined {
  const raw = (error as { errorCode?: unknown } | null)?.errorCode;
  const code = typeof raw === 'string' ? raw : typeof (raw as { _?: unknown } | undefined)?._ === 'string' ? (raw as { _: string })._ : undefined;
  return code?.replace(/^[A-Za-z]+:/, '');
}

function isSessionRefusal(error: unknown): boolean {
  if (error instanceof SalesforceError) return false;
  return errorCodeOf(error) === 'INVALID_SESSION_ID';
}
