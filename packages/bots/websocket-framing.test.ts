import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { frameHeaderBytes, wireBytes } from "./websocket-framing.js";

describe("websocket framing", () => {
  it("adds 2 bytes to a server frame of up to 125 bytes, 4 up to 65,535, 10 beyond", () => {
    expect([0, 125, 126, 65_535, 65_536].map((n) => frameHeaderBytes(n, false))).toEqual([
      2, 2, 4, 4, 10,
    ]);
  });

  it("adds the 4-byte masking key to every client frame", () => {
    expect([0, 125, 126, 65_536].map((n) => frameHeaderBytes(n, true))).toEqual([6, 6, 8, 14]);
  });

  it("counts each frame's header once for frames of one size", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 200_000 }),
        fc.integer({ min: 1, max: 1000 }),
        fc.boolean(),
        (size, n, masked) => {
          expect(wireBytes(size * n, n, masked)).toBe(n * (size + frameHeaderBytes(size, masked)));
        },
      ),
    );
  });

  it("leaves a count with no messages as it is", () => {
    expect(wireBytes(0, 0, true)).toBe(0);
  });
});
