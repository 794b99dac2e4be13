import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ARENA_BUTTON, ARENA_SCHEMA, listShips, type ShipValues } from "../../games/arena/index.js";
import { TestRoomHost } from "../../test/support/room/test-room-host.js";
import { ByteWriter } from "../codec/byte-writer.js";
import { encodeHello, encodeRate } from "../protocol/client-messages.js";
import { CLOSE } from "../protocol/close-codes.js";
import { encodePing, PROTOCOL_VERSION } from "../protocol/index.js";
import { NO_INPUT_ACK, SNAPSHOT_HEADER_BYTES } from "../protocol/server-messages.js";
import { delayTicks } from "./room-broadcast.js";
import { resolveRoomOptions } from "./room-options.js";

/** 30 Hz (the arena's rate): a 100 ms delay is 3 ticks, keyframes every 10. */
const FAST = { spectatorDelayMs: 100, keyframeTicks: 10 } as const;

function frame(write: (w: ByteWriter) => void): Uint8Array {
  const w = new ByteWriter();
  write(w);
  return w.toBytes();
}

/** The room's authoritative ships after each tick, by tick. */
function recordTicks(host: TestRoomHost, ticks: number, states: Map<number, ShipValues[]>): void {
  for (let i = 0; i < ticks; i++) {
    host.advance(1);
    states.set(host.room.tick, listShips(host.room.world));
  }
}

