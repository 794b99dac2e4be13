import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  ARENA_BUTTON,
  ARENA_SCHEMA,
  type ArenaInput,
  arenaGame,
  listShips,
  shipOf,
} from "../../games/arena/index.js";
import { TestRoomHost } from "../../test/support/room/test-room-host.js";
import { ByteWriter } from "../codec/byte-writer.js";
import type { GameDefinition } from "../game/game-definition.js";
import {
  CLIENT_OP,
  CLOSE,
  encodeHello,
  encodeInputHeader,
  encodePing,
  NO_TICK_ACK,
  PROTOCOL_VERSION,
} from "../protocol/index.js";

function hello(name: string, version?: number, schema = ARENA_SCHEMA.fingerprint): Uint8Array {
  const w = new ByteWriter();
  encodeHello(w, { game: "arena", schema, name, token: "" });
  const bytes = w.toBytes();
  if (version !== undefined) new DataView(bytes.buffer).setUint16(1, version, true);
  return bytes;
}

function inputs(firstSeq: number, buttons: number[]): Uint8Array {
  const w = new ByteWriter();
  encodeInputHeader(w, NO_TICK_ACK, firstSeq, buttons.length);
  for (const b of buttons) w.u8(b);
  return w.toBytes();
}

describe("RoomCore handshake", () => {
  it("welcomes a player with its id, the tick rate and the room id, then lists everyone present", () => {
    const host = new TestRoomHost();
    host.join("a", "ada");
    host.join("b", "bob");
    const [welcome] = host.of("b", "welcome");
    expect(welcome).toMatchObject({
      playerId: 2,
      tickRate: 30,
      roomId: "test-room",
      version: PROTOCOL_VERSION,
    });
    expect(
      host
        .of("b", "player-joined")
        .map((m) => m.name)
        .sort(),
    ).toEqual(["ada", "bob"]);
    expect(host.of("a", "player-joined").map((m) => m.name)).toEqual(["ada", "bob"]);
  });

  it("refuses another protocol version with 4001 and keeps the room running for others", () => {
    const host = new TestRoomHost();
    host.join("a");
    host.room.open("old", host.now);
    host.receive("old", hello("old", 99));
    expect(host.closes.get("old")?.code).toBe(CLOSE.UNSUPPORTED_VERSION.code);
    expect(host.closes.get("old")?.reason).toContain("client speaks 99");
    host.advance(2);
    expect(host.of("a", "snapshot")).toHaveLength(2);
    expect(host.room.playerCount).toBe(1);
  });

  it("closes a socket that pings before its hello with 4004, unanswered", () => {
    const host = new TestRoomHost();
    host.join("a");
    host.room.open("anon", host.now);
    const w = new ByteWriter();
    encodePing(w, 0);
    host.receive("anon", w.toBytes());
    expect(host.closes.get("anon")?.code).toBe(CLOSE.UNEXPECTED_MESSAGE.code);
    expect(host.of("anon", "pong")).toEqual([]);
    expect(host.closes.has("a")).toBe(false);
  });

  it("closes a socket that never says hello after the handshake timeout, not before", () => {
    const host = new TestRoomHost({ handshakeTimeoutMs: 1000 });
    host.join("a");
    const opened = host.now;
    host.room.open("silent", opened);
    // The room ticks all along (a room that stalls does not count the stall: room-stall.test).
    while (host.now + host.room.tickIntervalMs < opened + 1000) host.advance(1);
    expect(host.closes.has("silent")).toBe(false);
    host.room.update(opened + 1000);
    expect(host.closes.get("silent")?.code).toBe(CLOSE.HANDSHAKE_TIMEOUT.code);
    expect(host.closes.has("a")).toBe(false);
  });

  it("closes a hello beyond maxPlayers with 4005", () => {
    const host = new TestRoomHost({ maxPlayers: 2 });
    host.join("a");
    host.join("b");
    host.join("c");
    expect(host.closes.get("c")?.code).toBe(CLOSE.ROOM_FULL.code);
    expect(host.room.players().map((p) => p.name)).toEqual(["a", "b"]);
  });

  it("refuses a blank name with 4006 and a second hello with 4004", () => {
    const host = new TestRoomHost();
    host.join("blank", "   ");
    expect(host.closes.get("blank")?.code).toBe(CLOSE.INVALID_HELLO.code);
    host.join("twice");
    host.receive("twice", hello("again"));
    expect(host.closes.get("twice")?.code).toBe(CLOSE.UNEXPECTED_MESSAGE.code);
  });

  it("refuses inputs before hello with 4004", () => {
    const host = new TestRoomHost();
    host.room.open("early", host.now);
    host.receive("early", inputs(0, [ARENA_BUTTON.THRUST]));
    expect(host.closes.get("early")?.code).toBe(CLOSE.UNEXPECTED_MESSAGE.code);
  });
});

