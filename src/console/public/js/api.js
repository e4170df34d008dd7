/* global document, fetch, crypto */
// The admin API at /api/v1: the session cookie travels by itself; changes carry the CSRF header
// (double submit of the psync_csrf cookie). Every failure becomes an ApiFailure with the API's
// stable code and message.

export const BASE = '/api/v1';

export class ApiFailure extends Error {
  constructor(status, code, message, details) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details || {};
  }
  /** Per-field problems of a PSYNC_VALIDATION answer, keyed by field name without the "body." part. */
  fieldProblems() {
    const out = {};
    for (const f of this.details.fields || []) out[String(f.field).replace(/^body\./, '')] = f.message;
    return out;
  }
  /** Domain problems (rule validation, connector failures) carried in details.problems. */
  problems() {
    return Array.isArray(this.details.problems) ? this.details.problems : [];
  }
}

function csrfToken() {
  const match = /(?:^|;\s*)psync_csrf=([^;]*)/.exec(document.cookie);
  return match ? decodeURIComponent(match[1]) : '';
}

let onUnauthorized = () => undefined;
export function whenSignedOut(handler) {
  onUnauthorized = handler;
}

export async function api(method, path, body, options = {}) {
  const headers = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = options.contentType || 'application/json';
  if (method !== 'GET') headers['x-csrf-token'] = csrfToken();
  if (options.idempotent) headers['idempotency-key'] = crypto.randomUUID();
  let response;
  try {
    response = await fetch(BASE + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin', signal: options.signal });
  } catch (error) {
    if (error && error.name === 'AbortError') throw error;
    throw new ApiFailure(0, 'PSYNC_CONSOLE_OFFLINE', 'The hub does not answer. Check that it is running and your network, then try again.', {});
  }
  if (response.status === 204) return undefined;
  let payload;
  try {
    payload = await response.json();
  } catch {
    payload = undefined;
  }
  if (!response.ok) {
    const failure = new ApiFailure(response.status, payload?.code || `HTTP_${response.status}`, payload?.message || `The hub answered ${response.status}.`, payload?.details);
    if (response.status === 401 && !options.quietAuth) onUnauthorized(failure);
    throw failure;
  }
  return payload;
}

export const get = (path, options) => api('GET', path, undefined, options);
export const post = (path, body, options) => api('POST', path, body, options);
export const put = (path, body, options) => api('PUT', path, body, options);
/** A JSON merge patch (RFC 7396): the fields named replace the stored ones, the others stay. */
export const patch = (path, body, options) => api('PATCH', path, body, { ...options, contentType: 'application/merge-patch+json' });
export const del = (path, options) => api('DELETE', path, undefined, options);

export const tenantPath = (tenantId, rest = '') => `/tenants/${encodeURIComponent(tenantId)}${rest}`;

export function query(params) {
  const parts = Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== '');
  return parts.length ? `?${parts.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`).join('&')}` : '';
}
