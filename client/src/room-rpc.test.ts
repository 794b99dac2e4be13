import { describe, expect, expectTypeOf, it } from "vitest";
import { ByteWriter } from "../../shared/codec/byte-writer.js";
import type { GameDefinition } from "../../shared/game/game-definition.js";
import { encodeHello } from "../../shared/protocol/index.js";
import { RoomCore, type RoomSink } from "../../shared/room/index.js";
import { arg, defineRpcs, gameRpc, RPC_STATUS } from "../../shared/rpc/index.js";
import { defineComponent, defineNetworkSchema, uint8 } from "../../shared/schema/index.js";
import {
  DEFAULT_RPC_BACKPRESSURE_BYTES,
  RoomRpc,
  type RoomRpcOptions,
  RPC_CONNECTION_CLOSED,
  RPC_SUPERSEDED,
  RpcError,
} from "./room-rpc.js";

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
  // Latest-wins calls: only the newest aim or map marker matters.
  aim: {
    direction: "client-to-server",
    args: { angle: arg.u16 },
    result: { angle: arg.u16 },
    delivery: "unreliable",
  },
  mark: { direction: "client-to-server", args: { x: arg.u16 }, delivery: "unreliable" },
});

function room() {
  let emotes = 0;
  /** The unreliable calls the room ran, in order: "aim 2", "mark 4". */
  const ran: string[] = [];
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
      aim: (_call, { angle }) => {
        ran.push(`aim ${angle}`);
        return { angle };
      },
      mark: (_call, { x }) => {
        ran.push(`mark ${x}`);
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
  const join = (conn: string, options?: RoomRpcOptions) => {
    const rpc = new RoomRpc(rpcs, (bytes) => core.receive(conn, bytes, 0), options);
    clients.set(conn, rpc);
    core.open(conn, 0);
    const w = new ByteWriter();
    encodeHello(w, { game: "emotes", schema: SCHEMA.fingerprint, name: conn, token: "" });
    core.receive(conn, w.toBytes(), 0);
    return rpc;
  };
  return { join, ran };
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

  it("refuses a call over its declared rate without sending it, with the status the room would answer", async () => {
    const { join } = room();
    let sent = 0;
    const a = join("a", { now: () => 0 });
    const counting = new RoomRpc(rpcs, () => sent++, { now: () => 0 });
    await a.call("emote", { kind: "cheer" });
    await a.call("emote", { kind: "cheer" });
    // burst 2: the third call at the same instant is over the rate.
    const third = a.call("emote", { kind: "cheer" });
    await expect(third).rejects.toBeInstanceOf(RpcError);
    await expect(third).rejects.toMatchObject({ status: RPC_STATUS.RATE_LIMITED });
    void counting.call("emote", { kind: "wave" });
    void counting.call("emote", { kind: "wave" });
    await expect(counting.call("emote", { kind: "wave" })).rejects.toMatchObject({
      status: RPC_STATUS.RATE_LIMITED,
    });
    expect(sent).toBe(2);
  });

  it("rejects calls still waiting when the connection closes", async () => {
    const lost = new RoomRpc(rpcs, () => {});
    const call = lost.call("emote", { kind: "wave" });
    lost.close();
    await expect(call).rejects.toMatchObject({ status: -1 });
  });
});

describe("RoomRpc unreliable calls", () => {
  it("holds the latest call per RPC while the socket is backed up and sends it once drained", async () => {
    const { join, ran } = room();
    let backlog = DEFAULT_RPC_BACKPRESSURE_BYTES + 1;
    const a = join("a", { buffered: () => backlog });
    const first = a.call("aim", { angle: 1 });
    const second = a.call("aim", { angle: 2 });
    // Reliable calls are never held.
    await expect(a.call("emote", { kind: "wave" })).resolves.toEqual({ count: 1 });
    await expect(first).rejects.toMatchObject({ status: RPC_SUPERSEDED });
    await expect(first).rejects.toThrow("aim: superseded by a newer call before it was sent");
    a.flush(); // still backed up
    expect(ran).toEqual([]);
    backlog = DEFAULT_RPC_BACKPRESSURE_BYTES; // at the threshold: drained
    a.flush();
    await expect(second).resolves.toEqual({ angle: 2 });
    expect(ran).toEqual(["aim 2"]);
    expect(a.held).toBe(0);
  });

  it("sends held calls in call order, before a newer call once the socket drained", async () => {
    const { join, ran } = room();
    let backlog = 1_000_000;
    const a = join("a", { buffered: () => backlog, backpressureBytes: 100 });
    const superseded = [
      a.call("aim", { angle: 1 }),
      a.call("mark", { x: 2 }),
      // Held now: aim 3 (replacing aim 1), then mark 4 (replacing mark 2).
      a.call("aim", { angle: 3 }),
      a.call("mark", { x: 4 }),
    ];
    const aim3 = superseded.splice(2, 1)[0]!;
    expect(a.held).toBe(2);
    backlog = 0;
    // No flush yet: the next call sends what waits first, minus the mark it supersedes.
    const mark5 = a.call("mark", { x: 5 });
    expect(ran).toEqual(["aim 3", "mark 5"]);
    await expect(aim3).resolves.toEqual({ angle: 3 });
    await expect(mark5).resolves.toEqual({});
    for (const call of superseded)
      await expect(call).rejects.toMatchObject({ status: RPC_SUPERSEDED });
    expect(a.held).toBe(0);
  });

  it("sends unreliable calls at once while the socket is not backed up", async () => {
    const { join, ran } = room();
    const a = join("a");
    await Promise.all([a.call("aim", { angle: 1 }), a.call("aim", { angle: 2 })]);
    expect(ran).toEqual(["aim 1", "aim 2"]);
  });

  it("rejects held calls when the connection closes", async () => {
    const lost = new RoomRpc(rpcs, () => {}, { buffered: () => 1e9 });
    const held = lost.call("aim", { angle: 1 });
    lost.close();
    await expect(held).rejects.toMatchObject({ status: RPC_CONNECTION_CLOSED });
    expect(lost.held).toBe(0);
  });

  it("refuses a negative or fractional threshold", () => {
    expect(() => new RoomRpc(rpcs, () => {}, { backpressureBytes: -1 })).toThrow(
      "rpc.backpressureBytes must be an integer ≥ 0",
    );
    expect(() => new RoomRpc(rpcs, () => {}, { backpressureBytes: 0.5 })).toThrow(RangeError);
  });
});