describe("RoomCore tick", () => {
  it("ticks only while someone is connected, so an empty room can hibernate", () => {
    const host = new TestRoomHost();
    host.advance(5);
    expect(host.room.tick).toBe(-1); // nothing simulated yet;
    host.join("a");
    expect(host.timer).toEqual([true]);
    host.advance(3);
    expect(host.room.tick).toBe(2); // ticks 0, 1, 2;
    host.room.disconnect("a", host.now, false); // left for good: no grace period
    expect(host.timer).toEqual([true, false]);
    host.advance(5);
    expect(host.room.tick).toBe(2);
  });

  it("runs one tick per interval and catches up at most maxCatchUpTicks after a stall", () => {
    const host = new TestRoomHost({ maxCatchUpTicks: 4 });
    host.join("a");
    host.now += 10 * host.room.tickIntervalMs; // a 10-tick stall
    host.room.update(host.now);
    expect(host.room.tick).toBe(3); // ticks 0–3, then the rest of the stall is dropped;
    host.advance(1);
    expect(host.room.tick).toBe(4);
  });

  it("sends every joined player one snapshot per tick with the same world", () => {
    const host = new TestRoomHost();
    host.join("a");
    host.join("b");
    host.advance(4);
    expect(host.of("a", "snapshot")).toHaveLength(4);
    expect(host.of("b", "snapshot")).toHaveLength(4);
    // Replication ticks count from 0: four ticks bring both mirrors to tick 3.
    expect(host.mirrorTick("a")).toBe(3);
    expect(host.mirrorTick("b")).toBe(3);
    expect(host.ships("a")).toEqual(host.ships("b"));
    expect(host.ships("a").map((s) => s.owner)).toEqual([1, 2]);
  });

  it("sends the world in full first, then only what changed", () => {
    const host = new TestRoomHost();
    host.join("a");
    host.join("b");
    host.advance(3);
    const [first, ...rest] = host.sizes.get("a")!;
    // Two resting ships: the full state names both; afterwards nothing changes and an
    // update is the 6-byte SNAPSHOT header plus a few bytes of replication header.
    expect(first).toBeGreaterThan(6 + 2 * 8);
    for (const size of rest) expect(size).toBeLessThanOrEqual(6 + 3);
  });

  it("sends each player only what the game's interest rule lets it see", () => {
    // Fog of war at its simplest: every player sees its own ship and nothing else. The rule
    // alone, without the arena's spatial interest (whose answer it would only refine).
    // Its proximity voice hears from that interest's positions: it goes too.
    const fog: GameDefinition<ArenaInput> = {
      ...arenaGame,
      spatialInterest: undefined,
      voice: undefined,
      interest(world, playerId, visible) {
        const own = shipOf(world, playerId);
        if (own >= 0) visible.add(own);
      },
    };
    const host = new TestRoomHost({}, fog);
    host.join("a");
    host.join("b");
    host.advance(2);
    expect(host.ships("a").map((s) => s.owner)).toEqual([1]);
    expect(host.ships("b").map((s) => s.owner)).toEqual([2]);
    expect(listShips(host.room.world).map((s) => s.owner)).toEqual([1, 2]);
  });

  it("refuses a client built with another game schema with 4009", () => {
    const host = new TestRoomHost();
    host.room.open("other", host.now);
    host.receive("other", hello("other", undefined, ARENA_SCHEMA.fingerprint ^ 1));
    expect(host.closes.get("other")?.code).toBe(CLOSE.SCHEMA_MISMATCH.code);
    expect(host.room.playerCount).toBe(0);
  });

  it("applies one queued input per tick in sequence order and acknowledges it", () => {
    const host = new TestRoomHost();
    host.join("a");
    host.receive("a", inputs(0, [ARENA_BUTTON.THRUST, ARENA_BUTTON.THRUST, ARENA_BUTTON.THRUST]));
    host.advance(1);
    expect(host.of("a", "snapshot").at(-1)?.ackSeq).toBe(0);
    host.advance(2);
    expect(host.of("a", "snapshot").at(-1)?.ackSeq).toBe(2);
    const ship = host.ships("a")[0]!;
    expect(Math.hypot(ship.vx, ship.vy)).toBeGreaterThan(0);
  });

  it("ignores repeated inputs, so redundant frames do not replay old ticks", () => {
    const host = new TestRoomHost();
    host.join("a");
    host.receive("a", inputs(0, [ARENA_BUTTON.LEFT, ARENA_BUTTON.LEFT]));
    host.receive("a", inputs(0, [ARENA_BUTTON.LEFT, ARENA_BUTTON.LEFT, ARENA_BUTTON.LEFT]));
    host.advance(5);
    // Three distinct inputs (0, 1, 2) then the last one repeats: ack stops at 2.
    expect(host.of("a", "snapshot").map((s) => s.ackSeq)).toEqual([0, 1, 2, 2, 2]);
  });

  it("plays on through input sequence 0xffffffff → 0, one frame spanning the wrap", () => {
    const host = new TestRoomHost();
    host.join("a");
    const T = ARENA_BUTTON.THRUST;
    host.receive("a", inputs(0xffff_fffd, [T, T, T, T, T])); // …fffd, fffe, ffff, 0, 1
    host.receive("a", inputs(0, [T, T, T])); // 0 and 1 again, then 2
    host.advance(7);
    expect(host.of("a", "snapshot").map((s) => s.ackSeq)).toEqual([
      0xffff_fffd, 0xffff_fffe, 0xffff_ffff, 0, 1, 2, 2,
    ]);
    expect(host.closes.has("a")).toBe(false);
  });

  it("moves only the ship whose player pressed a key, in every player's view", () => {
    const host = new TestRoomHost();
    host.join("a");
    host.join("b");
    const before = host.room.tick;
    host.receive("a", inputs(0, Array(10).fill(ARENA_BUTTON.THRUST)));
    host.advance(10);
    expect(host.room.tick).toBe(before + 10);
    const [a, b] = host.ships("b");
    expect(Math.hypot(a!.vx, a!.vy)).toBeGreaterThan(50);
    expect(Math.hypot(b!.vx, b!.vy)).toBe(0);
    expect(host.ships("a")).toEqual(host.ships("b"));
    // The mirror holds the server's ship within the declared precision (1/32 unit).
    const server = listShips(host.room.world)[0]!;
    expect(Math.abs(a!.x - server.x)).toBeLessThanOrEqual(1 / 32);
    expect(Math.abs(a!.y - server.y)).toBeLessThanOrEqual(1 / 32);
  });

  it("reports queued inputs as early and ticks without a new input as late", () => {
    const host = new TestRoomHost();
    host.join("a");
    host.advance(1);
    // No input yet: nothing to report.
    expect(host.of("a", "snapshot").at(-1)?.inputBuffer).toBe(0);
    host.receive("a", inputs(0, [0, 0, 0, 0]));
    host.advance(6);
    // Four inputs queued: each tick takes one and reports what is still queued behind it
    // (3, 2, 1, 0); then the queue is empty and each tick repeats input 3 (-1, -2).
    expect(host.of("a", "snapshot").map((s) => s.inputBuffer)).toEqual([0, 3, 2, 1, 0, -1, -2]);
    host.receive("a", inputs(4, [0]));
    host.advance(1);
    expect(host.of("a", "snapshot").at(-1)).toMatchObject({ ackSeq: 4, inputBuffer: 0 });
  });

  it("keeps replicated fields on their declared grid, so mirrors hold the server's exact values", () => {
    const host = new TestRoomHost();
    host.join("a");
    host.join("b");
    const turnAndThrust = ARENA_BUTTON.THRUST | ARENA_BUTTON.LEFT;
    host.receive("a", inputs(0, Array(20).fill(turnAndThrust)));
    host.advance(25);
    const server = listShips(host.room.world);
    // Positions on 1/32, velocities on 1/16, headings on 2π/1024: every value is a code.
    for (const s of server) {
      expect(Number.isInteger(s.x * 32) && Number.isInteger(s.y * 32)).toBe(true);
      expect(Number.isInteger(s.vx * 16) && Number.isInteger(s.vy * 16)).toBe(true);
      expect(
        Math.abs(
          s.heading / ((2 * Math.PI) / 1024) - Math.round(s.heading / ((2 * Math.PI) / 1024)),
        ),
      ).toBeLessThan(1e-9);
    }
    // The mirror is not merely within precision: it is the server's state bit for bit.
    expect(host.ships("a")).toEqual(server);
    expect(host.ships("b")).toEqual(server);
  });

  it("leaves the world unrounded for a game that does not opt in with quantizeState", () => {
    const host = new TestRoomHost({}, { ...arenaGame, quantizeState: undefined });
    host.join("a");
    host.receive("a", inputs(0, Array(5).fill(ARENA_BUTTON.THRUST)));
    host.advance(5);
    // Thrust along the spawn heading gives velocities off the 1/16 grid.
    const [s] = listShips(host.room.world);
    expect(Number.isInteger(s!.vx * 16) && Number.isInteger(s!.vy * 16)).toBe(false);
  });

  it("answers a ping with the client's time and its own clock", () => {
    const host = new TestRoomHost();
    host.join("a");
    const w = new ByteWriter();
    encodePing(w, 123_456);
    host.receive("a", w.toBytes());
    expect(host.of("a", "pong")).toEqual([
      { type: "pong", clientTime: 123_456, serverTime: host.now },
    ]);
  });
});

