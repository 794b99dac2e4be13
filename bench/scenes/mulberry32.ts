// The benchmark's only source of randomness (SCENES.md: mulberry32, seed 12345), so every
// system sees the same scene, run after run.

/**
 * A seeded mulberry32 generator: returns a function yielding uniform floats in [0, 1).
 *
 * @example
 * const random = mulberry32(12345);
 * const x = random() * 2000;
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