describe("RoomCore spectators", () => {
  it("welcomes a spectator without a player id, a seat or a place in the players list", () => {
    const host = new TestRoomHost({ ...FAST, maxPlayers: 1 });
    host.join("p1");
    host.advance(5);
    host.spectate("s1");
    expect(host.closes.get("s1")).toBeUndefined();
    expect(host.of("s1", "spectator-welcome")).toEqual([
      {
        type: "spectator-welcome",
        version: PROTOCOL_VERSION,
        tickRate: 30,
        tick: host.room.tick + 1,
        serverTime: host.now,
        roomId: "test-room",
        delayTicks: 3,
        keyframeTicks: 10,
      },
    ]);
    // It hears who plays, and nobody hears of it.
    expect(host.of("s1", "player-joined")).toEqual([
      { type: "player-joined", playerId: 1, name: "p1" },
    ]);
    expect(host.of("s1", "welcome")).toEqual([]);
    expect(host.room.playerCount).toBe(1);
    expect(host.room.spectatorCount).toBe(1);
    expect(host.room.players().map((p) => p.playerId)).toEqual([1]);
    expect(host.room.playerOf("s1")).toBeUndefined();
    expect(host.of("p1", "player-joined")).toHaveLength(1);
    // The full room (one seat) still admits spectators, and its players hear of joins.
    host.join("p2");
    expect(host.closes.get("p2")?.code).toBe(CLOSE.ROOM_FULL.code);
    host.spectate("s2");
    expect(host.room.spectatorCount).toBe(2);
  });

  it("sends every spectator the same frame objects, and encodes once a tick however many watch", () => {
    const host = new TestRoomHost({ ...FAST, maxSpectators: 100 });
    host.join("p1");
    host.spectate("s0");
    host.advance(20);
    const encodes = (n: number) => {
      const before = host.room.broadcastEncodes;
      host.advance(n);
      return host.room.broadcastEncodes - before;
    };
    // Ticks 21-40 with one spectator: one update a tick, two on the keyframe ticks 30 and 40.
    expect(encodes(20)).toBe(22);
    for (let i = 1; i < 50; i++) host.spectate(`s${i}`);
    host.advance(20); // everyone started from a keyframe and follows
    expect(encodes(20)).toBe(22);
    for (let i = 0; i < 50; i++) host.sent.set(`s${i}`, []);
    host.input("p1", 0, [ARENA_BUTTON.THRUST, ARENA_BUTTON.THRUST]);
    host.advance(10);
    const first = host.sent.get("s0")!;
    expect(first.length).toBeGreaterThanOrEqual(10);
    for (let i = 1; i < 50; i++) {
      const got = host.sent.get(`s${i}`)!;
      expect(got).toHaveLength(first.length);
      for (let k = 0; k < got.length; k++) expect(got[k]).toBe(first[k]);
    }
    // A SNAPSHOT carrying nothing per client: no input acknowledged, input timing 0.
    for (const s of host.of("s0", "snapshot")) {
      expect(s.ackSeq).toBe(NO_INPUT_ACK);
      expect(s.inputBuffer).toBe(0);
    }
  });

  it("encodes nothing without spectators or a recording, and stops when the last spectator leaves", () => {
    const host = new TestRoomHost(FAST);
    host.join("p1");
    host.advance(30);
    expect(host.room.broadcastEncodes).toBe(0);
    host.spectate("s1");
    host.advance(5);
    expect(host.room.broadcastEncodes).toBeGreaterThan(0);
    host.room.disconnect("s1", host.now);
    const stopped = host.room.broadcastEncodes;
    host.advance(30);
    expect(host.room.broadcastEncodes).toBe(stopped);
    expect(host.room.spectatorCount).toBe(0);
  });

  it("starts a spectator at the latest keyframe at or before tick − delay, then one tick per tick", () => {
    const host = new TestRoomHost(FAST);
    host.join("p1");
    host.spectate("s0"); // starts the stream: its first tick is a FULL
    host.advance(24); // ticks 0-23; keyframes at 0, 10, 20
    host.spectate("s1");
    host.advance(1); // tick 24: s1 may see up to 21, from the keyframe of 20
    const first = host.of("s1", "snapshot");
    expect(first).toHaveLength(2);
    expect(first[0]!.update[0]! & 0b11).toBe(0); // FULL
    expect(host.mirrorTick("s1")).toBe(21);
    host.advance(1);
    expect(host.of("s1", "snapshot")).toHaveLength(3);
    expect(host.of("s1", "snapshot")[2]!.update[0]! & 0b11).toBe(1); // DELTA
    expect(host.mirrorTick("s1")).toBe(22);
    // A follower gets the delta of a keyframe tick, not its FULL.
    host.advance(8);
    const updates = host.of("s1", "snapshot").map((s) => s.update[0]! & 0b11);
    expect(updates.slice(1)).toEqual(updates.slice(1).map(() => 1));
  });

  it("shows a spectator the room's state of tick T − delay and never a later tick", () => {
    const scenario = fc.record({
      delayMs: fc.integer({ min: 0, max: 400 }),
      keyframeTicks: fc.integer({ min: 1, max: 15 }),
      steps: fc.array(
        fc.record({
          action: fc.constantFrom("spectate", "leave", "input", "none"),
          ticks: fc.integer({ min: 0, max: 8 }),
          buttons: fc.integer({ min: 0, max: 15 }),
        }),
        { minLength: 1, maxLength: 20 },
      ),
    });
    fc.assert(
      fc.property(scenario, ({ delayMs, keyframeTicks, steps }) => {
        const host = new TestRoomHost({ spectatorDelayMs: delayMs, keyframeTicks });
        const delay = Math.ceil((delayMs * 30) / 1000);
        const states = new Map<number, ShipValues[]>();
        host.join("p1");
        let seq = 0;
        let watchers = 0;
        const watching = new Set<string>();
        for (const step of steps) {
          if (step.action === "spectate") {
            const id = `s${watchers++}`;
            host.spectate(id);
            watching.add(id);
          } else if (step.action === "leave" && watching.size > 0) {
            const id = [...watching][0]!;
            host.room.disconnect(id, host.now);
            watching.delete(id);
          } else if (step.action === "input") {
            host.input("p1", seq, [step.buttons & 0b1111]);
            seq++;
          }
          recordTicks(host, step.ticks, states);
          for (const id of watching) {
            const seen = host.mirrorTick(id);
            if (seen < 0) continue; // waits for its first keyframe
            // Never later than the live tick minus the delay…
            expect(seen).toBeLessThanOrEqual(host.room.tick - delay);
            // …exactly that tick once started, and the room's state of that tick.
            expect(seen).toBe(host.room.tick - delay);
            expect(listShips(host.mirrors.get(id)!.world)).toEqual(states.get(seen));
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it("caps spectators at maxSpectators with 4005, apart from the player seats", () => {
    const host = new TestRoomHost({ ...FAST, maxSpectators: 2, maxPlayers: 2 });
    host.spectate("s1");
    host.spectate("s2");
    host.spectate("s3");
    expect(host.closes.get("s3")).toEqual({
      code: CLOSE.ROOM_FULL.code,
      reason: "room full: 2 of 2 spectator places taken",
    });
    host.join("p1");
    host.join("p2");
    expect(host.room.playerCount).toBe(2);
    host.room.disconnect("s1", host.now);
    host.spectate("s4");
    expect(host.closes.get("s4")).toBeUndefined();
    const none = new TestRoomHost({ maxSpectators: 0 });
    none.spectate("s");
    expect(none.closes.get("s")?.code).toBe(CLOSE.ROOM_FULL.code);
  });

  it("closes a spectator that sends an INPUT with 4004, answers its PING and ignores its RATE", () => {
    const host = new TestRoomHost(FAST);
    host.join("p1");
    host.spectate("s1");
    host.receive(
      "s1",
      frame((w) => encodePing(w, 77)),
    );
    expect(host.of("s1", "pong")).toMatchObject([{ clientTime: 77 }]);
    host.receive(
      "s1",
      frame((w) => encodeRate(w, 2048)),
    );
    expect(host.closes.get("s1")).toBeUndefined();
    host.input("s1", 0, [ARENA_BUTTON.THRUST]);
    expect(host.closes.get("s1")).toEqual({
      code: CLOSE.UNEXPECTED_MESSAGE.code,
      reason: "unexpected message: spectators send no input",
    });
    expect(host.room.spectatorCount).toBe(0);
    // A second HELLO is refused as for a player.
    host.spectate("s2");
    const hello = frame((w) =>
      encodeHello(w, { game: "arena", schema: ARENA_SCHEMA.fingerprint, name: "x", token: "" }),
    );
    host.receive("s2", hello);
    expect(host.closes.get("s2")?.reason).toBe("unexpected message: second hello");
  });

  it("keeps a silent spectator past the handshake timeout, but not past the idle timeout", () => {
    const host = new TestRoomHost({ ...FAST, handshakeTimeoutMs: 200, idleTimeoutMs: 2000 });
    host.join("p1");
    host.spectate("s1");
    host.advance(15); // 500 ms
    expect(host.closes.get("s1")).toBeUndefined();
    host.advance(60);
    expect(host.closes.get("s1")?.code).toBe(CLOSE.IDLE_TIMEOUT.code);
  });

  it("closes a spectator whose link backlog passes maxBacklogBytes with 4301", () => {
    const host = new TestRoomHost(FAST);
    host.join("p1");
    host.spectate("s1");
    host.advance(2);
    host.setBuffered("s1", 2 * 1024 * 1024);
    host.advance(1);
    expect(host.closes.get("s1")?.code).toBe(CLOSE.SLOW_CONSUMER.code);
    expect(host.room.spectatorCount).toBe(0);
    expect(host.closes.get("p1")).toBeUndefined();
  });

  it("sends spectator frames whose header is SNAPSHOT_HEADER_BYTES long before the update", () => {
    const host = new TestRoomHost({ spectatorDelayMs: 0 });
    host.join("p1");
    host.spectate("s1");
    host.advance(1);
    const [bytes] = host.sent.get("s1")!.filter((b) => b[0] === 0x42);
    expect(Array.from(bytes!.subarray(0, SNAPSHOT_HEADER_BYTES))).toEqual([
      0x42, 0xff, 0xff, 0xff, 0xff, 0x00,
    ]);
  });

  it("resolves the spectator and recording options with their defaults, naming a bad field", () => {
    expect(resolveRoomOptions()).toMatchObject({
      maxSpectators: 64,
      spectatorDelayMs: 3000,
      keyframeTicks: 60,
      record: false,
      chunkSeconds: 10,
    });
    // Keyframes every 2 s whatever the tick rate, unless set.
    expect(resolveRoomOptions({ tickRate: 20 }).keyframeTicks).toBe(40);
    expect(resolveRoomOptions({ tickRate: 20, keyframeTicks: 7 }).keyframeTicks).toBe(7);
    expect(() => resolveRoomOptions({ spectatorDelayMs: -1 })).toThrow(/room\.spectatorDelayMs/);
    expect(() => resolveRoomOptions({ maxSpectators: 100_001 })).toThrow(/room\.maxSpectators/);
    expect(() => resolveRoomOptions({ keyframeTicks: 0 })).toThrow(/room\.keyframeTicks/);
    expect(() => resolveRoomOptions({ chunkSeconds: 301 })).toThrow(/room\.chunkSeconds/);
    expect(resolveRoomOptions({ spectatorDelayMs: 0, chunkSeconds: 300 }).chunkSeconds).toBe(300);
    // 100 ms at 30 Hz is 3 ticks; 101 ms rounds up to 4: never less delay than asked.
    expect(delayTicks(100, 30)).toBe(3);
    expect(delayTicks(101, 30)).toBe(4);
    expect(delayTicks(0, 30)).toBe(0);
  });
});
