/**
 * Seeded random numbers
 * =====================
 *
 * A linear congruential generator (Numerical Recipes constants, as d3's `lcg.js`): the same
 * seed gives the same numbers, so sampled betweenness and Louvain are reproducible run to run,
 * the demo network is the same every time, and the same network gives the same picture.
 * Seed 0 is taken as 1 (a zero state would work, but 0 is what an unset seed looks like).
 */
export function lcg(seed = 42): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s = (Math.imul(1664525, s) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/** One element of `xs`, drawn with `random`. */
export function pick<T>(random: () => number, xs: readonly T[]): T {
  return xs[Math.floor(random() * xs.length)]!;
}
