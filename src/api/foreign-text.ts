/**
 * What another host answered is never repeated to the API's caller: a refused check says which
 * check failed and what to do, in the hub's own words. (The answer may come from a host the
 * caller chose, so it could carry anything.)
 */
import type { Problem } from '../domain/index.ts';

/** Hub-built CXone messages that hold nothing CXone said. */
const CXONE_OWN_WORDS = new Set(['PSYNC_CXONE_TENANT_MISMATCH', 'PSYNC_CXONE_UNEXPECTED_RESPONSE', 'PSYNC_CXONE_CONNECTION_INCOMPLETE']);

const CXONE_CHECKS: Readonly<Record<string, string>> = {
  PSYNC_CXONE_CLIENT_REJECTED: "The token request failed: CXone refused the application's client id or secret. Enter the credentials of the registered back-end application again.",
  PSYNC_CXONE_ACCESS_KEY_REJECTED: 'The token request failed: CXone refused the access key. Check that the access key user is active and that its access key id and secret are current; generate a new key if needed.',
  PSYNC_CXONE_UNREACHABLE: 'The token request failed: the CXone issuer did not answer. Check the issuer URL and that the hub can reach it.',
  PSYNC_CXONE_NOT_FOUND: 'The discovery or token request failed: the issuer has no such CXone endpoint. Check the issuer URL.',
  PSYNC_CXONE_RATE_LIMITED: 'The token request failed: CXone is limiting requests. Try again in a minute.',
};

/** A CXone connection check's failure in the hub's words. */
export function cxoneCheckProblem(code: string, message: string, status: number): Problem {
  if (CXONE_OWN_WORDS.has(code)) return { code, message };
  return { code, message: CXONE_CHECKS[code] ?? `The CXone connection check failed (${code}${status ? `, HTTP ${status}` : ''}). Check the issuer, the application and the access key.` };
}

/** A Salesforce problem without what Salesforce (or whoever answered) said: its text is cut from the message and its details dropped. */
export function withoutForeignText(problem: Problem & { readonly upstream?: { readonly error?: string; readonly description?: string } }): Problem {
  const said = [problem.upstream?.description, problem.upstream?.error].filter((t): t is string => typeof t === 'string' && t.trim().length > 0);
  let message = problem.message;
  for (const text of said) message = message.split(text).join('…');
  return { code: problem.code, message, ...(problem.details ? { details: problem.details } : {}) };
}
