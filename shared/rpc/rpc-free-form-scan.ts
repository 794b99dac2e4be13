// A pre-decode scan of free-form CBOR: one well-formed item of plain data, nothing else. cbor-x
// is a generic decoder: left alone it builds Dates, RegExps, Sets, typed arrays, shared
// references (cycles) and record structures from tags, BigInts from 64-bit ints, and recurses as
// deep as the bytes nest. Scanning the heads first (no values built, bounded depth) means cbor-x
// only ever sees what the free-form data model can hold, and hostile bytes cost one linear pass.
//
//   head byte   0bMMMAAAAA   M: major type (0–7), A: argument (0–23 inline, 24–27: 1/2/4/8
//                            bytes follow, big-endian; 28–30 reserved; 31 indefinite)

import { err, ok, type Result } from "../codec/result.js";
import { readUtf8 } from "../codec/utf8.js";

/** Most nested arrays and maps a free-form value may hold (the top-level container is 1). */
export const MAX_FREE_FORM_DEPTH = 16;

/** CBOR major types (the head byte's top three bits). */
const MAJOR = {
  UINT: 0, //   0b000
  NEGINT: 1, // 0b001
  BYTES: 2, //  0b010
  TEXT: 3, //   0b011
  ARRAY: 4, //  0b100
  MAP: 5, //    0b101
  TAG: 6, //    0b110
  SIMPLE: 7, // 0b111: false, true, null, undefined and floats
} as const;

/** Major-7 arguments the data model keeps. */
const SIMPLE = { FALSE: 20, TRUE: 21, NULL: 22, F16: 25, F32: 26, F64: 27 } as const;

/** 2⁵³ / 2³²: an 8-byte integer's high word must be below this to stay a safe JS number. */
const SAFE_HIGH_WORD = 0x200000;

/** `__proto__` in UTF-8: cbor-x renames that key (prototype pollution), so it could not round trip. */
const PROTO_KEY = [0x5f, 0x5f, 0x70, 0x72, 0x6f, 0x74, 0x6f, 0x5f, 0x5f];

/**
 * Checks that `bytes` hold exactly one CBOR item of plain data: unsigned and negative integers
 * within ±(2⁵³ − 1), finite floats (16, 32 or 64 bits), strict UTF-8 text, byte strings,
 * false, true, null, definite-length arrays and maps with text keys, nested at most
 * {@link MAX_FREE_FORM_DEPTH} deep. Refused: tags, indefinite lengths, `undefined` and other
 * simple values, reserved arguments, a `__proto__` key, and any byte after the item.
 */
export function scanFreeForm(bytes: Uint8Array): Result<true> {
  const s = new Scan(bytes);
  const reason = s.item(0);
  if (reason !== undefined) return err(reason);
  if (s.at !== bytes.length) return err(`${bytes.length - s.at} bytes after the CBOR value`);
  return ok(true);
}

/** A cursor over the CBOR bytes; each method returns a refusal reason, or undefined. */
class Scan {
  readonly bytes: Uint8Array;
  readonly #view: DataView;
  at = 0;
  /** The last head's major type and argument (a length, count or integer). */
  major = 0;
  arg = 0;

  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get remaining(): number {
    return this.bytes.length - this.at;
  }