describe("RoomCore bad input", () => {
  const cases: [string, Uint8Array | string, number][] = [
    ["a text frame", "hello", CLOSE.MALFORMED_FRAME.code],
    ["an unknown type", new Uint8Array([0x7f]), CLOSE.MALFORMED_FRAME.code],
    ["a truncated input", new Uint8Array([CLIENT_OP.INPUT, 0, 0]), CLOSE.MALFORMED_FRAME.code],
    [
      "an oversized frame",
      new Uint8Array(5000).fill(CLIENT_OP.PING, 0, 1),
      CLOSE.FRAME_TOO_LARGE.code,
    ],
    ["an implausible input", inputs(0, [0xff]), CLOSE.INVALID_INPUT.code],
  ];
  for (const [what, frame, code] of cases) {
    it(`closes only the sender of ${what} with ${code}`, () => {
      const host = new TestRoomHost();
      host.join("good");
      host.join("bad");
      host.receive("bad", frame);
      expect(host.closes.get("bad")?.code).toBe(code);
      expect(host.closes.has("good")).toBe(false);
      expect(host.of("good", "player-left")).toEqual([{ type: "player-left", playerId: 2 }]);
      host.advance(2);
      expect(host.of("good", "snapshot")).toHaveLength(2);
      expect(host.ships("good").map((s) => s.owner)).toEqual([1]);
    });
  }

  it("closes a connection that floods messages with 4007", () => {
    const host = new TestRoomHost({ messagesPerSecond: 10, messageBurst: 5 });
    host.join("a"); // the hello takes one token
    const w = new ByteWriter();
    encodePing(w, 1);
    for (let i = 0; i < 4; i++) host.receive("a", w.toBytes());
    expect(host.closes.has("a")).toBe(false);
    host.receive("a", w.toBytes());
    expect(host.closes.get("a")?.code).toBe(CLOSE.RATE_LIMITED.code);
  });

  it("never throws and never disturbs another player, whatever bytes arrive", () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 20 }), (frames) => {
        const host = new TestRoomHost({ messageBurst: 1000 });
        host.join("good");
        host.join("fuzz");
        for (const f of frames) host.receive("fuzz", f);
        host.advance(1);
        expect(host.closes.has("good")).toBe(false);
        expect(host.of("good", "snapshot")).toHaveLength(1);
      }),
      { numRuns: 200 },
    );
  });
});

