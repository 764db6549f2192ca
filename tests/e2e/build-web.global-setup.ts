/**
 * vitest globalSetup of the e2e project: the browser tests run against the built web app,
 * so it is built once per run (vite's own build, well under a couple of seconds) whether the
 * project runs alone (`vitest run --project e2e`) or under `npm test`.
 */
import { build } from 'vite';

export default async function setup(): Promise<void> {
  const started = Date.now();
  await build({ configFile: 'web/vite.config.ts', logLevel: 'warn' });
  process.stderr.write(`web: built for the browser tests in ${Date.now() - started} ms\n`);
}
