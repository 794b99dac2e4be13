import { describe, expect, it } from "vitest";
import { DEFAULT_REPLAY_RETENTION_DAYS, replayRetentionDays } from "./replay-retention.js";

describe("replayRetentionDays", () => {
  it("defaults to 30 days and reads whole days from a var string or a number", () => {
    expect(replayRetentionDays({})).toBe(DEFAULT_REPLAY_RETENTION_DAYS);
    expect(DEFAULT_REPLAY_RETENTION_DAYS).toBe(30);
    expect(replayRetentionDays({ REPLAY_RETENTION_DAYS: "" })).toBe(30);
    expect(replayRetentionDays({ REPLAY_RETENTION_DAYS: "7" })).toBe(7);
    expect(replayRetentionDays({ REPLAY_RETENTION_DAYS: 90 })).toBe(90);
    expect(replayRetentionDays({ REPLAY_RETENTION_DAYS: "3650" })).toBe(3650);
    expect(replayRetentionDays({ REPLAY_RETENTION_DAYS: "1" })).toBe(1);
  });

  it("refuses anything but 1 to 3650 whole days, naming the variable", () => {
    for (const bad of ["0", "3651", "-1", "1.5", "30d", "thirty", 0, 2.5])
      expect(() => replayRetentionDays({ REPLAY_RETENTION_DAYS: bad })).toThrow(
        /^REPLAY_RETENTION_DAYS: /,
      );
  });
});
