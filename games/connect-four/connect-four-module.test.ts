import { readdirSync, readFileSync } from "node:fs";
import type { PlayerData } from "@edgetick/game";
import { World } from "@edgetick/game";
import { describe, expect, it } from "vitest";
import { ByteWriter } from "../../shared/codec/byte-writer.js";
import { RpcClient } from "../../shared/rpc/index.js";
import { readMatch } from "./connect-four-board.js";
import { CONNECT_FOUR_INPUT_CODEC, connectFourGame } from "./connect-four-game.js";
import { connectFour, connectFourDataHooks, RECORD_KEY } from "./connect-four-module.js";
import { CONNECT_FOUR_RPCS } from "./connect-four-rpc.js";
import { CONNECT_FOUR_SCHEMA } from "./connect-four-state.js";

/** One account's documents, in memory. */
function playerData(stored?: unknown): PlayerData & { readonly docs: Map<string, unknown> } {
  const docs = new Map<string, unknown>();
  if (stored !== undefined) docs.set(RECORD_KEY, stored);
  return {
    accountId: "acct-1",
    loaded: true,
    docs,
    get: (key) => docs.get(key),
    set: (key, value) => void docs.set(key, value),
  };
}

const CTX = { roomId: "room-1", tick: 100, playerId: 1 };

/** The seat a room without teams passes: colours follow the order of joining anyway. */
const NO_TEAM = { team: undefined };

describe("the Connect Four module", () => {
  it("declares a two-player ticket-only duel whose schema ticks at the room's rate", () => {
    expect(connectFour.game).toBe(connectFourGame);
    expect(connectFour.modes).toEqual({ duel: { teamSize: 1, teamCount: 2 } });
    expect(connectFour.access).toBe("ticket");
    const options = connectFourGame.roomOptions!;
    expect(options.maxPlayers).toBe(2);
    expect(CONNECT_FOUR_SCHEMA.tickSeconds).toBe(1 / options.tickRate!);
    for (const key of Object.keys(connectFour.playerData!.schemas))
      expect(key.startsWith(`${connectFourGame.name}.`)).toBe(true);
  });

  it("imports nothing of shared/ but the game contract", () => {
    const dir = new URL(".", import.meta.url);
    const sources = readdirSync(dir).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"));
    expect(sources.length).toBeGreaterThan(0);
    for (const file of sources) {
      const text = readFileSync(new URL(file, dir), "utf8");
      for (const [, from] of text.matchAll(/from "([^"]+)"/g))
        expect([file, from!.startsWith("./") || from === "@edgetick/game"]).toEqual([file, true]);
    }
  });
});

describe("the Connect Four input", () => {
  it("is one zero byte, and anything else is refused", () => {
    const out = new Uint8Array([9, 9]);
    CONNECT_FOUR_INPUT_CODEC.encode(null, out, 1);
    expect(out).toEqual(new Uint8Array([9, 0]));
    expect(CONNECT_FOUR_INPUT_CODEC.decode(Uint8Array.of(0), 0)).toBeNull();
    for (const b of [1, 0x80, 0xff])
      expect(CONNECT_FOUR_INPUT_CODEC.decode(Uint8Array.of(b), 0)).toBeUndefined();
  });
});

describe("the Connect Four record", () => {
  it("creates an account's record on its first load", () => {
    const data = playerData();
    connectFourDataHooks().onLoad!(data, CTX);
    expect(data.docs.get(RECORD_KEY)).toEqual({ games: 0 });
  });

  it("keeps a stored record on load and counts one more game on leave", () => {
    const hooks = connectFourDataHooks();
    expect(hooks.keys).toEqual([RECORD_KEY]);
    const data = playerData({ games: 6 });
    hooks.onLoad!(data, CTX);
    expect(data.docs.get(RECORD_KEY)).toEqual({ games: 6 });
    hooks.onLeave!(data, CTX);
    expect(data.docs.get(RECORD_KEY)).toEqual({ games: 7 });
  });

  it("reads a malformed record as a fresh one", () => {
    for (const stored of [null, 3, "x", {}, { games: -1 }, { games: 1.5 }, { games: "2" }]) {
      const data = playerData(stored);
      connectFourDataHooks().onLeave!(data, CTX);
      expect(data.docs.get(RECORD_KEY)).toEqual({ games: 1 });
    }
  });
});

describe("the drop RPC", () => {
  it("answers over the wire with the result of the drop", () => {
    const world = new World({ capacity: CONNECT_FOUR_SCHEMA.maxEntities });
    connectFourGame.setup!(world);
    connectFourGame.addPlayer(world, 1, "red", NO_TEAM);
    connectFourGame.addPlayer(world, 2, "yellow", NO_TEAM);
    const server = connectFourGame.rpc!.createServer(() => {});
    const client = new RpcClient(CONNECT_FOUR_RPCS);
    const call = (playerId: number, column: number): unknown => {
      const w = new ByteWriter();
      client.writeCall("drop", { column }, w);
      const out = new ByteWriter();
      server.receive(playerId, w.view().slice(), 0, world, out);
      const read = client.read(out.view().slice());
      if (!read.ok) throw new Error(read.error);
      return read.value.type === "result" ? read.value.value : read.value;
    };
    expect(call(2, 3)).toEqual({ result: "not-your-turn" });
    expect(call(1, 3)).toEqual({ result: "ok" });
    expect(call(2, 200)).toEqual({ result: "no-such-column" });
    expect(call(2, 3)).toEqual({ result: "ok" });
    expect(readMatch(world)).toMatchObject({ moves: 2, turn: 1 });
  });
});
