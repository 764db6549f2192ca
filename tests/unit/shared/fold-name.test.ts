/**
 * foldName compares names across files ("José  Núñez" = "jose nunez"). Plain
 * ASCII takes a short path (no Unicode decomposition); it must fold exactly as
 * the full one does.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldName } from '../../../shared/index.js';

/** The full fold, as foldName did it for every name before the ASCII path. */
const reference = (name: string | null | undefined) =>
  (name ?? '')
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();

describe('foldName', () => {
  it('folds case, accents and spacing', () => {
    expect(foldName('  José   Núñez ')).toBe('jose nunez');
    expect(foldName('ANNA\tSchmidt')).toBe('anna schmidt');
    expect(foldName('Zoë O"Brien, Jr.')).toBe('zoe o"brien, jr.');
    expect(foldName('王 小明')).toBe('王 小明');
    expect(foldName('ﬁnn')).toBe('finn'); // a compatibility ligature decomposes
    expect(foldName(null)).toBe('');
    expect(foldName(undefined)).toBe('');
    expect(foldName('')).toBe('');
  });

  it('gives what the full fold gives, for ASCII and any other text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary-ascii' }), (s) => {
        expect(foldName(s)).toBe(reference(s));
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        expect(foldName(s)).toBe(reference(s));
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        expect(foldName(s)).toBe(reference(s));
      }),
      { numRuns: 2000 },
    );
  });
});
