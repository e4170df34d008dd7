/** A refusal of an admin action: HTTP status, stable code, what is wrong and what to do. The API passes it on as it is. */
export class AdminActionError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(status: number, code: string, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'AdminActionError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}
