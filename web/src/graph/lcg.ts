/**
 * A seeded linear congruential generator (as d3-force's lcg.js): the same
 * seed gives the same numbers, so the same network gives the same picture.
 */
export function lcg(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s = (Math.imul(1664525, s) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}
