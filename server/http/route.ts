/**
 * Routes are declared, not hand-wired: each names its method, path, input
 * schemas (from shared/), response schema and handler. One declaration feeds
 * the Express router, request validation, the OpenAPI document and the
 * authorisation matrix, so none of them can forget a route.
 */
import type { NextFunction, Request, Response, Router } from 'express';
import { z } from 'zod';
import { AppError } from '../core/app-error.js';
import { JsonBody } from '../core/json-body.js';

export type Method = 'get' | 'post' | 'patch' | 'put' | 'delete';

/** Who calls: resolved from a session cookie or an API token. */
export interface Principal {
  userId: string;
  via: 'session' | 'token';
  /** The caller's role in the workspace of the request (null for routes without one). */
  role: 'owner' | 'member' | 'viewer' | null;
  /** The caller's own person in the workspace, when recorded. */
  personId: string | null;
  /** The session's CSRF token (null for API tokens). */
  csrfToken: string | null;
}

/**
 * Who may call a route: `public` anyone; `user` any signed-in user (no
 * workspace involved); `read` viewers and up; `write` members and owners;
 * `owner` owners only.
 */
export type Access = 'public' | 'user' | 'read' | 'write' | 'owner';

export interface RouteContext<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  /** The workspace of the request ('' for public and user routes). */
  workspaceId: string;
  principal: Principal | null;
  req: Request;
  res: Response;
}

export interface RouteSpec<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
  R extends z.ZodType = z.ZodType,
> {
  method: Method;
  /** Express path under /api/v1, e.g. `/people/:id`. */
  path: string;
  summary: string;
  tag: string;
  params?: P;
  query?: Q;
  body?: B;
  /** The success body, for the OpenAPI document; omit for 204. */
  response?: R;
  /** Success status: 200 by default, 201 for creation, 204 for no body. */
  status?: 200 | 201 | 202 | 204;
  /** Media type of a non-JSON success body (text/csv, …). */
  produces?: string;
  /** Media type of a non-JSON request body (multipart/form-data, …); the handler reads it. */
  consumes?: string;
  /** Who may call it; by default `read` for GET and `write` otherwise. */
  access?: Access;
  /**
   * The audit action written to the workspace's log after each success (an
   * export, a download): who, which path and query. Never the data itself.
   */
  audit?: string;
  handler: (ctx: RouteContext<z.output<P>, z.output<Q>, z.output<B>>) => Promise<unknown>;
}

/** Keeps the literal types of one route declaration. */
export function route<
  P extends z.ZodType = z.ZodObject,
  Q extends z.ZodType = z.ZodObject,
  B extends z.ZodType = z.ZodUnknown,
  R extends z.ZodType = z.ZodUnknown,
>(spec: RouteSpec<P, Q, B, R>): RouteSpec {
  return spec as unknown as RouteSpec;
}

/** Zod issues as field paths, prefixed by where they were found. */
export function validationError(where: string, error: z.ZodError): AppError {
  const errors = error.issues.map((i) => ({
    path: [where, ...i.path.map(String)].join('.'),
    message: i.message,
  }));
  const detail = errors.map((e) => `${e.path}: ${e.message}`).join('; ');
  return new AppError('VALIDATION', `Invalid ${where}: ${detail}`, { errors });
}

export function parseInput<S extends z.ZodType>(schema: S | undefined, value: unknown, where: string): z.output<S> {
  if (!schema) return value as z.output<S>;
  const r = schema.safeParse(value);
  if (!r.success) throw validationError(where, r.error);
  return r.data;
}

export interface MountOptions {
  /** Checks the caller may use the route; returns the principal and workspace (throws 401/403/404). */
  authorize: (req: Request, access: Access) => Promise<{ principal: Principal | null; workspaceId: string }>;
  before?: (req: Request) => Promise<void>;
  /** Writes the audit entry of a route that declares `audit`. */
  audit?: (entry: {
    workspaceId: string | null;
    actorUserId: string | null;
    action: string;
    target: string | null;
    meta: Record<string, unknown>;
  }) => Promise<unknown>;
}

export function accessOf(spec: RouteSpec): Access {
  return spec.access ?? (spec.method === 'get' ? 'read' : 'write');
}

const NoQuery = z.strictObject({});

export function mountRoutes(router: Router, specs: RouteSpec[], options: MountOptions): void {
  for (const spec of specs) {
    router[spec.method](spec.path, async (req: Request, res: Response, _next: NextFunction) => {
      if (options.before) await options.before(req);
      const { principal, workspaceId } = await options.authorize(req, accessOf(spec));
      const params = parseInput(spec.params, req.params, 'params');
      // `workspace` is read by the authorisation (links cannot send the header), not by the route.
      const { workspace: _workspace, ...rawQuery } = req.query as Record<string, unknown>;
      const query = parseInput(spec.query ?? NoQuery, rawQuery, 'query');
      if (spec.body && !spec.consumes && req.body === undefined) {
        throw new AppError('VALIDATION', 'Invalid body: a JSON body is required', {
          errors: [{ path: 'body', message: 'required' }],
        });
      }
      const body = spec.consumes ? undefined : parseInput(spec.body, req.body, 'body');
      const result = await spec.handler({ params, query, body, workspaceId, principal, req, res });
      if (spec.audit && options.audit)
        await options.audit({
          workspaceId: workspaceId || null,
          actorUserId: principal?.userId ?? null,
          action: spec.audit,
          target: `${req.baseUrl}${req.path}`,
          meta: {
            ...(query && typeof query === 'object' ? (query as Record<string, unknown>) : {}),
            ip: req.ip ?? null,
          },
        });
      if (res.headersSent) return;
      // A handler may choose another status (health answers 503 with its body).
      const status = res.statusCode !== 200 ? res.statusCode : (spec.status ?? 200);
      if (status === 204) res.status(204).end();
      else if (result instanceof JsonBody) sendJsonBody(req, res, status, result);
      else if (spec.produces && (typeof result === 'string' || Buffer.isBuffer(result)))
        res.status(status).type(spec.produces).send(result);
      else res.status(status).json(result);
    });
  }
}

/**
 * A body serialised before (a cached ranking page): written as it is, without Express's send (which looks
 * for an ETag, freshness and a charset on every call; the bytes and their length are known already).
 */
function sendJsonBody(req: Request, res: Response, status: number, body: JsonBody): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  let bytes: Buffer;
  if (body.compressible) {
    res.setHeader('Vary', 'Accept-Encoding');
    if (acceptsGzip(req)) {
      res.setHeader('Content-Encoding', 'gzip');
      bytes = body.gzip();
    } else bytes = body.raw;
  } else bytes = body.raw;
  res.setHeader('Content-Length', bytes.length);
  if (req.method === 'HEAD') res.end();
  else res.end(bytes);
}

/** Whether the client takes gzip: the common header answered at once, anything else negotiated in full. */
function acceptsGzip(req: Request): boolean {
  const header = req.headers['accept-encoding'];
  if (header === undefined) return false;
  if (header === 'gzip, deflate' || header === 'gzip, deflate, br' || header === 'gzip, deflate, br, zstd') return true;
  return req.acceptsEncodings('gzip', 'identity') === 'gzip';
}
