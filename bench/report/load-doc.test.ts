// The load section's disconnects cell: the count alone when there are none, else with codes.
import { describe, expect, it } from "vitest";
import { disconnectsCell } from "./load-doc.js";

describe("load doc: unexpected disconnects", () => {
  it("prints 0 alone when no bot was disconnected (an empty by-code map)", () => {
    expect(disconnectsCell(0, {})).toBe("0");
  });

  it("lists the close codes in numeric order with their counts", () => {
    expect(disconnectsCell(204, { "4303": 200, "1000": 3, "1006": 1 })).toBe(
      "204 (1000 × 3, 1006 × 1, 4303 × 200)",
    );
  });
});
