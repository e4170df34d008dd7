/** A store failure that reaches a user: a stable code, what is wrong and what to do. */
export class StoreError extends Error {
  readonly code: string;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: string, message: string, details: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreError';
    this.code = code;
    this.details = details;
  }
}

export const isStoreError = (error: unknown, code?: string): error is StoreError =>
  error instanceof StoreError && (code === undefined || error.code === code);

/** The URL with any password replaced, so that it can appear in messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url.replace(/\/\/([^:/@]*):[^@/]*@/, '//$1:***@');
  }
}
