// mulberry32: the project's one seeded PRNG. Scenes, simulated links, fault injection and
// property tests draw from it, so a seed replays the same run exactly, on every runtime.

/**
 * A seeded generator of uniform floats in [0, 1).
 *
 * @example
 * const random = mulberry32(12345);
 * const x = random() * 2000;
 */
export function mulberry32(seed: number): () => number {
  let a = seed | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
