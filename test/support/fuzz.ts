// Seeded fuzzing for the project's decoders and routes: random bytes and text, and mutations
// of valid frames (bit flips, overwritten bytes, truncation, extension, duplicated and spliced
// regions, length-like bytes pushed to their extremes). Runs and seed come from FUZZ_RUNS and
// FUZZ_SEED, so CI runs a short form and `FUZZ_RUNS=20000 npm run test:unit` a long one; a
// failure prints its seed and path for fast-check to replay.
import fc from "fast-check";

/** Cases per fuzz property (CI's default keeps every fuzz file under a few seconds). */
export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 500);

/** The seed every fuzz property starts from. */
export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 19);

/** fast-check parameters for a fuzz property. */
export const fuzzParams = (runs = FUZZ_RUNS): fc.Parameters<unknown> => ({
  seed: FUZZ_SEED,
  numRuns: runs,
});

type Mutation = (bytes: Uint8Array, seeds: readonly Uint8Array[], r: () => number) => Uint8Array;

const pick = (n: number, r: () => number) => Math.floor(r() * n);

const MUTATIONS: readonly Mutation[] = [
  // A flipped bit.
  (b, _s, r) => {
    const out = b.slice();
    if (out.length > 0) out[pick(out.length, r)]! ^= 1 << pick(8, r);
    return out;
  },
  // An overwritten byte, often an extreme (lengths, counts, versions).
  (b, _s, r) => {
    const out = b.slice();
    const extremes = [0x00, 0x01, 0x7f, 0x80, 0xfe, 0xff];
    if (out.length > 0) out[pick(out.length, r)] = r() < 0.5 ? extremes[pick(6, r)]! : pick(256, r);
    return out;
  },
  // Truncated.
  (b, _s, r) => b.slice(0, pick(b.length + 1, r)),
  // Extended with random bytes.
  (b, _s, r) => {
    const extra = Uint8Array.from({ length: 1 + pick(64, r) }, () => pick(256, r));
    const out = new Uint8Array(b.length + extra.length);
    out.set(b);
    out.set(extra, b.length);
    return out;
  },
  // A region duplicated in place.
  (b, _s, r) => {
    if (b.length === 0) return b;
    const at = pick(b.length, r);
    const len = 1 + pick(Math.min(16, b.length - at), r);
    const out = new Uint8Array(b.length + len);
    out.set(b.subarray(0, at + len));
    out.set(b.subarray(at), at + len);
    return out;
  },
  // Spliced: the head of this frame, the tail of another.
  (b, seeds, r) => {
    const other = seeds[pick(seeds.length, r)]!;
    const head = b.subarray(0, pick(b.length + 1, r));
    const tail = other.subarray(pick(other.length + 1, r));
    const out = new Uint8Array(head.length + tail.length);
    out.set(head);
    out.set(tail, head.length);
    return out;
  },
];

/**
 * Byte strings for a decoder: pure random bytes, or a valid frame of `seeds` through one to
 * four mutations.
 */
export function fuzzBytes(seeds: readonly Uint8Array[]): fc.Arbitrary<Uint8Array> {
  const mutated = fc
    .tuple(fc.nat({ max: seeds.length - 1 }), fc.integer({ min: 1, max: 4 }), fc.integer())
    .map(([i, steps, seed]) => {
      let state = seed >>> 0 || 1;
      // xorshift32: the mutations' own choices, reproducible from the case.
      const r = () => {
        state ^= state << 13;
        state ^= state >>> 17;
        state ^= state << 5;
        return (state >>> 0) / 2 ** 32;
      };
      let bytes = seeds[i]!;
      for (let s = 0; s < steps; s++)
        bytes = MUTATIONS[pick(MUTATIONS.length, r)]!(bytes, seeds, r);
      return bytes;
    });
  return fc.oneof(
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 256 }) },
    { weight: 4, arbitrary: mutated },
  );
}

/** Text for a text decoder: random strings, or a valid frame's UTF-8 mutated and decoded leniently. */
export function fuzzText(seeds: readonly string[]): fc.Arbitrary<string> {
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  return fc.oneof(
    fc.string({ maxLength: 256 }),
    fc.json({ maxDepth: 4 }),
    fuzzBytes(seeds.map((s) => encoder.encode(s))).map((b) => decoder.decode(b)),
    hostileJson().map((v) => JSON.stringify(v)),
  );
}

/** JSON values an attacker sends: prototype-pollution keys, wrong types, deep nesting, long strings. */
export function hostileJson(): fc.Arbitrary<unknown> {
  const key = fc.oneof(
    fc.constantFrom(
      "__proto__",
      "constructor",
      "prototype",
      "toString",
      "valueOf",
      "hasOwnProperty",
    ),
    fc.string({ maxLength: 12 }),
  );
  const leaf = fc.oneof(
    fc.constantFrom(null, true, false, 0, -1, 1e308, -0, Number.MAX_SAFE_INTEGER + 2, "", "0"),
    fc.double(),
    fc.string({ maxLength: 40 }),
    fc.integer({ min: 1_000, max: 20_000 }).map((n) => "x".repeat(n)),
  );
  const nested = fc.integer({ min: 50, max: 2_000 }).map((depth) => {
    let v: unknown = 1;
    for (let i = 0; i < depth; i++) v = i % 2 === 0 ? [v] : { a: v };
    return v;
  });
  const tree = fc.letrec((tie) => ({
    node: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      leaf,
      fc.array(tie("node"), { maxLength: 4 }),
      fc.dictionary(key, tie("node"), { maxKeys: 5 }).map((o) => JSON.parse(JSON.stringify(o))),
    ),
  })).node;
  return fc.oneof(tree, nested);
}

/** True when `value` is a Result as the decoders return it: `{ ok: true, value }` or `{ ok: false, error: string }`. */
export function isResult(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return false;
  const v = value as { ok?: unknown; error?: unknown };
  return v.ok === true || (v.ok === false && typeof v.error === "string" && v.error.length > 0);
}
