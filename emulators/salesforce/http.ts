import type { FastifyReply, FastifyRequest } from 'fastify';
import type { LoginHost } from './login-host.ts';

/** Login host of each raw request, recorded when its URL prefix is stripped. */
export const hostOf = new WeakMap<object, LoginHost>();

/** Org a token request logged in to (for the request log; bearer requests carry their own). */
export const issuedOrg = new WeakMap<object, string>();

export function requestHost(request: FastifyRequest): LoginHost {
  return hostOf.get(request.raw) ?? { kind: 'none', prefix: '' };
}

export interface SfErrorItem {
  message: string;
  errorCode: string;
  fields?: string[];
}

/** Salesforce's REST error shape: a JSON array of {message, errorCode[, fields]}. */
export function sendSfError(reply: FastifyReply, status: number, errorCode: string, message: string, fields?: string[]): FastifyReply {
  const item: SfErrorItem = { message, errorCode, ...(fields ? { fields } : {}) };
  return reply.code(status).type('application/json;charset=UTF-8').send([item]);
}

export function sendInvalidSession(reply: FastifyReply): FastifyReply {
  return sendSfError(reply, 401, 'INVALID_SESSION_ID', 'Session expired or invalid');
}

export function bearerToken(request: FastifyRequest): string | undefined {
  const h = request.headers.authorization;
  if (h) {
    const m = /^(Bearer|OAuth)\s+(.+)$/i.exec(h);
    return m?.[2]?.trim();
  }
  const q = request.query as Record<string, string | undefined> | undefined;
  return q?.oauth_token;
}

export function formParams(request: FastifyRequest): Record<string, string> {
  const body = request.body;
  const out: Record<string, string> = {};
  if (body && typeof body === 'object') {
    for (const [k, v] of Object.entries(body as Record<string, unknown>)) if (typeof v === 'string') out[k] = v;
  }
  return out;
}
