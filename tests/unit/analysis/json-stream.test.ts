import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { writeJson } from '../../../server/analysis/json-stream.js';

describe('writeJson', () => {
  it('writes the same document as JSON.stringify, in chunks', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({ a: fc.jsonValue(), people: fc.array(fc.jsonValue(), { maxLength: 50 }), z: fc.string() }),
        async (value) => {
          const chunks: string[] = [];
          await writeJson((c) => void chunks.push(c), value, ['people']);
          expect(JSON.parse(chunks.join(''))).toEqual(JSON.parse(JSON.stringify(value)));
        },
      ),
    );
  });
  it('never builds one string for a long array: chunks of about 64 KB', async () => {
    const people = Array.from({ length: 5000 }, (_, i) => ({ id: `p${i}`, name: 'x'.repeat(100) }));
    const chunks: string[] = [];
    await writeJson((c) => void chunks.push(c), { people }, ['people']);
    expect(chunks.length).toBeGreaterThan(5);
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan(70 * 1024);
    expect(JSON.parse(chunks.join('')).people).toHaveLength(5000);
  });
});
