import { describe, expect, it } from "vitest";
import { DEFAULT_NETCODE_OPTIONS, resolveNetcodeOptions } from "./netcode-options.js";

describe("resolveNetcodeOptions", () => {
  it("fills every group with its defaults and keeps what it is given", () => {
    expect(resolveNetcodeOptions()).toEqual(DEFAULT_NETCODE_OPTIONS);
    const o = resolveNetcodeOptions({ interpolation: { delaySnapshots: 3, delayMs: undefined } });
    expect(o.interpolation).toMatchObject({ delayMs: 100, delaySnapshots: 3, extrapolateMs: 100 });
  });

  it("refuses an invalid option naming the field", () => {
    expect(() => resolveNetcodeOptions({ interpolation: { delayMs: -1 } })).toThrow(
      "netcode.interpolation.delayMs must be ≥ 0",
    );
    expect(() => resolveNetcodeOptions({ interpolation: { bufferSize: 1 } })).toThrow(
      "netcode.interpolation.bufferSize must be an integer in [2, 1024]",
    );
    expect(() => resolveNetcodeOptions({ sync: { maxDilation: 0.5 } })).toThrow(
      "netcode.sync.maxDilation must be in (0, 0.5)",
    );
    expect(() => resolveNetcodeOptions({ prediction: { historyTicks: 4 } })).toThrow(
      "netcode.prediction.historyTicks",
    );
  });
});
