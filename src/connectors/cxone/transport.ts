import type { z } from 'zod';
import type { Clock } from './clock.ts';
import { issuerOf, type CxoneConnectionSettings } from './connection.ts';
import { discoverApiEndpoint } from './discovery.ts';
import { classifyStatus, failed, networkFailure, success, unexpectedResponse, type CxoneResult } from './failure.ts';
import { TokenBucket, type RateLimit } from './rate-limiter.ts';
import type { CxoneToken } from './token-endpoint.ts';
import { CxoneTokenProvider } from './token-provider.ts';

export interface CxoneRequest<T> {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Under the tenant's `api_endpoint`, e.g. `/inContactAPI/services/v34.0/agents` (versions: `CXONE_API_VERSIONS` in client.ts). */
  readonly path: string;
  readonly query?: Readonly<Record<string, string | number | boolean | undefined>>;
  /** Sent as JSON. */
  readonly body?: unknown;
  /** Validates the answer's body. Without it the body is ignored and the value is `undefined`. */
  readonly parse?: z.ZodType<T>;
  /** The value of an answer without a body (e.g. 204 for "no rows"). */
  readonly empty?: () => T;
  /** What the call is, for messages ("the agent list"). */
  readonly what: string;
  /** Abandons the call (besides the transport's timeout). */
  readonly signal?: AbortSignal;
}

/** Sends requests to one tenant's CXone. */
export interface CxoneRequester {
  request<T>(req: CxoneRequest<T>): Promise<CxoneResult<T>>;
  /** CXone's id of the tenant (from the access token). */
  cxoneTenantId(): Promise<CxoneResult<string>>;
}

export interface TransportOptions {
  readonly fetch: typeof fetch;
  readonly clock: Clock;
  readonly rateLimit: RateLimit;
  readonly timeoutMs: number;
  readonly refreshBeforeExpiryMs?: number;
}

type Answer = { readonly kind: 'answer'; readonly response: Response; readonly text: string } | { readonly kind: 'no_answer'; readonly error: unknown };

/**
 * One tenant's way to CXone: its token, its `api_endpoint` (discovered once), its rate limit.
 * A 401 renews the token once and repeats the call; a 429 holds back all of the tenant's calls
 * for its `Retry-After`. Every outcome is a {@link CxoneResult}.
 */
export class CxoneTransport implements CxoneRequester {
  readonly tokens: CxoneTokenProvider;
  private readonly bucket: TokenBucket;
  private readonly endpoints = new Map<string, Promise<CxoneResult<string>>>();

  constructor(
    private readonly settings: CxoneConnectionSettings,
    private readonly options: TransportOptions,
  ) {
    this.tokens = new CxoneTokenProvider(settings, {
      fetch: options.fetch,
      clock: options.clock,
      timeoutMs: options.timeoutMs,
      ...(options.refreshBeforeExpiryMs !== undefined ? { refreshBeforeExpiryMs: options.refreshBeforeExpiryMs } : {}),
    });
    this.bucket = new TokenBucket(options.rateLimit, options.clock);
  }

  /** The tenant's `api_endpoint`, discovered once per CXone tenant (a failed discovery is tried again next time). */
  apiEndpoint(tenantId: string): Promise<CxoneResult<string>> {
    let known = this.endpoints.get(tenantId);
    if (!known) {
      known = discoverApiEndpoint(this.options.fetch, issuerOf(this.settings), tenantId, this.options.clock.now(), this.options.timeoutMs).then((result) => {
        if (!result.ok) this.endpoints.delete(tenantId);
        return result;
      });
      this.endpoints.set(tenantId, known);
    }
    return known;
  }

  async cxoneTenantId(): Promise<CxoneResult<string>> {
    const token = await this.tokens.token();
    return token.ok ? success(token.value.tenantId) : token;
  }

  async request<T>(req: CxoneRequest<T>): Promise<CxoneResult<T>> {
    let token = await this.tokens.token();
    if (!token.ok) return token;
    const base = await this.apiEndpoint(token.value.tenantId);
    if (!base.ok) return base;
    let answer = await this.send(base.value, token.value, req);
    if (answer.kind === 'answer' && answer.response.status === 401) {
      token = await this.tokens.afterRejection(token.value.accessToken);
      if (!token.ok) return token;
      answer = await this.send(base.value, token.value, req);
    }
    return this.interpret(answer, req);
  }

  private async send<T>(base: string, token: CxoneToken, req: CxoneRequest<T>): Promise<Answer> {
    await this.bucket.take();
    const url = new URL(base + req.path);
    for (const [key, value] of Object.entries(req.query ?? {})) if (value !== undefined) url.searchParams.set(key, String(value));
    const headers: Record<string, string> = { authorization: `Bearer ${token.accessToken}`, accept: 'application/json' };
    if (req.body !== undefined) headers['content-type'] = 'application/json';
    try {
      const response = await this.options.fetch(url, {
        method: req.method,
        headers,
        ...(req.body !== undefined ? { body: JSON.stringify(req.body) } : {}),
        signal: req.signal ? AbortSignal.any([req.signal, AbortSignal.timeout(this.options.timeoutMs)]) : AbortSignal.timeout(this.options.timeoutMs),
      });
      return { kind: 'answer', response, text: await response.text() };
    } catch (error) {
      return { kind: 'no_answer', error };
    }
  }

  private interpret<T>(answer: Answer, req: CxoneRequest<T>): CxoneResult<T> {
    if (answer.kind === 'no_answer') return failed(networkFailure(answer.error, req.what));
    const { response, text } = answer;
    let body: unknown;
    let json = true;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      body = text;
      json = false;
    }
    if (!response.ok) {
      const failure = classifyStatus(response.status, body, response.headers.get('retry-after'), this.options.clock.now());
      if (failure.kind === 'rate_limited' && failure.retryAfterMs !== undefined) this.bucket.pauseFor(failure.retryAfterMs);
      return failed(failure);
    }
    if (!req.parse) return success(undefined as T);
    if (body === undefined) return req.empty ? success(req.empty()) : failed(unexpectedResponse(response.status, req.what, 'empty body'));
    if (!json) return failed(unexpectedResponse(response.status, req.what, 'not JSON'));
    const parsed = req.parse.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return failed(unexpectedResponse(response.status, req.what, issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid'));
    }
    return success(parsed.data);
  }
}
