import { describe, expect, it } from "vitest";
import { ByteWriter } from "../codec/byte-writer.js";
import type { GameDefinition } from "../game/game-definition.js";
import { CLOSE, encodeHello } from "../protocol/index.js";
import { arg, defineRpcs, gameRpc, RPC_OP, RPC_STATUS, RpcClient } from "../rpc/index.js";
import { defineComponent, defineNetworkSchema, vec2 } from "../schema/index.js";
import { EntitySet } from "../world/entity-set.js";
import { RelevancyRules } from "./relevancy-rules.js";
import { RoomCore } from "./room-core.js";
import type { ConnectionId, RoomSink } from "./room-sink.js";

const Dot = defineComponent("Dot", { pos: vec2({ min: 0, max: 1000, step: 1 / 8 }) });
const SCHEMA = defineNetworkSchema([Dot], { tickSeconds: 1 / 30, maxEntities: 16 });
const EMOTES = ["wave", "cheer"] as const;

const rpcs = defineRpcs({
  emote: { direction: "client-to-server", args: { kind: arg.enumOf(EMOTES) } },
  whisper: {
    direction: "client-to-server",
    args: { to: arg.u16, text: arg.string(32) },
    result: { delivered: arg.bool },
  },
  ping: { direction: "client-to-server", args: {} },
  emoted: { direction: "server-to-client", args: { player: arg.u16, kind: arg.enumOf(EMOTES) } },
  whispered: { direction: "server-to-client", args: { from: arg.u16, text: arg.string(32) } },
  nearby: { direction: "server-to-client", args: { entity: arg.u16 }, delivery: "unreliable" },
  team: { direction: "server-to-client", args: { text: arg.string(32) } },
});

/** Players 1 and 2 stand close together, player 3 far away; 1 and 3 share team 5. */
const SPOTS: Record<number, [number, number]> = { 1: [100, 100], 2: [150, 100], 3: [900, 900] };

function game(): GameDefinition<null> {
  const rules = new RelevancyRules(16);
  const avatars = new Map<number, number>();
  const placed = new EntitySet(16);
  return {
    name: "rpc",
    input: { bytes: 0, encode() {}, decode: () => undefined },
    idleInput: null,
    schema: SCHEMA,
    addPlayer(world, playerId) {
      const e = world.spawn();
      const [x, y] = SPOTS[playerId]!;
      world.add(e, Dot, { pos: { x, y } });
      avatars.set(playerId, e);
      placed.add(e);
      rules.setPlayerTeam(playerId, playerId === 2 ? 6 : 5);
    },
    removePlayer() {},
    step() {},
    // One room per game() here, so its rules can live beside the definition.
    spatialInterest: () => ({
      bounds: { width: 1000, height: 1000 },
      radius: 100,
      positions: (world) => ({ ...world.store(Dot).pos, placed }),
      viewpoint(_world, playerId, out) {
        [out.x, out.y] = SPOTS[playerId]!;
        return true;
      },
      rules,
    }),
    rpc: gameRpc(rpcs, {
      emote: ({ playerId, emit }, { kind }) =>
        emit({ to: "all" }, "emoted", { player: playerId, kind }),
      whisper: ({ playerId, emit }, { to, text }) => {
        if (to === playerId) throw new Error("talking to yourself");
        emit({ to: "player", playerId: to }, "whispered", { from: playerId, text });
        return { delivered: avatars.has(to) };
      },
      ping: ({ playerId, emit }) => {
        emit({ to: "interested", entity: avatars.get(playerId)! }, "nearby", {
          entity: avatars.get(playerId)!,
        });
        emit({ to: "team", team: 5 }, "team", { text: "hi team" });
      },
    }),
  };
}

