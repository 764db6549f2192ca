/**
 * A bench file run again as a child process under a V8 heap cap (--max-old-space-size), so a
 * finished run shows the work fits and a failed one shows where it did not. Its stdout is collected
 * (the child prints its figures as one JSON line last); stderr is passed through, or collected too.
 */
import { spawn } from 'node:child_process';

export interface CappedRun {
  /** Exit code, or the signal's name. */
  code: number | string | null;
  out: string;
  /** Collected only with `stderr: 'pipe'`. */
  err: string;
  /** Seconds from spawning to exit. */
  wall: number;
  /** The last line of stdout, parsed (call only when code is 0). */
  last<T>(): T;
}

export async function runCapped(
  file: string,
  heapMb: number | string,
  args: readonly string[],
  o: { env?: NodeJS.ProcessEnv; stderr?: 'inherit' | 'pipe' } = {},
): Promise<CappedRun> {
  const t = performance.now();
  const child = spawn(process.execPath, [`--max-old-space-size=${heapMb}`, '--import', 'tsx', file, ...args], {
    env: o.env ?? process.env,
    stdio: ['ignore', 'pipe', o.stderr ?? 'inherit'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr?.on('data', (d) => (err += d));
  const code = await new Promise<number | string | null>((r) => child.on('close', (c, s) => r(c ?? s)));
  return {
    code,
    out,
    err,
    wall: (performance.now() - t) / 1000,
    last: <T>() => JSON.parse(out.trim().split('\n').pop()!) as T,
  };
}
