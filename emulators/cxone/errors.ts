/**
 * An answer the emulated CXone gives instead of success. Bodies follow the reference §4: the legacy
 * ACD API answers `{error, error_description}`, the global auth service `{error, errorDescription}`.
 */
export class CxoneError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(`${status} ${JSON.stringify(body)}`);
    this.name = 'CxoneError';
  }
}

export const acdError = (status: number, error: string, description: string): CxoneError =>
  new CxoneError(status, { error, error_description: description });

export const authError = (status: number, error: string, description: string): CxoneError =>
  new CxoneError(status, { error, errorDescription: description });

export const notFound = (what: string): CxoneError => acdError(404, 'NotFound', `${what} was not found.`);
export const badRequest = (description: string): CxoneError => acdError(400, 'InvalidRequest', description);
