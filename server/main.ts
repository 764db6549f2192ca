/**
 * Starts Nurture: reads the configuration, opens the store, listens, and on
 * SIGTERM or SIGINT stops taking requests, lets in-flight ones finish, then
 * closes the store.
 */
import type { Server } from 'node:http';
import { createApp } from './app.js';
import { AppError } from './core/app-error.js';
import { loadConfig } from './config.js';
import { openStore } from './store/open-store.js';
import { scheduleReports } from './reports/report.scheduler.js';
import { privacyService } from './privacy/privacy.service.js';
import { sweepErasures } from './privacy/erasure-sweeper.js';

const config = loadConfig();
const store = await openStore(config);
const { app, deps } = createApp(config, store);
const { log } = deps;

try {
  await deps.readiness.ensure();
} catch (e) {
  // Serve anyway: health says so, and requests answer 503 until the store returns.
  log.error({ err: e }, `The ${store.kind} store is not reachable yet; will retry on each request`);
}
const reportSchedule = scheduleReports(config, store, deps.readiness, log, {
  compute: (ws, inputs) => deps.analytics.engine.weeklyReport(ws, inputs),
});
// People deleted with an undo are erased for good when their time is up.
const erasures = sweepErasures(
  privacyService(store, deps.feed, { outboxDir: config.reports.outboxDir, undoMinutes: config.erasureUndoMinutes }),
  log,
);

/** A fresh install gets its first account from the environment, or a one-time setup link on the console. */
async function firstRun(port: number): Promise<void> {
  if (config.admin && (await store.accounts.countUsers()) === 0) {
    try {
      const user = await deps.auth.createUser({
        email: config.admin.email,
        name: 'Administrator',
        password: config.admin.password,
      });
      log.info({ userId: user.id }, `Created the owner account ${user.email} from NURTURE_ADMIN_EMAIL`);
      return;
    } catch (e) {
      if (!(e instanceof AppError && e.code === 'VALIDATION')) throw e;
      // Never the password itself in the log; the setup link below is the way in instead.
      log.error(
        `NURTURE_ADMIN_PASSWORD is refused (${e.message.replace(/^Invalid input: /, '')}); no account was created`,
      );
    }
  }
  const token = await deps.auth.prepareSetup();
  if (token) {
    const base = config.publicUrl ?? `http://localhost:${port}`;
    // Printed, not logged: the link is a secret for whoever can read this console.
    process.stdout.write(
      `\nNo account exists yet. Create yours (this link works once):\n\n    ${base}/setup#token=${token}\n\n`,
    );
  }
}

const server: Server = app.listen(config.port, config.host, () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  log.info({ port, store: store.kind }, `Nurture is listening on http://localhost:${port} (store: ${store.kind})`);
  deps.readiness
    .ensure()
    .then(() => {
      // The first import need not wait for its worker thread to start.
      deps.imports.prewarm();
      return firstRun(port);
    })
    .catch((e: unknown) => log.error({ err: e }, 'First-run setup could not run yet (store unavailable)'));
});

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  const force = setTimeout(() => {
    log.warn('In-flight requests did not finish in 10 s; exiting');
    process.exit(1);
  }, 10_000);
  force.unref();
  server.close(async () => {
    reportSchedule.stop();
    erasures.stop();
    deps.feed.close();
    deps.auth.close();
    await deps.imports.close();
    await deps.analytics.close().catch((e: unknown) => log.error({ err: e }, 'Stopping the analytics worker failed'));
    await store.close().catch((e: unknown) => log.error({ err: e }, 'Closing the store failed'));
    log.info('Stopped');
    process.exit(0);
  });
  server.closeIdleConnections();
  // A keep-alive connection whose last request finishes after this point is closed as soon as it is
  // idle, rather than after the keep-alive timeout (5 s), so the shutdown ends with the last answer.
  setInterval(() => server.closeIdleConnections(), 200).unref();
  // Logged once the listener is closed, so the line tells a watcher that new connections are refused.
  log.info({ signal }, 'Shutting down: finishing in-flight requests');
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
