import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { arenaGame, shipOf } from "../../games/arena/arena-game.js";
import { ARENA_BUTTON, type ArenaInput } from "../../games/arena/arena-input.js";
import { ARENA_SCHEMA, Ship } from "../../games/arena/arena-state.js";
import { collectShips } from "../../games/arena/arena-step.js";
import { ByteWriter } from "../../shared/codec/byte-writer.js";
import {
  decodeClientMessage,
  type InputMessage,
  NO_TICK_ACK,
} from "../../shared/protocol/client-messages.js";
import { PROTOCOL_VERSION } from "../../shared/protocol/limits.js";
import {
  decodeServerMessage,
  encodePlayerJoined,
  encodePlayerLeft,
  encodePong,
  encodeWelcome,
  NO_INPUT_ACK,
  SNAPSHOT_HEADER_BYTES,
  writeSnapshotHeader,
} from "../../shared/protocol/server-messages.js";
import { ReplicationServer } from "../../shared/replication/replication-server.js";
import { RoomCore } from "../../shared/room/room-core.js";
import type { ConnectionId, RoomSink } from "../../shared/room/room-sink.js";
import { World } from "../../shared/world/world.js";
import { ClientSession, NO_ACK } from "./client-session.js";

const session = (maxInputsPerFrame = 8) =>
  new ClientSession<ArenaInput>(arenaGame, maxInputsPerFrame);

const frame = (write: (w: ByteWriter) => void) => {
  const w = new ByteWriter();
  write(w);
  return w.toBytes();
};

/**
 * The server side of SNAPSHOT frames, built as the room builds them: an arena world
 * replicated with the SNAPSHOT header's bytes reserved, the header written in place.
 */
class ArenaServer {
  readonly world = new World({ capacity: ARENA_SCHEMA.maxEntities });
  readonly #replication = new ReplicationServer(this.world, ARENA_SCHEMA, {
    reserveBytes: SNAPSHOT_HEADER_BYTES,
  });
  readonly #client = this.#replication.connect();

  constructor(...players: number[]) {
    for (const id of players) arenaGame.addPlayer(this.world, id, `p${id}`, { team: undefined });
  }

  /** Steps the game with `buttons` per player, commits the tick, returns its SNAPSHOT frame. */
  snapshot(ackSeq: number, buttons: ReadonlyMap<number, number> = new Map()): Uint8Array {
    const inputs = new Map([...buttons].map(([id, b]) => [id, { buttons: b }]));
    arenaGame.step(this.world, inputs, ARENA_SCHEMA.tickSeconds);
    this.#replication.commit();
    const bytes = this.#replication.writeUpdate(this.#client, null);
    writeSnapshotHeader(bytes, ackSeq);
    return bytes.slice();
  }

  /** The tick of the last snapshot. */
  get tick(): number {
    return this.#replication.tick;
  }
}

/** Every ship of `world` keyed by its owner: [x, y, vx, vy, heading]. */
function shipsOf(world: World): Map<number, number[]> {
  const s = world.store(Ship);
  const q = collectShips(world);
  const out = new Map<number, number[]>();
  for (let i = 0; i < q.count; i++) {
    const e = q.entities[i]!;
    out.set(s.owner[e]!, [s.pos.x[e]!, s.pos.y[e]!, s.vel.x[e]!, s.vel.y[e]!, s.heading[e]!]);
  }
  return out;
}

/** A snapshot that acknowledges input `ackSeq`, from a throwaway one-ship server. */
const snapshot = (ackSeq: number) => new ArenaServer(1).snapshot(ackSeq);

/** Decodes a session's INPUT frame with the protocol's own decoder. */
function inputsOf(bytes: Uint8Array | undefined): InputMessage | undefined {
  if (bytes === undefined) return undefined;
  const decoded = decodeClientMessage(bytes, arenaGame.input.bytes);
  if (!decoded.ok || decoded.value.type !== "input") throw new Error("not an INPUT frame");
  return decoded.value;
}