describe("RoomCore options", () => {
  it("takes the game's room options as defaults and per-room options over them", () => {
    expect(new TestRoomHost().room.options).toMatchObject({ tickRate: 30, maxPlayers: 32 });
    expect(new TestRoomHost({ maxPlayers: 4 }).room.options).toMatchObject({
      tickRate: 30,
      maxPlayers: 4,
    });
  });

  it("refuses an invalid option naming the field", () => {
    expect(() => new TestRoomHost({ tickRate: 0 })).toThrow(
      "room.tickRate must be an integer in [1, 120], got 0",
    );
  });
});

describe("RoomCore players", () => {
  it("removes a player's ship and tells the others when it leaves for good", () => {
    const host = new TestRoomHost();
    host.join("a");
    host.join("b");
    host.room.disconnect("a", host.now, false);
    expect(host.of("b", "player-left")).toEqual([{ type: "player-left", playerId: 1 }]);
    host.advance(1);
    expect(host.ships("b").map((s) => s.owner)).toEqual([2]);
  });

  it("restores a player with the same id after the host restarts", () => {
    const host = new TestRoomHost();
    host.room.restore("a", { playerId: 7, name: "ada" }, host.now);
    host.join("b");
    expect(host.of("b", "welcome")[0]?.playerId).toBe(8);
    expect(host.room.players()).toMatchObject([
      { playerId: 7, name: "ada", connected: true },
      { playerId: 8, name: "b", connected: true },
    ]);
  });
});
