import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CliContext } from '../../../server/cli/cli-context.js';
import { runCli } from '../../../server/cli/main.js';
import { SqliteStore } from '../../../server/store/sqlite/sqlite-store.js';
import { CalibrationSchema } from '../../../shared/index.js';

describe('npx nurture calibrate', () => {
  let dir: string;
  let out: string[];
  let err: string[];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'nurture-calibrate-'));
    out = [];
    err = [];
    vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
    vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
    process.exitCode = undefined;
  });
  afterEach(() => {
    vi.restoreAllMocks();
    process.exitCode = undefined;
    rmSync(dir, { recursive: true, force: true });
  });
  const run = (...args: string[]) => runCli(args, new CliContext({ NURTURE_DATA_DIR: dir, LOG_LEVEL: 'silent' }));

  it('asks for "me" first; then prints the agreement and the weights, as JSON too; fits from 8 ratings; resets', async () => {
    expect(await run('calibrate')).toBe(1);
    expect(err.join('\n')).toMatch(/record yourself/);
    expect(await run('demo')).toBe(0);
    out.length = 0;
    expect(await run('calibrate', '--status')).toBe(0);
    const text = out.join('\n');
    expect(text).toMatch(/^0 ratings \(weights are fitted from 8\); defaults weights in force\./);
    expect(text).toMatch(/reference: 85% strong\/weak \(Gilbert & Karahalios/);
    expect(text).toMatch(/intensity\s+0\.369/);

    // Ten ratings: every tenth person of the demo, rated by the stage the score gives them.
    const store = new SqliteStore({ dataDir: dir });
    await store.init();
    const people = (await store.people.list('default', { limit: 500, offset: 0, sort: 'name', order: 'asc' })).items;
    const RATINGS = ['distant', 'acquaintance', 'friendly', 'close', 'trusted'] as const;
    const rated = people
      .filter((p) => !p.isMe)
      .filter((_, i) => i % 10 === 0)
      .slice(0, 10);
    for (const [i, p] of rated.entries()) await store.calibration.putRating('default', p.id, RATINGS[i % 5]!, null);
    await store.close();

    out.length = 0;
    expect(await run('calibrate', '--json')).toBe(0);
    const c = CalibrationSchema.parse(JSON.parse(out.join('\n')));
    expect(c.ratings).toBe(10);
    expect(c.fitted).not.toBeNull();
    expect(c.fittedAt).not.toBeNull();
    expect(c.agreement.folds).toBe(5);
    expect(Object.values(c.weights).reduce((s, x) => s + x, 0)).toBeCloseTo(1, 9);

    out.length = 0;
    expect(await run('calibrate', '--reset', '--json')).toBe(0);
    const reset = CalibrationSchema.parse(JSON.parse(out.join('\n')));
    expect(reset).toMatchObject({ inForce: 'defaults', fittedAt: null, ratings: 10 });
  });
});