describe("ClientSession handshake and pings", () => {
  it("writes the HELLO of the protocol, carrying the game's name and schema fingerprint", () => {
    const fingerprint = Buffer.alloc(4);
    fingerprint.writeUInt32LE(ARENA_SCHEMA.fingerprint);
    // 01 | version 0900 | role 00 | game 05 "arena" | schema u32 LE | name 03 "ada" | token 0000
    // | resume 00
    expect(Buffer.from(session().hello("ada", "")).toString("hex")).toBe(
      `01090000056172656e61${fingerprint.toString("hex")}03616461000000`,
    );
    expect(decodeClientMessage(session().hello("ada", "tk"), 1)).toEqual({
      ok: true,
      value: {
        type: "hello",
        version: PROTOCOL_VERSION,
        role: "player",
        game: "arena",
        schema: ARENA_SCHEMA.fingerprint,
        name: "ada",
        token: "tk",
        resume: "",
      },
    });
  });

  it("keeps each frame it returns intact after building the next one", () => {
    const s = session();
    const hello = s.hello("ada", "tk");
    s.ping(5);
    expect(decodeClientMessage(hello, 1)).toMatchObject({ ok: true, value: { name: "ada" } });
  });

  it("records the WELCOME it receives", () => {
    const s = session();
    expect(s.welcome).toBeUndefined();
    const welcome = {
      version: PROTOCOL_VERSION,
      playerId: 3,
      tickRate: 20,
      tick: 40,
      serverTime: 1234.5,
      roomId: "lobby",
      resumed: false,
      resumeToken: "t0",
    };
    expect(
      s.receive(
        frame((w) => encodeWelcome(w, welcome)),
        0,
      ).ok,
    ).toBe(true);
    expect(s.welcome).toEqual({ type: "welcome", ...welcome });
  });

  it("measures the round-trip time from a PONG echoing its PING", () => {
    const s = session();
    expect(s.rtt).toBeUndefined();
    const ping = decodeClientMessage(s.ping(10_000), 1);
    expect(ping).toEqual({ ok: true, value: { type: "ping", clientTime: 10_000 } });
    s.receive(
      frame((w) => encodePong(w, 10_000, 99)),
      10_037,
    );
    expect(s.rtt).toBe(37);
  });

  it("measures the round-trip time modulo 2^32 when the clock wraps between ping and pong", () => {
    const s = session();
    const sent = 2 ** 32 - 10;
    const ping = decodeClientMessage(s.ping(sent), 1);
    expect(ping).toEqual({ ok: true, value: { type: "ping", clientTime: 0xffff_fff6 } });
    // Received 25 ms later at 2^32 + 15: (15 - 0xfffffff6) mod 2^32 = 25.
    s.receive(
      frame((w) => encodePong(w, 0xffff_fff6, 0)),
      sent + 25,
    );
    expect(s.rtt).toBe(25);
  });

  it("measures the round-trip time with Date.now()-sized clocks", () => {
    const s = session();
    const sent = 1_760_000_000_000;
    const ping = decodeClientMessage(s.ping(sent), 1);
    const clientTime = ping.ok && ping.value.type === "ping" ? ping.value.clientTime : -1;
    expect(clientTime).toBe(sent % 2 ** 32);
    s.receive(
      frame((w) => encodePong(w, clientTime, 0)),
      sent + 120,
    );
    expect(s.rtt).toBe(120);
  });
});

