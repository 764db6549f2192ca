/**
 * `npm start`'s process for real: it listens, serves the API and the built
 * web app on the embedded store, and stops cleanly on SIGTERM.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

describe('the server process', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'nurture-main-'));
  let child: ChildProcess | null = null;
  const lines: string[] = [];
  afterAll(() => {
    child?.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('listens, serves API and web app on SQLite, and exits 0 on SIGTERM', { timeout: 300_000 }, async () => {
    child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      env: {
        ...process.env,
        PORT: '0',
        HOST: '127.0.0.1',
        NURTURE_DATA_DIR: dataDir,
        LOG_LEVEL: 'info',
        NEO4J_URI: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const port = await new Promise<number>((resolve, reject) => {
      // A generous bound (tsx compiles the server first, slow on a loaded machine): it only turns a hang into a message.
      const timer = setTimeout(() => reject(new Error(`no listening line; output:\n${lines.join('\n')}`)), 240_000);
      let rest = '';
      child!.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
        // Whole lines only: a chunk may end in the middle of one.
        const parts = (rest + chunk).split('\n');
        rest = parts.pop()!;
        for (const line of parts.filter(Boolean)) {
          lines.push(line);
          const m = /listening on http:\/\/localhost:(\d+)/.exec(line);
          if (m) {
            clearTimeout(timer);
            resolve(Number(m[1]));
          }
        }
      });
      child!.once('exit', (code) => reject(new Error(`exited early with ${code}: ${lines.join('\n')}`)));
    });
    const health = await fetch(`http://127.0.0.1:${port}/api/v1/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ store: 'sqlite', reachable: true });
    // Structured logs: one JSON object per line. The only other lines are the one-time setup link, printed
    // (not logged) to the console; the logger writes asynchronously, so it may come before or after them.
    const logLines = lines.filter((l) => l.startsWith('{'));
    expect(logLines.length).toBeGreaterThan(0);
    for (const l of logLines) expect(() => JSON.parse(l), l).not.toThrow();
    expect(lines.filter((l) => !l.startsWith('{')).every((l) => /No account exists yet|\/setup#token=/.test(l))).toBe(
      true,
    );
    expect(existsSync(join(dataDir, 'nurture.db'))).toBe(true);

    if (existsSync('dist/web/index.html')) {
      const page = await fetch(`http://127.0.0.1:${port}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<title>Nurture</title>');
      const deep = await fetch(`http://127.0.0.1:${port}/contacts/some-id`);
      expect(await deep.text()).toContain('<title>Nurture</title>');
    }

    const exit = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect(lines.some((l) => l.includes('"msg":"Stopped"'))).toBe(true);
    child = null;
  });
});