/** Records each connection's RPC frames, decoded by a typed client. */
class RpcHost implements RoomSink {
  readonly clients = new Map<ConnectionId, RpcClient<typeof rpcs.declarations>>();
  readonly got = new Map<ConnectionId, unknown[]>();
  readonly closes = new Map<ConnectionId, number>();
  readonly room = new RoomCore(game(), "rpc", this);
  now = 0;
  send(conn: ConnectionId, bytes: Uint8Array): void {
    if (bytes[0] !== RPC_OP.RESULT && bytes[0] !== RPC_OP.EVENT) return;
    const read = this.client(conn).read(bytes.slice());
    if (!read.ok) throw new Error(read.error);
    this.got.set(conn, [...(this.got.get(conn) ?? []), read.value]);
  }
  close(conn: ConnectionId, code: number): void {
    this.closes.set(conn, code);
  }
  setTicking(): void {}
  client(conn: ConnectionId): RpcClient<typeof rpcs.declarations> {
    let c = this.clients.get(conn);
    if (!c) {
      c = new RpcClient(rpcs);
      this.clients.set(conn, c);
    }
    return c;
  }
  join(conn: ConnectionId): void {
    this.room.open(conn, this.now);
    const w = new ByteWriter();
    encodeHello(w, { game: "rpc", schema: SCHEMA.fingerprint, name: conn, token: "" });
    this.room.receive(conn, w.toBytes(), this.now);
  }
  take(conn: ConnectionId): unknown[] {
    const list = this.got.get(conn) ?? [];
    this.got.set(conn, []);
    return list;
  }
}

function setup(): RpcHost {
  const host = new RpcHost();
  for (const c of ["a", "b", "c"]) host.join(c);
  // One tick, so visible sets exist: a and b see each other's avatars, c sees only its own.
  host.now += host.room.tickIntervalMs;
  host.room.update(host.now);
  return host;
}

describe("RoomCore typed RPC", () => {
  it("runs a client call and sends its event to every player", () => {
    const host = setup();
    const w = new ByteWriter();
    const callId = host.client("a").writeCall("emote", { kind: "cheer" }, w);
    host.room.receive("a", w.toBytes(), host.now);
    const emoted = { type: "event", name: "emoted", args: { player: 1, kind: "cheer" } };
    expect(host.take("a")).toEqual([
      emoted,
      { type: "result", callId, name: "emote", status: 0, value: {}, error: undefined },
    ]);
    expect(host.take("b")).toEqual([emoted]);
    expect(host.take("c")).toEqual([emoted]);
  });

  it("answers with a typed result and reaches one player only", () => {
    const host = setup();
    const w = new ByteWriter();
    host.client("a").writeCall("whisper", { to: 3, text: "psst" }, w);
    host.room.receive("a", w.toBytes(), host.now);
    expect(host.take("a")).toMatchObject([{ type: "result", value: { delivered: true } }]);
    expect(host.take("b")).toEqual([]);
    expect(host.take("c")).toEqual([
      { type: "event", name: "whispered", args: { from: 1, text: "psst" } },
    ]);
  });

  it("reaches the players interested in an entity, and a team", () => {
    const host = setup();
    const w = new ByteWriter();
    host.client("a").writeCall("ping", {}, w);
    host.room.receive("a", w.toBytes(), host.now);
    const nearby = { type: "event", name: "nearby", args: { entity: 0 } };
    const team = { type: "event", name: "team", args: { text: "hi team" } };
    // a and b hold a's avatar (50 units apart, radius 100); a and c are team 5.
    expect(host.take("a")).toMatchObject([nearby, team, { type: "result" }]);
    expect(host.take("b")).toEqual([nearby]);
    expect(host.take("c")).toEqual([team]);
  });

  it("answers unknown RPCs, bad arguments and a failing handler with errors, and stays up", () => {
    const host = setup();
    const frames = [
      [0x04, 0x63, 0x09, 0x00], // rpc id 99
      [0x04, 0x00, 0x0a, 0x00, 0x07], // emote kind 7 of 2
      [0x04, 0x05, 0x0b, 0x00, 0x01, 0x00, 0x00], // whisper (id 5 of the sorted names) to 1 itself: throws
    ];
    for (const f of frames) host.room.receive("a", Uint8Array.from(f), host.now);
    expect(host.take("a")).toMatchObject([
      { callId: 9, status: RPC_STATUS.UNKNOWN_RPC },
      { callId: 10, status: RPC_STATUS.BAD_ARGUMENTS },
      { callId: 11, status: RPC_STATUS.HANDLER_FAILED, error: "whisper: talking to yourself" },
    ]);
    expect(host.closes.size).toBe(0);
    expect(host.room.playerCount).toBe(3);
  });

  it("refuses a call before HELLO by closing, like any message before HELLO", () => {
    const host = new RpcHost();
    host.room.open("x", 0);
    host.room.receive("x", Uint8Array.from([0x04, 0x00, 0x01, 0x00, 0x00]), 0);
    expect(host.closes.get("x")).toBe(CLOSE.UNEXPECTED_MESSAGE.code);
  });
});
