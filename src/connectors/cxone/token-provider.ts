import type { Clock } from './clock.ts';
import type { CxoneConnectionSettings } from './connection.ts';
import type { CxoneResult } from './failure.ts';
import { requestToken, type CxoneToken, type TokenGrant } from './token-endpoint.ts';

export interface TokenProviderOptions {
  readonly fetch: typeof fetch;
  readonly clock: Clock;
  /** Renew this long before the access token expires (NICE's SDK: about 2 minutes). */
  readonly refreshBeforeExpiryMs?: number;
  readonly timeoutMs?: number;
}

/**
 * One tenant's access token. At most one token request is in flight at a time: every caller that
 * needs a new token while one is being fetched awaits the same promise.
 */
export class CxoneTokenProvider {
  private current: CxoneToken | undefined;
  private pending: Promise<CxoneResult<CxoneToken>> | undefined;
  private readonly refreshBeforeExpiryMs: number;
  private readonly timeoutMs: number;

  constructor(
    private readonly settings: CxoneConnectionSettings,
    private readonly options: TokenProviderOptions,
  ) {
    this.refreshBeforeExpiryMs = options.refreshBeforeExpiryMs ?? 120_000;
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  /** A token that is valid for a while yet, renewed first when it is (nearly) expired. */
  token(): Promise<CxoneResult<CxoneToken>> {
    const current = this.current;
    if (current && this.options.clock.now() < current.expiresAt - this.refreshBeforeExpiryMs) return Promise.resolve({ ok: true, value: current });
    // A failed early renewal is no reason to stop while the old token still works.
    return this.renew().then((result) =>
      !result.ok && current && this.current === current && this.options.clock.now() < current.expiresAt ? { ok: true, value: current } : result,
    );
  }

  /**
   * CXone answered 401 to `rejected`: drop it and get another. Callers that saw the same token
   * rejected share one renewal; a caller whose token was already replaced gets the new one.
   */
  afterRejection(rejected: string): Promise<CxoneResult<CxoneToken>> {
    // Marked expired rather than dropped: its refresh token may still renew it.
    if (this.current?.accessToken === rejected) this.current = { ...this.current, expiresAt: 0 };
    return this.pending ?? this.token();
  }

  private renew(): Promise<CxoneResult<CxoneToken>> {
    this.pending ??= this.fetchToken().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async fetchToken(): Promise<CxoneResult<CxoneToken>> {
    const previous = this.current;
    const { clock } = this.options;
    const refreshable = previous?.refreshToken && (previous.refreshExpiresAt === null || clock.now() < previous.refreshExpiresAt - 5_000);
    if (previous?.refreshToken && refreshable) {
      const refreshed = await this.grant({ kind: 'refresh', refreshToken: previous.refreshToken });
      // A refused or failed refresh is not final: the access key can always sign in anew.
      if (refreshed.ok) return refreshed;
    }
    return this.grant({ kind: 'access_key' });
  }

  private async grant(grant: TokenGrant): Promise<CxoneResult<CxoneToken>> {
    const result = await requestToken(this.options.fetch, this.settings, grant, this.options.clock.now(), this.timeoutMs);
    if (result.ok) this.current = result.value;
    return result;
  }
}
