import { describe, expect, it } from "vitest";
import { formatValue } from "./axis-format.js";

describe("formatValue", () => {
  it("writes each unit's values with their unit", () => {
    expect(formatValue(12, "count")).toBe("12");
    expect(formatValue(1.756, "ms")).toBe("1.76 ms");
    expect(formatValue(48_000, "bytes/s")).toBe("48 kB/s");
    expect(formatValue(2_500_000, "bytes/s")).toBe("2.5 MB/s");
    expect(formatValue(999, "bytes/s")).toBe("999 B/s");
    expect(formatValue(0.0125, "USD/h")).toBe("$0.0125/h");
    expect(formatValue(3.5, "USD/h")).toBe("$3.50/h");
  });

  it("writes a missing value as a dash", () => {
    expect(formatValue(null, "ms")).toBe("—");
    expect(formatValue(undefined, "count")).toBe("—");
  });
});