  /** Scans one item whose container sits at `depth`. */
  item(depth: number): string | undefined {
    const bad = this.#head();
    if (bad !== undefined) return bad;
    const n = this.arg;
    switch (this.major) {
      case MAJOR.UINT:
      case MAJOR.NEGINT:
      case MAJOR.SIMPLE:
        return undefined; // checked by #head
      case MAJOR.BYTES:
        return this.#skip(n);
      case MAJOR.TEXT: {
        const bad = this.#skip(n);
        if (bad !== undefined) return bad;
        if (readUtf8(this.bytes, this.at - n, this.at) === undefined)
          return "CBOR text is not strict UTF-8";
        return undefined;
      }
      case MAJOR.ARRAY: {
        if (depth >= MAX_FREE_FORM_DEPTH) return `CBOR nests deeper than ${MAX_FREE_FORM_DEPTH}`;
        // Each item takes at least one byte: a larger count is a lie, refused before looping.
        if (n > this.remaining) return `CBOR array of ${n} items in ${this.remaining} bytes`;
        for (let i = 0; i < n; i++) {
          const bad = this.item(depth + 1);
          if (bad !== undefined) return bad;
        }
        return undefined;
      }
      case MAJOR.MAP: {
        if (depth >= MAX_FREE_FORM_DEPTH) return `CBOR nests deeper than ${MAX_FREE_FORM_DEPTH}`;
        if (n * 2 > this.remaining) return `CBOR map of ${n} entries in ${this.remaining} bytes`;
        for (let i = 0; i < n; i++) {
          if (this.remaining > 0 && this.bytes[this.at]! >> 5 !== MAJOR.TEXT)
            return "CBOR map key is not text";
          const bad = this.item(depth + 1) ?? this.#notProto();
          if (bad !== undefined) return bad;
          const badValue = this.item(depth + 1);
          if (badValue !== undefined) return badValue;
        }
        return undefined;
      }
      default:
        return "CBOR tags are refused";
    }
  }

  /** Reads a head into `major` / `arg`, refusing what the data model does not hold. */
  #head(): string | undefined {
    if (this.remaining < 1) return "CBOR value truncated";
    const initial = this.bytes[this.at++]!;
    const major = initial >> 5;
    const info = initial & 0x1f;
    this.major = major;
    if (major === MAJOR.TAG) return "CBOR tags are refused";
    if (major === MAJOR.SIMPLE) return this.#simple(info);
    if (info < 24) {
      this.arg = info;
      return undefined;
    }
    if (info === 31) return "CBOR indefinite lengths are refused";
    if (info > 27) return `CBOR reserved argument ${info}`;
    const size = 1 << (info - 24); // 24 → 1, 25 → 2, 26 → 4, 27 → 8 bytes
    if (this.remaining < size) return "CBOR value truncated";
    const v = this.#view;
    const at = this.at;
    this.at += size;
    if (size === 8) {
      const high = v.getUint32(at);
      if (high >= SAFE_HIGH_WORD) return "CBOR integer or length beyond 2^53";
      this.arg = high * 0x1_0000_0000 + v.getUint32(at + 4);
    } else this.arg = size === 1 ? v.getUint8(at) : size === 2 ? v.getUint16(at) : v.getUint32(at);
    return undefined;
  }

  /** Major type 7: false, true, null and finite floats only. */
  #simple(info: number): string | undefined {
    if (info === SIMPLE.FALSE || info === SIMPLE.TRUE || info === SIMPLE.NULL) return undefined;
    const v = this.#view;
    const at = this.at;
    let finite: boolean;
    if (info === SIMPLE.F16) {
      if (this.remaining < 2) return "CBOR value truncated";
      finite = (v.getUint16(at) & 0x7c00) !== 0x7c00; // exponent all ones: ±Infinity or NaN
      this.at += 2;
    } else if (info === SIMPLE.F32) {
      if (this.remaining < 4) return "CBOR value truncated";
      finite = Number.isFinite(v.getFloat32(at));
      this.at += 4;
    } else if (info === SIMPLE.F64) {
      if (this.remaining < 8) return "CBOR value truncated";
      finite = Number.isFinite(v.getFloat64(at));
      this.at += 8;
    } else return `CBOR simple value ${info} is refused (false, true, null and floats only)`;
    return finite ? undefined : "CBOR float is not finite";
  }

  #skip(n: number): string | undefined {
    if (n > this.remaining) return `CBOR string of ${n} bytes in ${this.remaining}`;
    this.at += n;
    return undefined;
  }

  /** Refuses the text key just scanned (its length is `arg`) if it is `__proto__`. */
  #notProto(): string | undefined {
    const length = this.arg;
    if (length !== PROTO_KEY.length) return undefined;
    const start = this.at - length;
    for (let i = 0; i < length; i++) if (this.bytes[start + i] !== PROTO_KEY[i]) return undefined;
    return "CBOR map key __proto__ is refused";
  }
}
