import { describe, expect, it } from "vitest";
import { heldBytes } from "./held-memory.js";

describe("heldBytes", () => {
  it("counts what is still referenced, typed arrays included, and not what was dropped", () => {
    const before = heldBytes();
    let kept: Float64Array[] | null = Array.from({ length: 64 }, () => new Float64Array(16_384));
    const holding = heldBytes(kept);
    // 64 × 128 KiB of array buffers, held.
    expect(holding - before).toBeGreaterThan(7 * 2 ** 20);
    expect(kept.length).toBe(64);
    kept = null;
    expect(heldBytes() - before).toBeLessThan(2 ** 20);
  });
});
