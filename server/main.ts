/**
 * Starts Nurture: reads the configuration, opens the store, listens, and on
 * SIGTERM or SIGINT stops taking requests, lets in-flight ones finish, then
 * closes the store.
 */
import type { Server } from 'node:http';
import { createApp } from './app.js';
import { loadConfig } from './config.js';
import { openStore } from './store/open-store.js';

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

const server: Server = app.listen(config.port, config.host, () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  log.info({ port, store: store.kind }, `Nurture is listening on http://localhost:${port} (store: ${store.kind})`);
});

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, 'Shutting down: finishing in-flight requests');
  const force = setTimeout(() => {
    log.warn('In-flight requests did not finish in 10 s; exiting');
    process.exit(1);
  }, 10_000);
  force.unref();
  server.close(async () => {
    await store.close().catch((e: unknown) => log.error({ err: e }, 'Closing the store failed'));
    log.info('Stopped');
    process.exit(0);
  });
  server.closeIdleConnections();
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
