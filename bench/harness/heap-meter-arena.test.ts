// An arena room's tick allocates nothing once optimized: RoomCore running the arena game (its
// step, the quantization of its state, lag-compensation hitboxes, the fair-play motion check,
// spatial interest with its rules, each player's update and SNAPSHOT) for eight NetClient
// players that send inputs, receive, predict and acknowledge between ticks. Issue 21's
// "steady state allocates nothing" for a real game's room; heap-meter-server.test.ts states
// it for the bench's scene, heap-meter-client.test.ts for the client.
import { describe, expect, it } from "vitest";
import { NetClient } from "../../client/src/net-client.js";
import { resolveNetcodeOptions } from "../../client/src/netcode-options.js";
import { arenaGame } from "../../games/arena/arena-game.js";
import { ARENA_BUTTON, type ArenaInput } from "../../games/arena/arena-input.js";
import { SERVER_OP } from "../../shared/protocol/index.js";
import { RoomCore } from "../../shared/room/room-core.js";
import { settledAllocation } from "./heap-meter-steady.js";

const PLAYERS = 8;

/** What a connection's socket holds: its latest SNAPSHOT (copied, as a send copies) and the rest. */
interface Socket {
  readonly snapshot: Uint8Array;
  length: number;
  readonly other: Uint8Array[];
}

describe("an arena room's tick", () => {
  it("allocates nothing per tick once optimized, with eight players playing", async () => {
    const sockets = new Map<string, Socket>();
    // The socket stand-in allocates nothing for a SNAPSHOT: a socket's send copies the core's
    // reused buffer outside the JS heap. The other frames (WELCOME, pongs) are kept as copies.
    const sink = {
      send: (conn: string, bytes: Uint8Array) => {
        const socket = sockets.get(conn)!;
        if (bytes[0] !== SERVER_OP.SNAPSHOT) socket.other.push(bytes.slice());
        else {
          socket.snapshot.set(bytes);
          socket.length = bytes.byteLength;
        }
      },
      close: (conn: string, code: number, reason: string) => {
        throw new Error(`room closed ${conn}: ${code} ${reason}`);
      },
      setTicking() {},
    };
    const room = new RoomCore(arenaGame, "arena", sink);
    const options = {
      sendRate: 30,
      maxInputsPerFrame: 8,
      pingIntervalMs: 1000,
      netcode: resolveNetcodeOptions(),
    };
    let now = 0;
    const players: { conn: string; net: NetClient<ArenaInput>; outbox: Uint8Array[] }[] = [];
    for (let i = 0; i < PLAYERS; i++) {
      const conn = `c${i}`;
      const outbox: Uint8Array[] = [];
      sockets.set(conn, { snapshot: new Uint8Array(64 * 1024), length: -1, other: [] });
      const net = new NetClient<ArenaInput>(arenaGame, options, (b) => outbox.push(b.slice()));
      room.open(conn, now);
      room.receive(conn, net.hello(`p${i}`, ""), now);
      // Every ship thrusting and turning: positions and headings change every tick.
      net.setInput({ buttons: ARENA_BUTTON.THRUST | (i % 2 === 0 ? ARENA_BUTTON.LEFT : 0) });
      players.push({ conn, net, outbox });
    }
    let refused = 0;
    // Between ticks, outside the metered stretch: each client takes what it was sent, plays
    // (its input ticker steers by the SNAPSHOT header) and its frames reach the room.
    const prepare = () => {
      for (const { conn, net, outbox } of players) {
        const socket = sockets.get(conn)!;
        for (const frame of socket.other.splice(0)) net.receive(frame, now);
        if (socket.length >= 0) {
          if (!net.receive(socket.snapshot.subarray(0, socket.length), now).ok) refused++;
          socket.length = -1;
        }
        net.update(now);
        for (const frame of outbox.splice(0)) room.receive(conn, frame, now);
      }
      now += room.tickIntervalMs;
    };
    const meter = await settledAllocation(() => room.update(now), { prepare });
    expect(refused).toBe(0);
    expect(room.tick).toBeGreaterThan(100);
    for (const { net } of players) expect(net.session.ackSeq).toBeGreaterThan(100);
    expect(meter.allocating).toBeLessThanOrEqual(2);
  }, 300_000);
});
