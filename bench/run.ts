/**
 * `npm run bench`: runs every bench/*.bench.ts (or those named on the command
 * line, e.g. `npm run bench -- analytics`) and lets each print its figures.
 * Benchmarks measure; they never assert.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.startsWith(w)))
  .sort();

for (const file of files) {
  console.log(`\n=== ${file}`);
  const mod = (await import(pathToFileURL(join(here, file)).href)) as { main?: () => Promise<void> };
  if (typeof mod.main !== 'function') {
    console.log('(no main() exported; skipped)');
    continue;
  }
  await mod.main();
}
