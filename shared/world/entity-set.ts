// A set of entity ids as a bitset: O(1) membership, iteration in id order by scanning
// 32-bit words, and word-wise set algebra (visible ∧ ¬known = entering …) without
// allocating. Visible sets, known sets and the alive set are all EntitySets.

/** A fixed-capacity set of entity ids in [0, capacity). */
export class EntitySet {
  /** The bit words: id i is bit (i & 31) of words[i >> 5]. */
  readonly words: Uint32Array;
  readonly capacity: number;

  constructor(capacity: number) {
    this.capacity = capacity;
    this.words = new Uint32Array((capacity + 31) >>> 5);
  }

  /** Adds `id` (ignored when out of range). */
  add(id: number): void {
    if (id >= 0 && id < this.capacity)
      this.words[id >>> 5] = this.words[id >>> 5]! | (1 << (id & 31));
  }

  /** Removes `id`. */
  delete(id: number): void {
    if (id >= 0 && id < this.capacity)
      this.words[id >>> 5] = this.words[id >>> 5]! & ~(1 << (id & 31));
  }

  /** True when `id` is in the set. */
  has(id: number): boolean {
    return id >= 0 && id < this.capacity && (this.words[id >>> 5]! & (1 << (id & 31))) !== 0;
  }

  /** Empties the set. */
  clear(): void {
    this.words.fill(0);
  }

  /** Makes this set equal to `other` (same capacity). */
  copyFrom(other: EntitySet): void {
    this.words.set(other.words);
  }

  /** Number of ids in the set. */
  count(): number {
    let n = 0;
    for (let i = 0; i < this.words.length; i++) n += popcount(this.words[i]!);
    return n;
  }

  /** Calls `visit` for every id in ascending order (convenience; hot paths scan `words`). */
  forEach(visit: (id: number) => void): void {
    const words = this.words;
    for (let w = 0; w < words.length; w++) {
      let bits = words[w]!;
      while (bits !== 0) {
        const low = bits & -bits;
        visit((w << 5) + 31 - Math.clz32(low));
        bits ^= low;
      }
    }
  }
}

/** Number of set bits of a 32-bit word. */
export function popcount(word: number): number {
  let v = word - ((word >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) >>> 0;
}
