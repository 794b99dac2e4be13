import { describe, expect, it } from "vitest";
import { type RoomConfig, RoomConfigSchema, teamOf } from "./room-config.js";

const duel: RoomConfig = {
  game: "arena",
  mode: "squads",
  access: "ticket",
  capacity: 4,
  members: ["a", "b", "c", "d"],
  teams: [
    ["a", "b"],
    ["c", "d"],
  ],
  origin: "matchmaker",
};

describe("room configuration", () => {
  it("seats each member in the team the matchmaker formed", () => {
    expect(["a", "b", "c", "d", "e"].map((id) => teamOf(duel, id))).toEqual([
      0,
      0,
      1,
      1,
      undefined,
    ]);
    expect(teamOf({ ...duel, teams: undefined }, "a")).toBeUndefined();
    expect(teamOf(duel, undefined)).toBeUndefined();
  });

  it("accepts a configuration as placement sends it and refuses doctored neighbours", () => {
    expect(RoomConfigSchema.safeParse(duel).success).toBe(true);
    const refused = (change: Record<string, unknown>) =>
      RoomConfigSchema.safeParse({ ...duel, ...change }).success === false;
    expect(refused({ game: "Arena" })).toBe(true);
    expect(refused({ access: "friends" })).toBe(true);
    expect(refused({ capacity: 0 })).toBe(true);
    expect(refused({ capacity: 1025 })).toBe(true);
    expect(refused({ capacity: 1024 })).toBe(false);
    expect(refused({ origin: "someone" })).toBe(true);
    expect(refused({ extra: 1 })).toBe(true);
    expect(refused({ members: Array.from({ length: 257 }, (_, i) => `m${i}`) })).toBe(true);
    expect(refused({ members: Array.from({ length: 256 }, (_, i) => `m${i}`) })).toBe(false);
  });
});
