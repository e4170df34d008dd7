import type { HttpRequest, HttpRequestOptions, HttpResponse } from 'jsforce';
import { Transport } from 'jsforce/lib/transport.js';
import { StreamPromise } from 'jsforce/lib/util/promise.js';
import { translateApiError, translateNetworkError } from './api-errors.ts';
import { failure, parseRetryAfter, SalesforceError } from './failure.ts';

export interface TransportObserver {
  /** Called for every answer Salesforce gave (used to count API calls). */
  readonly onResponse?: (request: HttpRequest, response: HttpResponse) => void;
}

/**
 * jsforce's transport, with two changes:
 * - no blind retries (jsforce retries 429/5xx up to five times with its own backoff and ignores
 *   `Retry-After`); failures come back classified and the caller decides, honouring `Retry-After`;
 * - REST errors are thrown here, where the status and headers are still known, as classified
 *   `SalesforceError`s. A 401 passes through so that jsforce can refresh the session and retry.
 *
 * `tokenEndpoint` mode lets 4xx answers through, for jsforce's OAuth2 client to parse
 * (`{error, error_description}`), and classifies only 429 and 5xx.
 */
export class CheckedTransport extends Transport {
  readonly #observer: TransportObserver;
  readonly #tokenEndpoint: boolean;
  readonly #now: () => number;

  constructor(options: { observer?: TransportObserver; tokenEndpoint?: boolean; now?: () => number } = {}) {
    super();
    this.#observer = options.observer ?? {};
    this.#tokenEndpoint = options.tokenEndpoint ?? false;
    this.#now = options.now ?? Date.now;
  }

  override httpRequest(request: HttpRequest, options: HttpRequestOptions = {}): StreamPromise<HttpResponse> {
    const inner = super.httpRequest(request, { ...options, retry: { maxRetries: 0 } });
    const checked = inner.then(
      (response) => this.#check(request, response),
      (error: unknown) => {
        if (error instanceof SalesforceError) throw error;
        const code = (error as { code?: unknown }).code;
        throw new SalesforceError(translateNetworkError(typeof code === 'string' ? code : undefined, request.url));
      },
    );
    return StreamPromise.create(() => ({ stream: inner.stream(), promise: checked }));
  }

  #check(request: HttpRequest, response: HttpResponse): HttpResponse {
    this.#observer.onResponse?.(request, response);
    const status = response.statusCode;
    if (status < 400 || status === 401) return response;
    if (this.#tokenEndpoint && status === 404) {
      const loginUrl = request.url.replace(/\/services\/oauth2\/.*$/, '');
      throw new SalesforceError(
        failure('PSYNC_SF_WRONG_LOGIN_HOST', 'invalid', `${loginUrl} is not a Salesforce login host (no token endpoint there). Use https://login.salesforce.com, https://test.salesforce.com or the org's My Domain URL.`, {
          upstream: { status },
        }),
      );
    }
    if (this.#tokenEndpoint && status < 500 && status !== 429) return response;
    // SOAP (Metadata API) faults come as 500 + XML; jsforce parses them (and refreshes on INVALID_SESSION_ID).
    if (status === 500 && /<(\w+:)?Fault>/.test(response.body)) return response;
    const retryAfterMs = parseRetryAfter(header(response, 'retry-after'), this.#now());
    const { errorCode, message } = firstError(response.body);
    throw new SalesforceError(
      translateApiError({
        status,
        ...(errorCode !== undefined ? { errorCode } : {}),
        ...(message !== undefined ? { message } : {}),
        ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      }),
    );
  }
}

function header(response: HttpResponse, name: string): string | undefined {
  for (const [key, value] of Object.entries(response.headers ?? {})) if (key.toLowerCase() === name) return value;
  return undefined;
}

/** Salesforce's REST errors are `[{ message, errorCode, fields }]`; the token endpoint's are `{ error, error_description }`. */
export function firstError(body: string): { errorCode?: string; message?: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return body.trim() === '' ? {} : { message: body.slice(0, 300) };
  }
  const first: unknown = Array.isArray(parsed) ? parsed[0] : parsed;
  if (typeof first !== 'object' || first === null) return {};
  const record = first as Record<string, unknown>;
  const errorCode = typeof record.errorCode === 'string' ? record.errorCode : typeof record.error === 'string' ? record.error : undefined;
  const message = typeof record.message === 'string' ? record.message : typeof record.error_description === 'string' ? record.error_description : undefined;
  return { ...(errorCode !== undefined ? { errorCode } : {}), ...(message !== undefined ? { message } : {}) };
}
