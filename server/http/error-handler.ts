/**
 * The one error handler and the only map from error codes to HTTP statuses.
 * Answers RFC 9457 problem details; unknown errors become a generic 500 and
 * one log line, never a stack trace to the client.
 */
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import type { Problem } from '../../shared/index.js';
import { AppError, type ErrorCode } from '../core/app-error.js';

export const STATUS: Record<ErrorCode, number> = {
  VALIDATION: 400,
  BAD_JSON: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  STORE_UNAVAILABLE: 503,
};

const TITLES: Record<ErrorCode, string> = {
  VALIDATION: 'Invalid input',
  BAD_JSON: 'Malformed JSON',
  UNAUTHENTICATED: 'Authentication required',
  FORBIDDEN: 'Not allowed',
  NOT_FOUND: 'Not found',
  CONFLICT: 'Conflict',
  PAYLOAD_TOO_LARGE: 'Payload too large',
  UNSUPPORTED_MEDIA_TYPE: 'Unsupported media type',
  RATE_LIMITED: 'Too many requests',
  INTERNAL: 'Internal error',
  STORE_UNAVAILABLE: 'Store unavailable',
};

/** Turns what Express's body parser throws into our error type. */
export function normalizeError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const e = err as { type?: string; status?: number; limit?: number; message?: string };
  if (e?.type === 'entity.parse.failed')
    return new AppError('BAD_JSON', `The body is not valid JSON: ${e.message ?? ''}`.trim());
  if (e?.type === 'entity.too.large')
    return new AppError('PAYLOAD_TOO_LARGE', `The body is larger than the limit of ${e.limit} bytes`);
  if (e?.type === 'encoding.unsupported' || e?.type === 'charset.unsupported') {
    return new AppError('UNSUPPORTED_MEDIA_TYPE', e.message ?? 'Unsupported body encoding');
  }
  // The router cannot decode a path parameter such as `%E0%A4%A`: the client's URL is malformed.
  if (err instanceof URIError && e.status === 400) {
    return new AppError('VALIDATION', 'Invalid params: the URL holds a malformed percent-escape', {
      errors: [{ path: 'params', message: 'malformed percent-escape' }],
    });
  }
  // What is left of body-parser's client errors: a body whose Content-Encoding does not match its bytes
  // (gzip that is not gzip, truncated deflate or brotli), marked 400 around zlib's own error.
  const x = err as { status?: number; expose?: boolean };
  if (x?.status === 400 && x.expose === true) {
    return new AppError('VALIDATION', `Invalid body: it cannot be read as sent (${e.message ?? 'malformed'})`, {
      errors: [{ path: 'body', message: 'cannot be decoded as its Content-Encoding and Content-Type say' }],
    });
  }
  return new AppError('INTERNAL', 'An unexpected error occurred', {}, { cause: err });
}

export function problemOf(err: AppError, instance?: string): Problem {
  const { errors, ...rest } = err.details;
  void rest;
  const status = STATUS[err.code];
  return {
    type: `urn:nurture:problem:${err.code.toLowerCase().replace(/_/g, '-')}`,
    title: TITLES[err.code],
    status,
    detail: err.message,
    ...(instance ? { instance } : {}),
    code: err.code,
    ...(errors ? { errors } : {}),
  };
}

export function errorHandler(log: Logger) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction): void => {
    const appError = normalizeError(err);
    const status = STATUS[appError.code];
    if (status >= 500) {
      const cause = appError.code === 'INTERNAL' ? (appError.cause ?? err) : appError.cause;
      log.error({ err: cause, code: appError.code, method: req.method, url: req.originalUrl }, appError.message);
    }
    if (res.headersSent) {
      res.end();
      return;
    }
    if (appError.code === 'STORE_UNAVAILABLE') res.setHeader('Retry-After', '5');
    if (appError.code === 'RATE_LIMITED' && typeof appError.details.retryAfter === 'number')
      res.setHeader('Retry-After', String(appError.details.retryAfter));
    res
      .status(status)
      .type('application/problem+json')
      .send(JSON.stringify(problemOf(appError, req.originalUrl)));
  };
}
