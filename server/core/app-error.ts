import type { FieldError } from '../../shared/index.js';

/**
 * The one error type of the service. Everything below the routes throws it;
 * the error handler alone maps a code to an HTTP status.
 */
export type ErrorCode =
  | 'VALIDATION'
  | 'BAD_JSON'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'RATE_LIMITED'
  | 'STORE_UNAVAILABLE'
  | 'INTERNAL';

export interface AppErrorDetails {
  errors?: FieldError[];
  [key: string]: unknown;
}

export class AppError extends Error {
  override readonly name = 'AppError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: AppErrorDetails = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  static notFound(what: string, id: string): AppError {
    return new AppError('NOT_FOUND', `No ${what} with id ${id} in this workspace`, { resource: what, id });
  }

  static invalid(path: string, message: string): AppError {
    return new AppError('VALIDATION', `Invalid input: ${path}: ${message}`, { errors: [{ path, message }] });
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
