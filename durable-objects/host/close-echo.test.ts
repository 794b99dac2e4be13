import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { echoCode } from "./close-echo.js";

describe("echoCode", () => {
  it("echoes every code a close frame may carry and answers 1000 for the rest", () => {
    for (const code of [1000, 1001, 1003, 1007, 1014, 3000, 4000, 4999])
      expect(echoCode(code)).toBe(code);
    for (const code of [0, 1, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000, 65535, -1, 1000.5])
      expect(echoCode(code)).toBe(1000);
  });

  it("always answers a code in the sendable ranges, whatever the peer sent", () => {
    fc.assert(
      fc.property(fc.integer({ min: -70_000, max: 70_000 }), (code) => {
        const out = echoCode(code);
        const ok =
          out === 1000 ||
          (out >= 1001 && out <= 1003) ||
          (out >= 1007 && out <= 1014) ||
          (out >= 3000 && out <= 4999);
        expect(ok).toBe(true);
        if (ok && out !== 1000) expect(out).toBe(code);
      }),
    );
  });
});
