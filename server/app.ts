/**
 * Builds the Express application from its components. It never listens:
 * main.ts does, and the tests start it on port 0.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import cookieParser from 'cookie-parser';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import { pino, type Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import type { Config } from './config.js';
import { AppError } from './core/app-error.js';
import { ChangeFeed } from './core/change-feed.js';
import type { AppDeps } from './app-deps.js';
import { StoreReadiness } from './core/store-readiness.js';
import { accountsRoutes } from './accounts/accounts.routes.js';
import { AccountMailer } from './accounts/account-mailer.js';
import { AuthService } from './accounts/auth.service.js';
import { makeAuthorize } from './accounts/authorize.middleware.js';
import { activityRoutes } from './activity/activity.routes.js';
import { ImportRunner } from './import/import-runner.js';
import { importRoutes } from './import/import.routes.js';
import { analyticsRoutes } from './analysis/analysis.routes.js';
import { networkGraphRoutes } from './analysis/network-graph.routes.js';
import { graphExportRoutes } from './graph-export/graph-export.routes.js';
import { vCardRoutes } from './contacts/vcard.routes.js';
import { AnalyticsService } from './analysis/analysis.service.js';
import { InlineEngine } from './analysis/analysis.engine.js';
import { WorkerEngine } from './analysis/worker-engine.js';
import { privacyRoutes } from './privacy/privacy.routes.js';
import { reportRoutes } from './reports/reports.routes.js';
import { calibrationRoutes } from './calibration/calibration.routes.js';
import { consentRoutes } from './consent/consent.routes.js';
import { mailingListExportRoutes } from './consent/mailing-list-export.routes.js';
import { contactsRoutes } from './contacts/contacts.routes.js';
import { identityRoutes } from './identity/identity.routes.js';
import { healthRoutes } from './health/health.routes.js';
import { liveRoutes } from './live/live.routes.js';
import { boardRoutes } from './board/board.routes.js';
import { errorHandler } from './http/error-handler.js';
import { buildOpenApi } from './http/openapi.js';
import { mountRoutes, type RouteSpec } from './http/route.js';
import { workspaceRoutes } from './workspace/workspace.routes.js';
import type { Store } from './store/store.port.js';

export const DEFAULT_WORKSPACE_ID = 'default';

export function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string })
      .version;
  } catch {
    return '0.0.0';
  }
}

/** Until accounts exist, one workspace serves every request. */
async function ensureDefaultWorkspace(store: Store): Promise<void> {
  if (!(await store.getWorkspace(DEFAULT_WORKSPACE_ID))) {
    try {
      await store.createWorkspace({ name: 'My network' }, DEFAULT_WORKSPACE_ID);
    } catch (e) {
      if (!(e instanceof AppError && e.code === 'CONFLICT')) throw e;
    }
  }
}

export interface BuiltApp {
  app: Express;
  deps: AppDeps;
  routes: RouteSpec[];
}

