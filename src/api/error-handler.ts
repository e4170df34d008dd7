import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AdminActionError } from '../admin/cxone-rules/index.ts';
import { isStoreError } from '../store/index.ts';
import { ApiError } from './errors.ts';
import type { ApiLogger } from './deps.ts';

const STORE_STATUS: Readonly<Record<string, number>> = {
  PSYNC_TENANT_NOT_FOUND: 404,
  PSYNC_RULE_NOT_FOUND: 404,
  PSYNC_ACCOUNT_MAPPING_NOT_FOUND: 404,
  PSYNC_PRESENCE_SYNC_NEEDS_ADAPTER: 409,
  PSYNC_RULE_VERSION_CONFLICT: 409,
  PSYNC_RULE_ASSIGNMENT_TAKEN: 409,
  PSYNC_ACCOUNT_MAPPING_ID_TAKEN: 409,
  PSYNC_AUDIT_CURSOR_INVALID: 400,
};

export interface ErrorBody {
  readonly code: string;
  readonly message: string;
  readonly details: Readonly<Record<string, unknown>>;
}

/** Every failure as `{code, message, details}`; unexpected ones are logged and answered without internals. */
export function toErrorResponse(error: unknown, logger: ApiLogger | undefined, request: FastifyRequest): { status: number; body: ErrorBody } {
  if (error instanceof ApiError || error instanceof AdminActionError) return { status: error.status, body: { code: error.code, message: error.message, details: error.details } };
  if (isStoreError(error)) {
    const status = STORE_STATUS[error.code];
    if (status !== undefined) return { status, body: { code: error.code, message: error.message, details: error.details } };
    logger?.error({ code: error.code, url: request.url }, 'store failure');
    return { status: 503, body: { code: error.code, message: error.message, details: error.details } };
  }
  const fastifyError = error as FastifyError;
  if (fastifyError.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return { status: 415, body: { code: 'PSYNC_UNSUPPORTED_MEDIA_TYPE', message: 'Send the body as JSON (Content-Type: application/json).', details: {} } };
  }
  if (fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return { status: 413, body: { code: 'PSYNC_BODY_TOO_LARGE', message: 'The request body is too large; send less at once.', details: {} } };
  }
  if (typeof fastifyError.statusCode === 'number' && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    return { status: fastifyError.statusCode, body: { code: 'PSYNC_BAD_REQUEST', message: `The request could not be read (${fastifyError.message}). Send valid JSON.`, details: {} } };
  }
  logger?.error({ err: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error), url: request.url }, 'unexpected API failure');
  return { status: 500, body: { code: 'PSYNC_INTERNAL', message: `The hub failed unexpectedly. Try again; if it persists, look for request ${request.id} in the hub log.`, details: { requestId: request.id } } };
}

export function errorHandler(logger: ApiLogger | undefined) {
  return (error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const { status, body } = toErrorResponse(error, logger, request);
    return reply.code(status).send(body);
  };
}
