import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readUtf8, utf8Length, writeUtf8 } from "./utf8.js";

const encoder = new TextEncoder();
// fatal: malformed bytes throw instead of becoming U+FFFD; ignoreBOM: keep a leading U+FEFF.
const strictDecoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** Any UTF-16 string: lone surrogates, BMP and astral characters, ASCII. */
const anyString = fc.string({
  unit: fc.oneof(
    fc.integer({ min: 0, max: 0x7f }).map((c) => String.fromCharCode(c)),
    fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
    fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)),
    fc.integer({ min: 0x10000, max: 0x10ffff }).map((c) => String.fromCodePoint(c)),
  ),
  maxLength: 40,
});

function encode(text: string): Uint8Array {
  const out = new Uint8Array(utf8Length(text));
  const end = writeUtf8(text, out, 0);
  expect(end).toBe(out.length);
  return out;
}

function strictDecode(bytes: Uint8Array): string | undefined {
  try {
    return strictDecoder.decode(bytes);
  } catch {
    return undefined;
  }
}

const read = (...bytes: number[]) => readUtf8(Uint8Array.from(bytes), 0, bytes.length);

describe("utf8Length and writeUtf8", () => {
  it("count and write the same bytes as TextEncoder for any string", () => {
    fc.assert(
      fc.property(anyString, (text) => {
        const expected = encoder.encode(text);
        expect(utf8Length(text)).toBe(expected.length);
        expect(encode(text)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it("write one to four bytes per code point at the range boundaries", () => {
    // U+007F, U+0080, U+07FF, U+0800, U+FFFF, U+10000, U+10FFFF
    expect(encode("\u007f")).toEqual(Uint8Array.of(0x7f));
    expect(encode("\u0080")).toEqual(Uint8Array.of(0xc2, 0x80));
    expect(encode("\u07ff")).toEqual(Uint8Array.of(0xdf, 0xbf));
    expect(encode("\u0800")).toEqual(Uint8Array.of(0xe0, 0xa0, 0x80));
    expect(encode("\uffff")).toEqual(Uint8Array.of(0xef, 0xbf, 0xbf));
    expect(encode("\u{10000}")).toEqual(Uint8Array.of(0xf0, 0x90, 0x80, 0x80));
    expect(encode("\u{10ffff}")).toEqual(Uint8Array.of(0xf4, 0x8f, 0xbf, 0xbf));
  });

  it("write a lone surrogate as U+FFFD (EF BF BD)", () => {
    expect(encode("\ud800")).toEqual(Uint8Array.of(0xef, 0xbf, 0xbd));
    expect(encode("\udc00a")).toEqual(Uint8Array.of(0xef, 0xbf, 0xbd, 0x61));
    // A high surrogate followed by a non-surrogate stays a lone surrogate.
    expect(encode("\udbffx")).toEqual(Uint8Array.of(0xef, 0xbf, 0xbd, 0x78));
    // A low then a high surrogate is two lone surrogates, not a pair.
    expect(utf8Length("\udc00\ud800")).toBe(6);
  });

  it("write at the given offset and return the offset after the text", () => {
    const out = new Uint8Array(8).fill(0xaa);
    expect(writeUtf8("é", out, 3)).toBe(5);
    expect(out).toEqual(Uint8Array.of(0xaa, 0xaa, 0xaa, 0xc3, 0xa9, 0xaa, 0xaa, 0xaa));
  });
});

describe("readUtf8", () => {
  it("reads back what TextDecoder reads for any encoded string", () => {
    fc.assert(
      fc.property(anyString, (text) => {
        const bytes = encoder.encode(text);
        // Lone surrogates came through as U+FFFD, so compare with the decoder, not `text`.
        expect(readUtf8(bytes, 0, bytes.length)).toBe(new TextDecoder().decode(bytes));
      }),
      { numRuns: 300 },
    );
  });

  it("agrees with a fatal TextDecoder on arbitrary bytes, refusing exactly what it refuses", () => {
    const utf8ish = fc.oneof(
      fc.uint8Array({ maxLength: 16 }),
      anyString.map((t) => encoder.encode(t)),
      // Bytes from the multi-byte lead and continuation ranges, where the edge cases live.
      fc
        .array(
          fc.oneof(
            fc.integer({ min: 0x80, max: 0xbf }),
            fc.integer({ min: 0xc0, max: 0xff }),
            fc.constantFrom(0xe0, 0xed, 0xf0, 0xf4, 0x9f, 0xa0, 0x8f, 0x90),
          ),
          { maxLength: 8 },
        )
        .map((a) => Uint8Array.from(a)),
    );
    fc.assert(
      fc.property(utf8ish, (bytes) => {
        expect(readUtf8(bytes, 0, bytes.length)).toBe(strictDecode(bytes));
      }),
      { numRuns: 500 },
    );
  });

  it("reads only between start and end", () => {
    const bytes = Uint8Array.of(0x61, 0xe2, 0x82, 0xac, 0x62); // "a€b"
    expect(readUtf8(bytes, 1, 4)).toBe("€");
    expect(readUtf8(bytes, 0, 0)).toBe("");
    // The sequence continues past `end`, but the reader must not look there.
    expect(readUtf8(bytes, 1, 3)).toBeUndefined();
  });

  it("refuses the overlong C0 80 but accepts the shortest two-byte form C2 80", () => {
    expect(read(0xc0, 0x80)).toBeUndefined();
    expect(read(0xc1, 0xbf)).toBeUndefined();
    expect(read(0xc2, 0x80)).toBe("\u0080");
  });

  it("refuses overlong three- and four-byte forms beside their shortest neighbours", () => {
    expect(read(0xe0, 0x9f, 0xbf)).toBeUndefined(); // U+07FF in three bytes
    expect(read(0xe0, 0xa0, 0x80)).toBe("\u0800");
    expect(read(0xf0, 0x8f, 0xbf, 0xbf)).toBeUndefined(); // U+FFFF in four bytes
    expect(read(0xf0, 0x90, 0x80, 0x80)).toBe("\u{10000}");
  });

  it("refuses encoded surrogates (ED A0 80, ED BF BF) but accepts U+D7FF and U+E000", () => {
    expect(read(0xed, 0xa0, 0x80)).toBeUndefined();
    expect(read(0xed, 0xbf, 0xbf)).toBeUndefined();
    expect(read(0xed, 0x9f, 0xbf)).toBe("\ud7ff");
    expect(read(0xee, 0x80, 0x80)).toBe("\ue000");
  });

  it("refuses code points above U+10FFFF (F4 90 80 80) but accepts U+10FFFF", () => {
    expect(read(0xf4, 0x90, 0x80, 0x80)).toBeUndefined();
    expect(read(0xf7, 0xbf, 0xbf, 0xbf)).toBeUndefined();
    expect(read(0xf4, 0x8f, 0xbf, 0xbf)).toBe("\u{10ffff}");
  });

  it("refuses truncated sequences but accepts the complete one", () => {
    expect(read(0xe2, 0x82)).toBeUndefined();
    expect(read(0xf0, 0x9f, 0x98)).toBeUndefined();
    expect(read(0xc3)).toBeUndefined();
    expect(read(0x61, 0xc3)).toBeUndefined();
    expect(read(0xe2, 0x82, 0xac)).toBe("€");
    expect(read(0xf0, 0x9f, 0x98, 0x80)).toBe("😀");
  });

  it("refuses stray continuation bytes and invalid lead bytes", () => {
    expect(read(0x80)).toBeUndefined();
    expect(read(0x61, 0xbf)).toBeUndefined();
    expect(read(0xe2, 0x82, 0xac, 0x80)).toBeUndefined();
    expect(read(0xc3, 0x41)).toBeUndefined(); // a lead byte followed by ASCII
    expect(read(0xf8, 0x88, 0x80, 0x80, 0x80)).toBeUndefined();
    expect(read(0xff)).toBeUndefined();
    expect(read(0x7f)).toBe("\u007f");
  });
});
