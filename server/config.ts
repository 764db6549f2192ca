/**
 * Configuration from the environment, validated once at start-up. Every
 * variable is listed in the README.
 */
import { join } from 'node:path';
import { CronPattern } from 'croner';
import { z } from 'zod';

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  NURTURE_DATA_DIR: z.string().default('./data'),
  NEO4J_URI: z.string().optional(),
  NEO4J_USER: z.string().default('neo4j'),
  NEO4J_PASSWORD: z.string().default(''),
  NEO4J_DATABASE: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NURTURE_BODY_LIMIT: z.string().default('1mb'),
  NURTURE_IMPORT_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .default(50 * 1024 * 1024),
  NURTURE_WEB_DIR: z.string().default('./dist/web'),
  NURTURE_ADMIN_EMAIL: z.email().optional(),
  NURTURE_ADMIN_PASSWORD: z.string().min(10, 'must be at least 10 characters').optional(),
  NURTURE_PUBLIC_URL: z.url().optional(),
  NURTURE_LOGIN_RATE_LIMIT: z.coerce.number().int().min(1).default(20),
  NURTURE_IMPORT_RATE_LIMIT: z.coerce.number().int().min(1).default(30),
  NURTURE_REPORT_RATE_LIMIT: z.coerce.number().int().min(1).default(20),
  NURTURE_ERASURE_UNDO_MINUTES: z.coerce.number().int().min(1).max(1440).default(10),
  NURTURE_TRUST_PROXY: z
    .string()
    .trim()
    .default('false')
    .refine(
      (v) => v === 'true' || v === 'false' || /^\d+$/.test(v) || validProxyList(v),
      'must be false, true, a number of proxies, or addresses/subnets (e.g. loopback, 10.0.0.0/8)',
    ),
  NURTURE_IMPORT_MAX_INFLATED_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .default(200 * 1024 * 1024),
  NURTURE_IMPORT_MAX_RATIO: z.coerce.number().min(1).default(100),
  NURTURE_IMPORT_MAX_ENTRIES: z.coerce.number().int().min(1).default(10_000),
  NURTURE_IMPORT_WORKER: z.enum(['true', 'false', '1', '0']).default('true'),
  NURTURE_IMPORT_WORKER_MB: z.coerce.number().int().min(64).default(1536),
  NURTURE_IMPORT_CONCURRENCY: z.coerce.number().int().min(1).default(2),
  NURTURE_ANALYTICS_WORKER: z.enum(['true', 'false', '1', '0']).default('true'),
  NURTURE_ANALYTICS_MEMORY: z
    .string()
    .trim()
    .default('1gb')
    .refine((v) => parseSize(v) !== null, 'must be a size such as 512mb or 2gb')
    .transform((v) => parseSize(v)!),
  NURTURE_ANALYTICS_WORKER_HEAP: z
    .string()
    .trim()
    .default('2gb')
    .refine((v) => (parseSize(v) ?? 0) >= 64 * 1024 * 1024, 'must be a size of at least 64mb, such as 2gb')
    .transform((v) => Math.floor(parseSize(v)! / 1024 / 1024)),
  NURTURE_ANALYTICS_WORKERS: z.coerce.number().int().min(1).max(64).optional(),
  NURTURE_LARGE_ANALYSIS_FROM: z.coerce.number().int().min(0).default(200_000),
  NURTURE_REPORT_CRON: z
    .string()
    .trim()
    .default('0 7 * * 1')
    .refine((v) => v === 'off' || validCron(v), 'must be a cron expression such as "0 7 * * 1", or off'),
  NURTURE_REPORT_TZ: z
    .string()
    .trim()
    .min(1)
    .refine(validTimeZone, 'must be an IANA time zone such as Europe/Berlin')
    .optional(),
  NURTURE_OUTBOX_DIR: z.string().min(1).optional(),
  NURTURE_SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL' }).optional(),
  NURTURE_MAIL_FROM: z.string().trim().min(3).default('Nurture <nurture@localhost>'),
  NURTURE_WORKSPACE: z.string().trim().min(1).optional(),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  neo4j: { uri: string; user: string; password: string; database?: string } | null;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  bodyLimit: string;
  importMaxBytes: number;
  webDir: string;
  /** Creates this owner account on first start when no account exists. */
  admin: { email: string; password: string } | null;
  /** The address users reach the app at, for links printed on the console. */
  publicUrl: string | null;
  /** Attempts per 15 minutes per client address. */
  rateLimits: { login: number; import: number; report: number };
  /** Express's `trust proxy`: false (default) takes the client address from the socket, never from X-Forwarded-For. */
  trustProxy: boolean | number | string;
  /** Bounds on an import: what a zip may unpack to, and the worker thread it runs in. */
  imports: {
    maxInflatedBytes: number;
    maxRatio: number;
    maxEntries: number;
    worker: boolean;
    workerMemoryMb: number;
    /** Imports at once, over all workspaces (one per workspace at most). */
    concurrency: number;
  };
  /** Compute analytics in a worker thread (default) rather than on the request thread. */
  analyticsWorker: boolean;
  /** Bytes of analyses kept across workspaces before the least recently used are forgotten. */
  analyticsMemory: number;
  /** Heap limit of each analytics worker thread, in MB. */
  analyticsWorkerHeapMb: number;
  /** Analytics worker threads at most (null: one per core). */
  analyticsWorkers: number | null;
  /**
   * People from which `nurture analyze` on Neo4j with Nurture's procedures analyses a workspace as a
   * large one (people as columns; server/analysis/large-analysis.ts).
   */
  largeAnalysisFrom: number;
  /** The workspace the CLI works in (null: the default one). */
  cliWorkspace: string | null;
  /** How long a person deleted in the web app can be put back before their erasure is finished. */
  erasureUndoMinutes: number;
  /** The weekly report: schedule (null: off), time zone (null: each workspace's own), delivery. */
  reports: {
    cron: string | null;
    timeZone: string | null;
    outboxDir: string;
    smtpUrl: string | null;
    mailFrom: string;
  };
}

