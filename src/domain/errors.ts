// The one error type the code throws on purpose. `code` is a closed set; http/ maps it to a status.
export type ErrorCode =
  | 'invalid_request'
  | 'not_authenticated'
  | 'invalid_credentials'
  | 'invalid_pin'
  | 'session_invalid'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'too_large'
  | 'rate_limited'
  | 'unavailable';

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Extra fields for the JSON answer (never secrets). */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (what = 'That conversation'): AppError => new AppError('not_found', `${what} does not exist.`);
export const forbidden = (why = 'You may not do that.'): AppError => new AppError('forbidden', why);
export const unauthenticated = (): AppError => new AppError('not_authenticated', 'Sign in first: send Authorization: Bearer <token>.');
