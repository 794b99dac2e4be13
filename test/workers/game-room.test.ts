import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { RoomInfo } from "../../durable-objects/game-room/game-room.js";
import { ARENA_BUTTON } from "../../games/arena/index.js";
import { CLIENT_OP, CLOSE, PROTOCOL_VERSION } from "../../shared/protocol/index.js";
import { RoomSocket } from "./room-socket.js";

async function info(roomId: string): Promise<RoomInfo> {
  const res = await exports.default.fetch(`http://edgetick.test/v1/rooms/${roomId}`);
  return (await res.json()) as RoomInfo;
}

/** Polls `check` until it holds (the room reacts to a close as a separate event). */
async function eventually(check: () => Promise<boolean>, what: string, ms = 3000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("GameRoom join and leave", () => {
  it("welcomes two players who then see each other join", async () => {
    const a = await RoomSocket.join("join-two", "ada");
    const b = await RoomSocket.join("join-two", "bob");
    expect(a.all("welcome")[0]?.playerId).toBe(1);
    expect(b.all("welcome")[0]).toMatchObject({ playerId: 2, tickRate: 30, roomId: "join-two" });
    await a.next("player-joined", (m) => m.name === "bob");
    await b.next("player-joined", (m) => m.name === "ada");
    await b.next("player-joined", (m) => m.name === "bob");
    expect((await info("join-two")).players).toEqual([
      { playerId: 1, name: "ada", connected: true },
      { playerId: 2, name: "bob", connected: true },
    ]);
    a.close();
    // The room answers the close handshake, so the leaving client does not hang in CLOSING.
    expect((await a.closedWithin()).code).toBe(1000);
    await b.next("player-left", (m) => m.playerId === 1);
    b.close();
  });
});

describe("GameRoom tick", () => {
  it("ticks while someone is connected and stops when the room empties", async () => {
    // A room opened by id does not exist before its first socket.
    const before = await exports.default.fetch("http://edgetick.test/v1/rooms/tick-life");
    expect(before.status).toBe(404);
    expect(await before.json()).toMatchObject({ error: { code: "room_not_found" } });
    const a = await RoomSocket.join("tick-life", "ada");
    const first = await a.stateAfter(0);
    const later = await a.stateAfter(first.tick + 3);
    expect(later.tick).toBeGreaterThan(first.tick);
    expect((await info("tick-life")).running).toBe(true);
    a.close();
    await eventually(async () => !(await info("tick-life")).running, "the room stops ticking");
    const stopped = (await info("tick-life")).tick;
    await new Promise((r) => setTimeout(r, 150)); // > 4 tick intervals of 33 ms
    expect((await info("tick-life")).tick).toBe(stopped);
  });

  it("records the session in D1 when the room empties", async () => {
    const a = await RoomSocket.join("history", "ada");
    await a.stateAfter(2);
    a.close();
    await eventually(async () => {
      const row = await env.DB.prepare("SELECT ended_at FROM room_sessions WHERE room_id = ?")
        .bind("history")
        .first();
      return row?.ended_at != null;
    }, "the session row is closed");
    const row = await env.DB.prepare(
      "SELECT game, peak_players, ticks FROM room_sessions WHERE room_id = ?",
    )
      .bind("history")
      .first<{ game: string; peak_players: number; ticks: number }>();
    expect(row?.game).toBe("arena");
    expect(row?.peak_players).toBe(1);
    expect(row?.ticks).toBeGreaterThanOrEqual(2);
  });

  it("sends snapshots to every client, and one player's inputs move its ship for both", async () => {
    const a = await RoomSocket.join("inputs", "ada");
    const b = await RoomSocket.join("inputs", "bob");
    const start = await b.stateAfter(0);
    a.sendInputs(0, Array(15).fill(ARENA_BUTTON.THRUST));
    const ack = await a.snapshot((s) => s.ackSeq === 14);
    const seenByB = await b.stateAfter(ack.tick - 1);
    const seenByA = await a.stateAfter(ack.tick - 1);
    // Both mirrors, fed by full state then deltas, hold the same world at the same tick.
    expect(seenByB.tick).toBe(seenByA.tick);
    expect(seenByB.ships).toEqual(seenByA.ships);
    const shipA0 = start.ships.find((s) => s.owner === 1)!;
    const shipA = seenByB.ships.find((s) => s.owner === 1)!;
    const shipB = seenByB.ships.find((s) => s.owner === 2)!;
    expect(Math.hypot(shipA.x - shipA0.x, shipA.y - shipA0.y)).toBeGreaterThan(10);
    expect(Math.hypot(shipB.vx, shipB.vy)).toBe(0);
    a.close();
    b.close();
  });
});

describe("GameRoom bad frames", () => {
  const cases: [string, Uint8Array | string, number][] = [
    ["a text frame", "hi", CLOSE.MALFORMED_FRAME.code],
    ["an unknown message type", new Uint8Array([0x7f, 1, 2]), CLOSE.MALFORMED_FRAME.code],
    ["a truncated input frame", new Uint8Array([CLIENT_OP.INPUT, 1]), CLOSE.MALFORMED_FRAME.code],
    [
      "an oversized frame",
      new Uint8Array(8192).fill(CLIENT_OP.PING, 0, 1),
      CLOSE.FRAME_TOO_LARGE.code,
    ],
    [
      "an implausible input",
      // [INPUT][ackTick: none][firstSeq 0][count 1][buttons 0xf0: bits the arena does not have]
      new Uint8Array([CLIENT_OP.INPUT, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0, 1, 0xf0]),
      CLOSE.INVALID_INPUT.code,
    ],
  ];
  for (const [index, [what, frame, code]] of cases.entries()) {
    it(`closes the sender of ${what} with ${code} while the other player plays on`, async () => {
      const room = `bad-frame-${index}`;
      const good = await RoomSocket.join(room, "good");
      const bad = await RoomSocket.join(room, "bad");
      bad.send(frame);
      const closed = await bad.closedWithin();
      expect(closed.code).toBe(code);
      expect(closed.reason.length).toBeGreaterThan(0);
      await good.next("player-left", (m) => m.playerId === 2);
      const before = (await good.stateAfter(0)).tick;
      const after = await good.stateAfter(before + 2);
      expect(after.ships.map((s) => s.owner)).toEqual([1]);
      good.close();
    });
  }

  it("refuses a client of another protocol version with 4001", async () => {
    const old = await RoomSocket.open("versions");
    // A HELLO of version 99; whatever follows the version is not read.
    old.send(new Uint8Array([CLIENT_OP.HELLO, 99, 0, 3, 0x61, 0x64, 0x61, 0, 0]));
    const closed = await old.closedWithin();
    expect(closed.code).toBe(CLOSE.UNSUPPORTED_VERSION.code);
    expect(closed.reason).toBe(
      `unsupported protocol version: client speaks 99, server speaks ${PROTOCOL_VERSION}`,
    );
  });
});