function validCron(pattern: string): boolean {
  try {
    new CronPattern(pattern);
    return true;
  } catch {
    return false;
  }
}

/** Bytes of a size written as digits with an optional unit (b, kb, mb, gb; k, m, g), or null. */
export function parseSize(v: string): number | null {
  const m = /^(\d+(?:\.\d+)?)\s*(b|k|kb|m|mb|g|gb)?$/i.exec(v);
  if (!m) return null;
  const unit = (m[2] ?? 'b').toLowerCase()[0]!;
  const factor = unit === 'g' ? 1024 ** 3 : unit === 'm' ? 1024 ** 2 : unit === 'k' ? 1024 : 1;
  return Math.floor(Number(m[1]) * factor);
}

function validProxyList(v: string): boolean {
  return v.split(',').every((p) => /^(loopback|linklocal|uniquelocal|[0-9a-fA-F.:]+(\/\d+)?)$/.test(p.trim()));
}

function trustProxyOf(v: string): boolean | number | string {
  if (v === 'false') return false;
  if (v === 'true') return true;
  if (/^\d+$/.test(v)) return Number(v);
  return v;
}

function validTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    // Never echo a password back in an error.
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid configuration:\n${lines}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: e.NURTURE_DATA_DIR,
    neo4j: e.NEO4J_URI
      ? {
          uri: e.NEO4J_URI,
          user: e.NEO4J_USER,
          password: e.NEO4J_PASSWORD,
          ...(e.NEO4J_DATABASE ? { database: e.NEO4J_DATABASE } : {}),
        }
      : null,
    logLevel: e.LOG_LEVEL,
    bodyLimit: e.NURTURE_BODY_LIMIT,
    importMaxBytes: e.NURTURE_IMPORT_MAX_BYTES,
    webDir: e.NURTURE_WEB_DIR,
    admin:
      e.NURTURE_ADMIN_EMAIL && e.NURTURE_ADMIN_PASSWORD
        ? { email: e.NURTURE_ADMIN_EMAIL, password: e.NURTURE_ADMIN_PASSWORD }
        : null,
    publicUrl: e.NURTURE_PUBLIC_URL ?? null,
    rateLimits: {
      login: e.NURTURE_LOGIN_RATE_LIMIT,
      import: e.NURTURE_IMPORT_RATE_LIMIT,
      report: e.NURTURE_REPORT_RATE_LIMIT,
    },
    trustProxy: trustProxyOf(e.NURTURE_TRUST_PROXY),
    imports: {
      maxInflatedBytes: e.NURTURE_IMPORT_MAX_INFLATED_BYTES,
      maxRatio: e.NURTURE_IMPORT_MAX_RATIO,
      maxEntries: e.NURTURE_IMPORT_MAX_ENTRIES,
      worker: e.NURTURE_IMPORT_WORKER === 'true' || e.NURTURE_IMPORT_WORKER === '1',
      workerMemoryMb: e.NURTURE_IMPORT_WORKER_MB,
      concurrency: e.NURTURE_IMPORT_CONCURRENCY,
    },
    analyticsWorker: e.NURTURE_ANALYTICS_WORKER === 'true' || e.NURTURE_ANALYTICS_WORKER === '1',
    analyticsMemory: e.NURTURE_ANALYTICS_MEMORY,
    analyticsWorkerHeapMb: e.NURTURE_ANALYTICS_WORKER_HEAP,
    analyticsWorkers: e.NURTURE_ANALYTICS_WORKERS ?? null,
    largeAnalysisFrom: e.NURTURE_LARGE_ANALYSIS_FROM,
    cliWorkspace: e.NURTURE_WORKSPACE ?? null,
    erasureUndoMinutes: e.NURTURE_ERASURE_UNDO_MINUTES,
    reports: {
      cron: e.NURTURE_REPORT_CRON === 'off' ? null : e.NURTURE_REPORT_CRON,
      timeZone: e.NURTURE_REPORT_TZ ?? null,
      outboxDir: e.NURTURE_OUTBOX_DIR ?? join(e.NURTURE_DATA_DIR, 'outbox'),
      smtpUrl: e.NURTURE_SMTP_URL ?? null,
      mailFrom: e.NURTURE_MAIL_FROM,
    },
  };
}
