import { describe, expect, it } from "vitest";
import { arena } from "../../games/arena/index.js";
import { connectFour } from "../../games/connect-four/index.js";
import { GameRegistry } from "../../server/games/game-registry.js";
import type { RoomConfig } from "../../server/placement/room-config.js";
import { decideConfigure, decideMembers } from "./room-configuration.js";

const squads: RoomConfig = {
  game: "arena",
  mode: "squads",
  access: "ticket",
  capacity: 4,
  members: ["a", "b", "c"],
  teams: [["a"], ["b", "c"]],
  origin: "matchmaker",
};

describe("a room's members", () => {
  it("seats each new member in the smallest team, and each account once", () => {
    const once = decideMembers(squads, { accountIds: ["d", "a"] });
    expect(once).toMatchObject({ ok: true, changed: true });
    if (!once.ok) return;
    expect(once.config.teams).toEqual([
      ["a", "d"],
      ["b", "c"],
    ]);
    const twice = decideMembers(once.config, { accountIds: ["e", "f"] });
    expect(twice.ok && twice.config.teams).toEqual([
      ["a", "d", "e"],
      ["b", "c", "f"],
    ]);
    expect(decideMembers(once.config, { accountIds: ["d"] })).toMatchObject({ changed: false });
  });

  it("refuses more members than upTo (409) and a body without account ids (400)", async () => {
    const full = decideMembers(squads, { accountIds: ["d", "e"], upTo: 4 });
    expect(!full.ok && full.response.status).toBe(409);
    expect(decideMembers(squads, { accountIds: ["d"], upTo: 4 }).ok).toBe(true);
    const bad = decideMembers(squads, { accountIds: "d" });
    expect(!bad.ok && (await bad.response.json())).toMatchObject({
      error: { code: "invalid_members" },
    });
  });
});

describe("a placement's configuration", () => {
  const games = new GameRegistry([arena, connectFour]);
  it("is taken once, again when the same, replaced while unused, kept once the room ran", () => {
    expect(decideConfigure(undefined, squads, games, false)).toMatchObject({
      ok: true,
      changed: true,
    });
    expect(decideConfigure(squads, squads, games, true)).toMatchObject({
      ok: true,
      changed: false,
    });
    const other = { ...squads, members: ["x"], teams: undefined };
    expect(decideConfigure(squads, other, games, false)).toMatchObject({ ok: true, changed: true });
    const late = decideConfigure(squads, other, games, true);
    expect(!late.ok && late.response.status).toBe(409);
    const unknown = decideConfigure(undefined, { ...squads, game: "chess" }, games, false);
    expect(!unknown.ok && unknown.response.status).toBe(400);
  });
});
