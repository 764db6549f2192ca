/**
 * Seeded random numbers
 * =====================
 *
 * A linear congruential generator (Numerical Recipes constants, as in d3's
 * `lcg.js`) so sampled betweenness and Louvain are reproducible run to run.
 */
export function lcg(seed = 42): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(1664525, s) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}
