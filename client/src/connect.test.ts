// connect() over a Transport other than a WebSocket: an in-process room behind loopback pairs
// (as a listen host's own player), over fake timers and real microtasks.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type ArenaInput, arenaGame } from "../../games/arena/index.js";
import { CLOSE } from "../../shared/protocol/close-codes.js";
import { TransportRoomHost } from "../../test/support/room/transport-room-host.js";
import { ConnectError, connect } from "./connect.js";
import { loopbackTransportPair } from "./transport/loopback-transport.js";
import type { Transport } from "./transport/transport.js";

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval"] });
});

afterEach(() => {
  vi.useRealTimers();
});

/** A room host and a transport factory whose every link it accepts. */
function hosted() {
  const host = new TransportRoomHost<ArenaInput>(arenaGame);
  const links: Transport[] = [];
  const transport = () => {
    const { a, b } = loopbackTransportPair();
    host.accept(b);
    links.push(a);
    return a;
  };
  return { host, links, transport };
}

describe("connect({ transport })", () => {
  it("joins over the transport, replicates through it and reports its path", async () => {
    const { host, transport } = hosted();
    const room = await connect({ game: arenaGame, name: "ada", transport });
    expect([room.playerId, room.transportPath, room.netcode.path]).toEqual([1, "local", "local"]);
    host.update(host.now + 100); // three ticks at 30 Hz
    await vi.advanceTimersByTimeAsync(0);
    expect(room.tick).toBe(host.room.tick);
    expect(room.world.alive.count()).toBe(1); // the own ship
    room.close();
    await vi.advanceTimersByTimeAsync(0);
    expect(host.room.playerCount).toBe(0); // a goodbye: gone at once
  });

  it("calls the factory again for each reconnection and resumes the player there", async () => {
    const { host, links, transport } = hosted();
    const room = await connect({
      game: arenaGame,
      name: "ada",
      transport,
      reconnect: { initialDelayMs: 100, jitter: 0 },
    });
    links[0]!.close(4999, "cut"); // the host sees a dropped link: the player waits
    await vi.advanceTimersByTimeAsync(0);
    expect(room.state).toBe("reconnecting");
    await vi.advanceTimersByTimeAsync(100);
    expect(links).toHaveLength(2);
    expect([room.state, room.playerId, host.room.playerCount]).toEqual(["resumed", 1, 1]);
    room.close();
  });

  it("counts a factory that throws as a failed attempt and tries again after the backoff", async () => {
    const { host, links, transport } = hosted();
    let calls = 0;
    const flaky = () => {
      calls++;
      if (calls === 2) throw new Error("no route yet");
      return transport();
    };
    const room = await connect({
      game: arenaGame,
      name: "ada",
      transport: flaky,
      reconnect: { initialDelayMs: 100, jitter: 0 },
    });
    links[0]!.close(4999, "cut");
    await vi.advanceTimersByTimeAsync(100); // attempt 1: the factory throws
    expect([calls, room.state]).toEqual([2, "reconnecting"]);
    await vi.advanceTimersByTimeAsync(200); // attempt 2, after 100 × 2
    expect([calls, room.state, host.room.playerCount]).toEqual([3, "resumed", 1]);
    room.close();
  });

  it("fails with the room's close code when it refuses the link before welcoming it", async () => {
    const transport = () => {
      const { a, b } = loopbackTransportPair();
      b.onopen = () => b.close(CLOSE.ROOM_FULL.code, CLOSE.ROOM_FULL.reason);
      return a;
    };
    const failed = connect({ game: arenaGame, name: "ada", transport }).catch((e) => e);
    await vi.advanceTimersByTimeAsync(0);
    const e = await failed;
    expect(e).toBeInstanceOf(ConnectError);
    expect(e).toMatchObject({ code: 4005, retryable: true });
  });

  it("names the transport when no welcome comes in time", async () => {
    const transport = () => loopbackTransportPair().a; // nobody answers at the other end
    const failed = connect({ game: arenaGame, name: "ada", transport, connectTimeoutMs: 50 });
    const caught = failed.catch((e: ConnectError) => e.message);
    await vi.advanceTimersByTimeAsync(50);
    expect(await caught).toBe("no welcome from the local transport within 50 ms");
  });
});
