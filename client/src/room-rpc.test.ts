import { describe, expect, expectTypeOf, it } from "vitest";
import { ByteWriter } from "../../shared/codec/byte-writer.js";
import type { GameDefinition } from "../../shared/game/game-definition.js";
import { encodeHello } from "../../shared/protocol/index.js";
import { RoomCore, type RoomSink } from "../../shared/room/index.js";
import { arg, defineRpcs, gameRpc, RPC_STATUS } from "../../shared/rpc/index.js";
import { defineComponent, defineNetworkSchema, uint8 } from "../../shared/schema/index.js";
import { RoomRpc, RpcError } from "./room-rpc.js";

const Tag = defineComponent("Tag", { tag: uint8() });
const SCHEMA = defineNetworkSchema([Tag], { tickSeconds: 1 / 30, maxEntities: 8 });
const EMOTES = ["wave", "cheer"] as const;
const rpcs = defineRpcs({
  emote: {
    direction: "client-to-server",
    args: { kind: arg.enumOf(EMOTES) },
    result: { count: arg.u16 },
    rateLimit: { perSecond: 1, burst: 2 },
  },
  emoted: { direction: "server-to-client", args: { player: arg.u16, kind: arg.enumOf(EMOTES) } },
});

function room() {
  let emotes = 0;
  const game: GameDefinition<null> = {
    name: "emotes",
    input: { bytes: 0, encode() {}, decode: () => undefined },
    idleInput: null,
    schema: SCHEMA,
    addPlayer() {},
    removePlayer() {},
    step() {},
    rpc: gameRpc(rpcs, {
      emote: ({ playerId, emit }, { kind }) => {
        emit({ to: "all" }, "emoted", { player: playerId, kind });
        return { count: ++emotes };
      },
    }),
  };
  const clients = new Map<string, RoomRpc<typeof rpcs.declarations>>();
  const sink: RoomSink = {
    send: (conn, bytes) => {
      if (RoomRpc.isRpcFrame(bytes)) clients.get(conn)?.receive(bytes.slice());
    },
    close() {},
    setTicking() {},
  };
  const core = new RoomCore(game, "emotes", sink);
  const join = (conn: string) => {
    const rpc = new RoomRpc(rpcs, (bytes) => core.receive(conn, bytes, 0));
    clients.set(conn, rpc);
    core.open(conn, 0);
    const w = new ByteWriter();
    encodeHello(w, { schema: SCHEMA.fingerprint, name: conn, token: "" });
    core.receive(conn, w.toBytes(), 0);
    return rpc;
  };
  return { join };
}

describe("RoomRpc", () => {
  it("resolves a call with its typed result and delivers the server's event to every client", async () => {
    const { join } = room();
    const a = join("a");
    const b = join("b");
    const seen: string[] = [];
    b.on("emoted", ({ player, kind }) => {
      expectTypeOf(kind).toEqualTypeOf<"wave" | "cheer">();
      seen.push(`${player} ${kind}`);
    });
    const result = await a.call("emote", { kind: "wave" });
    expectTypeOf(result).toEqualTypeOf<{ count: number }>();
    expect(result).toEqual({ count: 1 });
    expect(seen).toEqual(["1 wave"]);
  });

  it("rejects a refused call with the server's status", async () => {
    const { join } = room();
    const a = join("a");
    await a.call("emote", { kind: "cheer" });
    await a.call("emote", { kind: "cheer" });
    // burst 2: the third call at the same instant is rate limited.
    const third = a.call("emote", { kind: "cheer" });
    await expect(third).rejects.toBeInstanceOf(RpcError);
    await expect(third).rejects.toMatchObject({ status: RPC_STATUS.RATE_LIMITED });
  });

  it("rejects calls still waiting when the connection closes", async () => {
    const lost = new RoomRpc(rpcs, () => {});
    const call = lost.call("emote", { kind: "wave" });
    lost.close();
    await expect(call).rejects.toMatchObject({ status: -1 });
  });
});
