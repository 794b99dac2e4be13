import { describe, expect, it } from "vitest";
import { arena } from "../../games/arena/index.js";
import { connectFour } from "../../games/connect-four/index.js";
import { GameRegistry } from "./game-registry.js";
import { matchRoomId, parseQueueKey, queueKey } from "./queue-key.js";

describe("GameRegistry", () => {
  it("serves its modules by name, the first as the default, with resolved modes", () => {
    const games = new GameRegistry([arena, connectFour]);
    expect(games.default.name).toBe("arena");
    expect(games.list().map((g) => [g.name, g.access])).toEqual([
      ["arena", "public"],
      ["connect-four", "ticket"],
    ]);
    expect(games.get("connect-four")?.modes.get("duel")).toMatchObject({
      teamSize: 1,
      teamCount: 2,
    });
    expect(games.get("chess")).toBeUndefined();
    // Documents of every game, each under its game's prefix.
    expect(games.documents.currentVersion("arena.stats")).toBe(2);
    expect(games.documents.currentVersion("connect-four.record")).toBe(1);
  });

  it("gives a module without modes one duel mode, and public access", () => {
    const games = new GameRegistry([{ game: { ...connectFour.game, name: "plain" } }]);
    const plain = games.get("plain")!;
    expect([...plain.modes.keys()]).toEqual(["duel"]);
    expect(plain.access).toBe("public");
  });

  it("refuses, naming the field, an empty list, a duplicate, a bad name, mode or document key", () => {
    const named = (name: string) => ({ game: { ...arena.game, name } });
    expect(() => new GameRegistry([])).toThrow("at least one game module");
    expect(() => new GameRegistry([arena, arena])).toThrow('"arena" is registered twice');
    expect(() => new GameRegistry([named("Arena")])).toThrow('game name "Arena"');
    expect(() => new GameRegistry([named("a".repeat(33))])).toThrow("1–32 of a-z");
    expect(() => new GameRegistry([named("a".repeat(32))])).not.toThrow();
    expect(
      () => new GameRegistry([{ ...named("x"), modes: { "Big Mode": { teamSize: 1 } } }]),
    ).toThrow('x.modes: mode name "Big Mode"');
    expect(() => new GameRegistry([{ ...named("x"), modes: { duel: { teamSize: 0 } } }])).toThrow(
      "x.modes.duel.teamSize",
    );
    expect(
      () =>
        new GameRegistry([
          { ...named("x"), playerData: { schemas: { "arena.stats": { version: 1 } } } },
        ]),
    ).toThrow('x.playerData: key "arena.stats" must start with "x."');
    expect(
      () => new GameRegistry([{ ...named("x"), modes: { big: { teamSize: 20, teamCount: 2 } } }]),
    ).toThrow("x.modes.big: teamSize × teamCount (40) exceeds roomOptions.maxPlayers (32)");
    expect(
      () => new GameRegistry([{ ...named("x"), modes: { big: { teamSize: 16, teamCount: 2 } } }]),
    ).not.toThrow();
    const slow = { ...arena.game, name: "slow", roomOptions: { tickRate: 20 } };
    expect(() => new GameRegistry([{ game: slow }])).toThrow(
      "slow.schema.tickSeconds (0.03333333333333333) must equal 1 / roomOptions.tickRate (0.05)",
    );
    expect(
      // biome-ignore lint/suspicious/noExplicitAny: a module from plain JavaScript, unchecked.
      () => new GameRegistry([{ ...named("x"), access: "friends" as any }]),
    ).toThrow('x.access must be "public" or "ticket"');
  });
});

describe("queue keys", () => {
  it("name a mode of a game and split back; room ids keep to the room-id alphabet", () => {
    expect(queueKey("connect-four", "duel")).toBe("connect-four:duel");
    expect(parseQueueKey("connect-four:duel")).toEqual({ game: "connect-four", mode: "duel" });
    expect(parseQueueKey("duel")).toBeUndefined();
    expect(parseQueueKey(":duel")).toBeUndefined();
    expect(parseQueueKey("a:b:c")).toBeUndefined();
    expect(matchRoomId("connect-four:duel", "ab12")).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
    expect(matchRoomId("connect-four:duel", "ab12")).toBe("mm-connect-four_duel-ab12");
  });
});
