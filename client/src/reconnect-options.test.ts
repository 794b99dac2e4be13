import { describe, expect, it } from "vitest";
import { backoffDelay, resolveReconnectOptions } from "./reconnect-options.js";

describe("reconnect backoff", () => {
  it("doubles from initialDelayMs up to maxDelayMs, jittered below the bound", () => {
    const o = resolveReconnectOptions({ initialDelayMs: 100, maxDelayMs: 1000, random: () => 1 })!;
    // random 1 (its supremum) gives the full bound: 100, 200, 400, 800, then capped at 1000.
    expect([0, 1, 2, 3, 4, 9].map((k) => backoffDelay(k, o))).toEqual([
      100, 200, 400, 800, 1000, 1000,
    ]);
    // random 0 with jitter 0.5 gives half the bound.
    const low = { ...o, random: () => 0 };
    expect([0, 3, 4].map((k) => backoffDelay(k, low))).toEqual([50, 400, 500]);
    // No jitter: exactly the bound whatever the draw.
    expect(backoffDelay(2, { ...o, jitter: 0, random: () => 0.3 })).toBe(400);
  });

  it("turns off with false and names the field it refuses", () => {
    expect(resolveReconnectOptions(false)).toBeUndefined();
    expect(resolveReconnectOptions(undefined)?.maxAttempts).toBe(10);
    expect(() => resolveReconnectOptions({ jitter: 1.5 })).toThrow("reconnect.jitter");
    expect(() => resolveReconnectOptions({ maxAttempts: 0 })).toThrow("reconnect.maxAttempts");
    expect(() => resolveReconnectOptions({ initialDelayMs: 500, maxDelayMs: 100 })).toThrow(
      "reconnect.maxDelayMs",
    );
  });
});
