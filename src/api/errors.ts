import type { z } from 'zod';

/** An error that reaches an API client: HTTP status, stable code, what is wrong and what to do. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(status: number, code: string, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

export interface FieldProblem {
  /** Dotted path of the field, e.g. `body.orgId` or `body.publisher.0.acd.kind`. */
  readonly field: string;
  readonly message: string;
}

/** A request that does not match its schema: every field that is wrong, each with what to fix. */
export function validationError(part: 'body' | 'query' | 'params' | 'headers', error: z.ZodError): ApiError {
  const fields: FieldProblem[] = error.issues.map((issue) => ({
    field: [part, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
  const list = fields.map((f) => `${f.field}: ${f.message}`).join('; ');
  return new ApiError(400, 'PSYNC_VALIDATION', `The request is not valid; fix these fields and send it again: ${list}`, { fields });
}

export const notFound = (what: string, id: string, hint: string): ApiError =>
  new ApiError(404, 'PSYNC_NOT_FOUND', `No ${what} "${id}". ${hint}`, { what, id });

/** Problems from the domain or a connector (each with its own code) as one refusal. */
export function problemsError(status: number, code: string, message: string, problems: readonly { code: string; message: string; details?: unknown }[]): ApiError {
  return new ApiError(status, code, `${message} ${problems.map((p) => p.message).join(' ')}`.trim(), { problems });
}
