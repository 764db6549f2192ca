import { describe, expect, it } from 'vitest';
import { SqliteStore } from '../../../server/store/sqlite/sqlite-store.js';
import { cliSandbox } from '../../fixtures/cli.js';
import { CalibrationSchema } from '../../../shared/index.js';

describe('npx nurture calibrate', () => {
  const cli = cliSandbox('nurture-calibrate-');
  const run = cli.run;

  it('asks for "me" first; then prints the agreement and the weights, as JSON too; fits from 8 ratings; resets', async () => {
    expect(await run('calibrate')).toBe(1);
    expect(cli.err.join('\n')).toMatch(/record yourself/);
    expect(await run('demo')).toBe(0);
    cli.out.length = 0;
    expect(await run('calibrate', '--status')).toBe(0);
    const text = cli.out.join('\n');
    expect(text).toMatch(/^0 ratings \(weights are fitted from 8\); defaults weights in force\./);
    expect(text).toMatch(/reference: 85% strong\/weak \(Gilbert & Karahalios/);
    expect(text).toMatch(/intensity\s+0\.313/);

    // Ten ratings: every tenth person of the demo, rated by the stage the score gives them.
    const store = new SqliteStore({ dataDir: cli.dir });
    await store.init();
    const people = (await store.people.list('default', { limit: 500, offset: 0, sort: 'name', order: 'asc' })).items;
    const RATINGS = ['distant', 'acquaintance', 'friendly', 'close', 'trusted'] as const;
    const rated = people
      .filter((p) => !p.isMe)
      .filter((_, i) => i % 10 === 0)
      .slice(0, 10);
    for (const [i, p] of rated.entries()) await store.calibration.putRating('default', p.id, RATINGS[i % 5]!, null);
    await store.close();

    cli.out.length = 0;
    expect(await run('calibrate', '--json')).toBe(0);
    const c = CalibrationSchema.parse(JSON.parse(cli.out.join('\n')));
    expect(c.ratings).toBe(10);
    expect(c.fitted).not.toBeNull();
    expect(c.fittedAt).not.toBeNull();
    expect(c.agreement.folds).toBe(5);
    expect(Object.values(c.weights).reduce((s, x) => s + x, 0)).toBeCloseTo(1, 9);

    cli.out.length = 0;
    expect(await run('calibrate', '--reset', '--json')).toBe(0);
    const reset = CalibrationSchema.parse(JSON.parse(cli.out.join('\n')));
    expect(reset).toMatchObject({ inForce: 'defaults', fittedAt: null, ratings: 10 });
  });
});