describe("ClientSession INPUT frames", () => {
  it("sends nothing before any input is recorded", () => {
    expect(session().inputFrame()).toBeUndefined();
  });

  it("sends every input from sequence 0 while none is acknowledged", () => {
    const s = session();
    expect([s.record({ buttons: 1 }), s.record({ buttons: 2 }), s.record({ buttons: 4 })]).toEqual([
      0, 1, 2,
    ]);
    expect(inputsOf(s.inputFrame())).toEqual({
      type: "input",
      ackTick: NO_TICK_ACK,
      firstSeq: 0,
      count: 3,
      inputs: Uint8Array.of(1, 2, 4),
    });
  });

  it("repeats the same unacknowledged inputs in every frame until a snapshot acknowledges them", () => {
    const s = session();
    s.record({ buttons: 1 });
    s.record({ buttons: 2 });
    expect(inputsOf(s.inputFrame())).toEqual(inputsOf(s.inputFrame()));
    expect(inputsOf(s.inputFrame())?.count).toBe(2);
  });

  it("caps a frame at maxInputsPerFrame, keeping the newest inputs", () => {
    const s = session(4);
    for (let b = 0; b < 10; b++) s.record({ buttons: b });
    // 10 recorded (0..9), none acked, at most 4 per frame: 6, 7, 8, 9.
    expect(inputsOf(s.inputFrame())).toEqual({
      type: "input",
      ackTick: NO_TICK_ACK,
      firstSeq: 6,
      count: 4,
      inputs: Uint8Array.of(6, 7, 8, 9),
    });
  });

  it("starts a frame at ackSeq + 1 after a snapshot acknowledges inputs", () => {
    const s = session();
    for (let b = 0; b < 6; b++) s.record({ buttons: b });
    expect(s.receive(snapshot(3), 0).ok).toBe(true);
    expect(inputsOf(s.inputFrame())).toEqual({
      type: "input",
      ackTick: 0,
      firstSeq: 4,
      count: 2,
      inputs: Uint8Array.of(4, 5),
    });
  });

  it("sends nothing once every input is acknowledged, and the next input alone after that", () => {
    const s = session();
    for (let b = 0; b < 3; b++) s.record({ buttons: b });
    expect(s.receive(snapshot(2), 0).ok).toBe(true);
    expect(s.inputFrame()).toBeUndefined();
    s.record({ buttons: 0b1000 });
    expect(inputsOf(s.inputFrame())).toEqual({
      type: "input",
      ackTick: 0,
      firstSeq: 3,
      count: 1,
      inputs: Uint8Array.of(0b1000),
    });
  });

  it("carries exactly the unacknowledged inputs, capped, for any run of records and acks", () => {
    const step = fc.oneof(
      fc.integer({ min: 0, max: 15 }).map((buttons) => ({ record: buttons })),
      fc.nat(80).map((ack) => ({ ack })),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 32 }),
        fc.array(step, { maxLength: 80 }),
        (max, steps) => {
          const s = session(max);
          const server = new ArenaServer(1);
          const recorded: number[] = [];
          let ack = NO_INPUT_ACK;
          for (const st of steps) {
            if ("record" in st) {
              s.record({ buttons: st.record });
              recorded.push(st.record);
            } else if (st.ack < recorded.length) {
              // The server only acknowledges inputs it was sent, in order.
              ack = ack === NO_INPUT_ACK ? st.ack : Math.max(ack, st.ack);
              expect(s.receive(server.snapshot(ack), 0).ok).toBe(true);
            }
            const firstUnacked = ack === NO_INPUT_ACK ? 0 : ack + 1;
            const from = Math.max(firstUnacked, recorded.length - max);
            const msg = inputsOf(s.inputFrame());
            if (from >= recorded.length) {
              expect(msg).toBeUndefined();
            } else {
              expect(msg).toEqual({
                type: "input",
                // The server's ticks run 0, 1, 2… one per snapshot.
                ackTick: server.tick < 0 ? NO_TICK_ACK : server.tick,
                firstSeq: from,
                count: recorded.length - from,
                inputs: Uint8Array.from(recorded.slice(from)),
              });
            }
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe("ClientSession tick acknowledgements", () => {
  it("acknowledges the tick of the latest applied snapshot in every INPUT frame", () => {
    const s = session();
    const server = new ArenaServer(1);
    s.record({ buttons: 1 });
    expect(inputsOf(s.inputFrame())?.ackTick).toBe(NO_TICK_ACK);
    for (let t = 0; t < 3; t++) {
      expect(s.receive(server.snapshot(NO_INPUT_ACK), 0).ok).toBe(true);
      expect(server.tick).toBe(t);
      expect(s.tick).toBe(t);
      expect(inputsOf(s.inputFrame())?.ackTick).toBe(t);
    }
  });

  it("keeps acknowledging the last applied tick after a refused snapshot", () => {
    const s = session();
    const server = new ArenaServer(1);
    s.record({ buttons: 1 });
    expect(s.receive(server.snapshot(NO_INPUT_ACK), 0).ok).toBe(true); // tick 0, full
    server.snapshot(NO_INPUT_ACK); // tick 1, lost
    const ahead = server.snapshot(0); // tick 2: a delta against tick 1, which s never had
    expect(s.receive(ahead, 0).ok).toBe(false);
    expect(s.tick).toBe(0);
    expect(s.ackSeq).toBe(NO_ACK);
    expect(inputsOf(s.inputFrame())).toMatchObject({ ackTick: 0, firstSeq: 0 });
  });
});

describe("ClientSession server frames", () => {
  it("applies a snapshot's update to the mirror world, with its tick and ackSeq", () => {
    const s = session();
    expect([s.tick, s.ackSeq, collectShips(s.world).count]).toEqual([-1, NO_ACK, 0]);
    const server = new ArenaServer(1, 2);
    const bytes = server.snapshot(7, new Map([[1, ARENA_BUTTON.THRUST]]));
    const result = s.receive(bytes, 0);
    expect(result).toEqual({
      ok: true,
      value: {
        type: "snapshot",
        ackSeq: 7,
        inputBuffer: 0,
        update: bytes.subarray(SNAPSHOT_HEADER_BYTES),
        applied: { tick: 0, kind: "full", changed: 0, spawned: 2, despawned: 0, left: 0 },
      },
    });
    expect(s.tick).toBe(0);
    expect(s.ackSeq).toBe(7);
    // Ship by ship, the mirror holds the server's values to the schema's precision.
    const mirror = shipsOf(s.world);
    const truth = shipsOf(server.world);
    expect([...mirror.keys()].sort()).toEqual([1, 2]);
    for (const [owner, [x, y, vx, vy, heading]] of truth) {
      const m = mirror.get(owner)!;
      expect(Math.abs(m[0]! - x!)).toBeLessThanOrEqual(1 / 64); // pos step 1/32
      expect(Math.abs(m[1]! - y!)).toBeLessThanOrEqual(1 / 64);
      expect(Math.abs(m[2]! - vx!)).toBeLessThanOrEqual(1 / 32); // vel step 1/16
      expect(Math.abs(m[3]! - vy!)).toBeLessThanOrEqual(1 / 32);
      const dh = Math.abs(m[4]! - heading!) % (2 * Math.PI);
      expect(Math.min(dh, 2 * Math.PI - dh)).toBeLessThanOrEqual(Math.PI / 1024 + 1e-12);
    }
    // Player 1 thrusted: it moves, player 2 is at rest.
    expect(Math.hypot(mirror.get(1)![2]!, mirror.get(1)![3]!)).toBeGreaterThan(0);
    expect([mirror.get(2)![2], mirror.get(2)![3]]).toEqual([0, 0]);
  });

  it("maps server NetworkIds to mirror entities and back", () => {
    const s = session();
    const server = new ArenaServer(4, 9);
    s.receive(server.snapshot(NO_INPUT_ACK), 0);
    const owner = s.world.store(Ship).owner;
    for (const id of [4, 9]) {
      const networkId = shipOf(server.world, id); // the server's entity is the NetworkId
      const e = s.entityOf(networkId);
      expect(e, `player ${id}`).toBeGreaterThanOrEqual(0);
      expect(owner[e]).toBe(id);
      expect(s.networkIdOf(e)).toBe(networkId);
    }
    expect(s.entityOf(200)).toBe(-1);
    expect(s.entityOf(-1)).toBe(-1);
    expect(s.networkIdOf(200)).toBe(-1);
  });

  it("applies deltas in order: ships that move, join and leave", () => {
    const s = session();
    const server = new ArenaServer(1, 2);
    const thrust = new Map([[1, ARENA_BUTTON.THRUST]]);
    expect(s.receive(server.snapshot(0, thrust), 0).ok).toBe(true);
    arenaGame.addPlayer(server.world, 3, "p3", { team: undefined });
    arenaGame.removePlayer(server.world, 2);
    const result = s.receive(server.snapshot(1, thrust), 0);
    expect(result).toMatchObject({
      ok: true,
      value: {
        type: "snapshot",
        ackSeq: 1,
        applied: { tick: 1, kind: "delta", spawned: 1, despawned: 1, left: 0 },
      },
    });
    expect(s.tick).toBe(1);
    expect([...shipsOf(s.world).keys()].sort()).toEqual([1, 3]);
    for (let t = 2; t < 40; t++) {
      expect(s.receive(server.snapshot(t, thrust), 0).ok, `tick ${t}`).toBe(true);
      const truth = shipsOf(server.world).get(1)!;
      const mirror = shipsOf(s.world).get(1)!;
      expect(Math.abs(mirror[0]! - truth[0]!), `x at tick ${t}`).toBeLessThanOrEqual(1 / 64);
      expect(Math.abs(mirror[1]! - truth[1]!), `y at tick ${t}`).toBeLessThanOrEqual(1 / 64);
    }
    expect(s.tick).toBe(39);
    expect(s.ackSeq).toBe(39);
  });

  it("refuses malformed frames without changing its state", () => {
    const s = session();
    const server = new ArenaServer(1, 2);
    expect(s.receive(server.snapshot(1), 0).ok).toBe(true); // tick 0
    s.receive(
      frame((w) => encodePlayerJoined(w, 1, "ada")),
      0,
    );
    const before = shipsOf(s.world);
    arenaGame.removePlayer(server.world, 2);
    const valid = server.snapshot(2, new Map([[1, ARENA_BUTTON.THRUST]])); // tick 1, a delta
    expect(valid.length).toBeGreaterThan(SNAPSHOT_HEADER_BYTES + 1);
    const withTrailer = Uint8Array.of(...valid, 0xff);
    // Sanity: the protocol layer accepts the doctored update frames; the update is what is wrong.
    expect(decodeServerMessage(withTrailer).ok).toBe(true);
    const doctored = [
      new Uint8Array(0), // empty
      Uint8Array.of(0x46, 0, 0), // unknown type
      valid.subarray(0, 4), // header cut short
      valid.subarray(0, SNAPSHOT_HEADER_BYTES), // header alone: an empty update
      valid.subarray(0, valid.length - 1), // update cut short
      withTrailer, // a trailing byte after the update
      snapshot(3), // a full state of tick 0, not newer than the mirror's tick 0
      frame((w) => encodePlayerJoined(w, 2, "bo")).subarray(0, 5), // name cut short
      Uint8Array.of(0x44, 0x01, 0x00, 0xff), // PLAYER_LEFT with a trailing byte
      Uint8Array.of(0x45, 1, 0, 0, 0), // PONG without serverTime
    ];
    for (const bytes of doctored) {
      expect(s.receive(bytes, 1000).ok, Buffer.from(bytes).toString("hex")).toBe(false);
      expect(shipsOf(s.world)).toEqual(before);
      expect(s.tick).toBe(0);
      expect(s.ackSeq).toBe(1);
      expect([...s.players]).toEqual([[1, "ada"]]);
      expect(s.rtt).toBeUndefined();
      expect(s.welcome).toBeUndefined();
    }
    // The undoctored neighbour is accepted.
    expect(s.receive(valid, 0).ok).toBe(true);
    expect([...shipsOf(s.world).keys()]).toEqual([1]);
    expect(s.tick).toBe(1);
    expect(s.ackSeq).toBe(2);
    // ...and once: applied again, it is a delta against a tick the mirror has moved past.
    expect(s.receive(valid, 0).ok).toBe(false);
    expect(s.tick).toBe(1);
  });

  it("tracks players as they join and leave, itself included", () => {
    const s = session();
    s.receive(
      frame((w) => encodePlayerJoined(w, 1, "ada")),
      0,
    );
    s.receive(
      frame((w) => encodePlayerJoined(w, 2, "bo")),
      0,
    );
    s.receive(
      frame((w) => encodePlayerJoined(w, 3, "cy")),
      0,
    );
    expect([...s.players]).toEqual([
      [1, "ada"],
      [2, "bo"],
      [3, "cy"],
    ]);
    s.receive(
      frame((w) => encodePlayerLeft(w, 2)),
      0,
    );
    expect([...s.players]).toEqual([
      [1, "ada"],
      [3, "cy"],
    ]);
    // A departure of someone unknown changes nothing.
    expect(
      s.receive(
        frame((w) => encodePlayerLeft(w, 9)),
        0,
      ).ok,
    ).toBe(true);
    expect(s.players.size).toBe(2);
  });

  it("returns each decoded server message", () => {
    const s = session();
    expect(
      s.receive(
        frame((w) => encodePlayerLeft(w, 4)),
        0,
      ),
    ).toEqual({
      ok: true,
      value: { type: "player-left", playerId: 4 },
    });
  });
});

describe("ClientSession against the room core", () => {
  /** A host for one connection: the room's frames go straight to the client session. */
  class Loopback implements RoomSink {
    readonly client = session();
    readonly closes: { code: number; reason: string }[] = [];
    readonly refused: string[] = [];
    readonly room = new RoomCore(arenaGame, "lobby", this);
    now = 0;

    send(_conn: ConnectionId, bytes: Uint8Array): void {
      const result = this.client.receive(bytes, this.now);
      if (!result.ok) this.refused.push(result.error);
    }
    close(_conn: ConnectionId, code: number, reason: string): void {
      this.closes.push({ code, reason });
    }
    setTicking(): void {}

    /** One tick interval later: the client sends its INPUT frame, then the room ticks. */
    tick(): void {
      this.now += this.room.tickIntervalMs;
      const input = this.client.inputFrame();
      if (input) this.room.receive("c", input, this.now);
      this.room.update(this.now);
    }
  }

  it("joins, mirrors the room's world and has its inputs and ticks acknowledged", () => {
    const host = new Loopback();
    host.room.open("c", 0);
    host.room.receive("c", host.client.hello("ada", "tk"), 0);
    expect(host.closes).toEqual([]);
    expect(host.client.welcome).toMatchObject({ version: PROTOCOL_VERSION, roomId: "lobby" });
    const me = host.client.welcome!.playerId;
    for (let i = 0; i < 10; i++) {
      host.client.record({ buttons: ARENA_BUTTON.THRUST });
      host.tick();
    }
    expect(host.refused).toEqual([]);
    expect(host.closes).toEqual([]);
    // Every tick applied, every input applied by the tick after it arrived.
    // 10 ticks simulated, numbered from 0: the room and the mirror both stand at tick 9.
    expect(host.room.tick).toBe(9);
    expect(host.client.tick).toBe(9);
    expect(host.client.ackSeq).toBe(9);
    expect(host.client.inputFrame()).toBeUndefined();
    // The mirror's ship of this player is the room's, to the schema's precision.
    const truth = shipsOf(host.room.world).get(me)!;
    const mirror = shipsOf(host.client.world).get(me)!;
    expect(Math.abs(mirror[0]! - truth[0]!)).toBeLessThanOrEqual(1 / 64);
    expect(Math.abs(mirror[2]! - truth[2]!)).toBeLessThanOrEqual(1 / 32);
    expect(Math.hypot(truth[2]!, truth[3]!)).toBeGreaterThan(0);
  });

  it("is refused with 4009 by a room whose game schema differs", () => {
    const host = new Loopback();
    const hello = host.client.hello("ada", "tk");
    // Another build of the game: one bit of the fingerprint (after type, version, role and
    // the game name "arena": byte 4 + 1 + 5) differs.
    hello[10]! ^= 1;
    host.room.open("c", 0);
    host.room.receive("c", hello, 0);
    expect(host.closes.map((c) => c.code)).toEqual([4009]);
    expect(host.client.welcome).toBeUndefined();
  });
});