export function createApp(config: Config, store: Store, options: { log?: Logger } = {}): BuiltApp {
  const log = options.log ?? pino({ level: config.logLevel });
  const feed = new ChangeFeed();
  const engine = config.analyticsWorker
    ? new WorkerEngine(store.connection, log, {
        workers: config.analyticsWorkers ?? undefined,
        heapMb: config.analyticsWorkerHeapMb,
        bookmarks: () => store.bookmarks(),
      })
    : new InlineEngine(async () => store);
  // Writes of other processes and replicas (found in the database) join this process's own.
  feed.follow(store);
  const deps: AppDeps = {
    config,
    store,
    feed,
    analytics: new AnalyticsService(engine, feed, log, { memoryBudget: config.analyticsMemory }),
    readiness: new StoreReadiness(store, ensureDefaultWorkspace),
    imports: new ImportRunner(
      store,
      {
        worker: config.imports.worker,
        memoryMb: config.imports.workerMemoryMb,
        concurrency: config.imports.concurrency,
      },
      log,
    ),
    auth: new AuthService(store, DEFAULT_WORKSPACE_ID, {
      mailer: new AccountMailer({ smtpUrl: config.reports.smtpUrl, mailFrom: config.reports.mailFrom }),
      publicUrl: config.publicUrl ?? `http://localhost:${config.port}`,
    }),
    log,
    version: packageVersion(),
    startedAt: Date.now(),
  };
  const routes: RouteSpec[] = [
    ...healthRoutes(deps),
    ...accountsRoutes(deps),
    ...workspaceRoutes(deps),
    ...importRoutes(deps),
    ...analyticsRoutes(deps),
    ...networkGraphRoutes(deps),
    ...graphExportRoutes(deps),
    ...vCardRoutes(deps),
    ...privacyRoutes(deps),
    ...contactsRoutes(deps),
    ...identityRoutes(deps),
    ...activityRoutes(deps),
    ...consentRoutes(deps),
    ...mailingListExportRoutes(deps),
    ...reportRoutes(deps),
    ...liveRoutes(deps),
    ...boardRoutes(deps),
    ...calibrationRoutes(deps),
  ];

  const app = express();
  app.disable('x-powered-by');
  // Hashing every API answer for an ETag cost more than it saved (answers change with each analysis).
  app.set('etag', false);
  // Off by default: X-Forwarded-For is believed only from proxies named in NURTURE_TRUST_PROXY, so a
  // client cannot rotate it to escape the rate limits or forge the addresses in the audit log.
  app.set('trust proxy', config.trustProxy);
  // Request logging costs a child logger per request: only when requests are logged at all.
  if (log.isLevelEnabled('info'))
    app.use(
      pinoHttp({
        logger: log,
        autoLogging: { ignore: (req) => req.url === '/api/v1/health' },
        // Credentials never reach the logs.
        redact: [
          'req.headers.authorization',
          'req.headers.cookie',
          'req.headers["x-csrf-token"]',
          'res.headers["set-cookie"]',
        ],
      }),
    );
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:', 'blob:'],
          connectSrc: ["'self'"],
          workerSrc: ["'self'", 'blob:'],
          fontSrc: ["'self'"],
          objectSrc: ["'none'"],
          frameAncestors: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
          upgradeInsecureRequests: null,
        },
      },
      // Served over plain HTTP on localhost by default; HSTS belongs to the TLS proxy in front.
      strictTransportSecurity: false,
    }),
  );
  app.use(cookieParser());

  const api = express.Router();
  const limited = (limit: number, what: string) =>
    rateLimit({
      windowMs: 15 * 60_000,
      limit,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      // X-Forwarded-For from an untrusted client is ignored on purpose (NURTURE_TRUST_PROXY), not a misconfiguration.
      validate: { xForwardedForHeader: false },
      handler: (_req, _res, next) => next(new AppError('RATE_LIMITED', `Too many ${what}; try again in a few minutes`)),
    });
  // Answers about accounts and people are never kept by a browser or a proxy.
  api.use((_req: Request, res: Response, next: NextFunction) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  api.post(
    [
      '/auth/login',
      '/auth/setup',
      '/auth/password',
      '/auth/password-reset',
      '/auth/password-reset/confirm',
      '/auth/account/delete',
      '/invitations/preview',
      '/invitations/accept',
      '/invitations/sign-up',
    ],
    limited(config.rateLimits.login, 'sign-in attempts'),
  );
  api.post('/imports', limited(config.rateLimits.import, 'imports'));
  api.post('/reports', limited(config.rateLimits.report, 'reports made'));
  api.use(rejectNonJsonBodies(routes));
  api.use(express.json({ limit: config.bodyLimit, strict: false }));
  const openapi = buildOpenApi(routes, { version: deps.version });
  api.get('/openapi.json', (_req, res) => {
    res.json(openapi);
  });
  mountRoutes(api, routes, {
    authorize: makeAuthorize(deps.auth, store),
    audit: (entry) => store.accounts.appendAudit(entry),
    before: async (req) => {
      if (req.path !== '/health') await deps.readiness.ensure();
    },
  });
  api.use((req: Request) => {
    throw new AppError('NOT_FOUND', `No route ${req.method} ${req.baseUrl}${req.path}`);
  });
  app.use('/api/v1', api);
  app.use('/api', (req: Request) => {
    throw new AppError('NOT_FOUND', `No route ${req.method} ${req.originalUrl}: the API lives under /api/v1`);
  });

  serveWebApp(app, config.webDir);
  app.use(errorHandler(log));
  return { app, deps, routes };
}

/** State-changing calls carry JSON (or the multipart an upload route declares); anything else is 415. */
function rejectNonJsonBodies(routes: RouteSpec[]) {
  const multipart = routes.filter((r) => r.consumes).map((r) => r.path);
  return (req: Request, _res: Response, next: NextFunction) => {
    const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
    if (!hasBody || ['GET', 'HEAD', 'DELETE', 'OPTIONS'].includes(req.method)) return next();
    if (req.is('application/json') || req.is('application/*+json')) return next();
    if (req.is('multipart/form-data') && multipart.length > 0) return next();
    next(
      new AppError(
        'UNSUPPORTED_MEDIA_TYPE',
        `Send the body as application/json (got ${req.headers['content-type'] ?? 'no content type'})`,
      ),
    );
  };
}

/** The built web app, with client-side routes falling back to index.html. */
function serveWebApp(app: Express, webDir: string): void {
  const dir = resolve(webDir);
  const index = join(dir, 'index.html');
  app.use(
    express.static(dir, {
      index: 'index.html',
      maxAge: '1h',
      setHeaders: (res, path) => {
        if (path.endsWith('index.html')) res.setHeader('Cache-Control', 'no-cache');
      },
    }),
  );
  app.get(/^\/(?!api\/).*/, (_req, res, next) => {
    if (!existsSync(index)) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
}
