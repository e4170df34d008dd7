import { z } from 'zod';
import { failed, networkFailure, success, classifyStatus, unexpectedResponse, type CxoneResult } from './failure.ts';
import { caseless } from './wire.ts';

const configuration = caseless(z.object({ api_endpoint: z.url() }));

/**
 * `GET {issuer}/.well-known/cxone-configuration?tenantId=` (no auth): the tenant's `api_endpoint`,
 * the base of every REST call (reference §2). Answers without a trailing slash.
 */
export async function discoverApiEndpoint(
  fetchFn: typeof fetch,
  issuer: string,
  tenantId: string,
  now: number,
  timeoutMs: number,
): Promise<CxoneResult<string>> {
  const url = `${issuer}/.well-known/cxone-configuration?tenantId=${encodeURIComponent(tenantId)}`;
  let response: Response;
  try {
    response = await fetchFn(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    return failed(networkFailure(error, 'the discovery request'));
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) return failed(classifyStatus(response.status, body, response.headers.get('retry-after'), now));
  const parsed = configuration.safeParse(body);
  if (!parsed.success) return failed(unexpectedResponse(response.status, 'the discovery request', 'no api_endpoint'));
  return success(parsed.data.api_endpoint.replace(/\/+$/, ''));
}
