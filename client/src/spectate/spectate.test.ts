// spectate() against an in-process room behind loopback pairs (TransportRoomHost on a manual
// clock), over fake timers and real microtasks: the delayed stream, no seat and no input,
// follow/roam, RPC events, reconnection and refusals.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  ARENA_BUTTON,
  ARENA_RPCS,
  type ArenaInput,
  arenaGame,
  listShips,
  type ShipValues,
  shipOf,
} from "../../../games/arena/index.js";
import { ByteWriter } from "../../../shared/codec/byte-writer.js";
import {
  encodeHello,
  encodeInputHeader,
  NO_TICK_ACK,
} from "../../../shared/protocol/client-messages.js";
import { CLOSE } from "../../../shared/protocol/close-codes.js";
import type { RoomOptions } from "../../../shared/room/room-options.js";
import { TransportRoomHost } from "../../../test/support/room/transport-room-host.js";
import { ConnectError, connect } from "../connect.js";
import { loopbackTransportPair } from "../transport/loopback-transport.js";
import type { Transport } from "../transport/transport.js";
import { spectate } from "./spectate.js";

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval"] });
});

afterEach(() => {
  vi.useRealTimers();
});

/** 30 Hz: a 100 ms delay is 3 ticks; keyframes every 10. */
const FAST: RoomOptions = { spectatorDelayMs: 100, keyframeTicks: 10 };

/** A room host and a transport factory whose every link it accepts. */
function hosted(options: RoomOptions = FAST) {
  const host = new TransportRoomHost<ArenaInput>(arenaGame, options);
  const links: Transport[] = [];
  const transport = () => {
    const { a, b } = loopbackTransportPair();
    host.accept(b);
    links.push(a);
    return a;
  };
  return { host, links, transport };
}

/** A player speaking raw frames over its own link, so its inputs reach the room on cue. */
async function rawPlayer(host: TransportRoomHost<ArenaInput>, name: string) {
  const { a, b } = loopbackTransportPair();
  host.accept(b);
  await vi.advanceTimersByTimeAsync(0); // both ends open
  const w = new ByteWriter();
  const { schema } = arenaGame;
  encodeHello(w, { game: "arena", schema: schema.fingerprint, name, token: "" });
  a.send(w.toBytes());
  let seq = 0;
  return {
    /** Sends one tick of input. */
    input(buttons: number): void {
      encodeInputHeader(w.reset(), NO_TICK_ACK, seq++, 1);
      w.u8(buttons);
      a.send(w.toBytes());
    },
  };
}

/** Runs `ticks` room ticks, recording the room's ships after each, and delivers the frames. */
async function run(
  host: TransportRoomHost<ArenaInput>,
  ticks: number,
  states: Map<number, ShipValues[]>,
  each?: () => void,
): Promise<void> {
  for (let i = 0; i < ticks; i++) {
    host.update(host.now + host.room.tickIntervalMs);
    states.set(host.room.tick, listShips(host.room.world));
    await vi.advanceTimersByTimeAsync(0);
    each?.();
  }
}

describe("spectate()", () => {
  it("watches the room exactly delayTicks behind, never later, without a seat or an avatar", async () => {
    const { host, transport } = hosted();
    const player = await rawPlayer(host, "ada");
    const watch = await spectate({ game: arenaGame, name: "eve", transport });
    expect([watch.roomId, watch.tickRate, watch.delayTicks, watch.delayMs]).toEqual([
      "transport-room",
      30,
      3,
      100,
    ]);
    expect(watch.keyframeTicks).toBe(10);
    expect([host.room.playerCount, host.room.spectatorCount]).toEqual([1, 1]);
    expect([...watch.players]).toEqual([[1, "ada"]]);
    const states = new Map<number, ShipValues[]>();
    await run(host, 60, states, () => {
      player.input(ARENA_BUTTON.THRUST | ARENA_BUTTON.LEFT);
      if (watch.tick < 0) return; // no keyframe visible yet
      expect(watch.tick).toBeLessThanOrEqual(host.room.tick - 3);
      expect(listShips(watch.world)).toEqual(states.get(watch.tick));
    });
    // Following after the first keyframe: every tick exactly three behind.
    expect(watch.tick).toBe(host.room.tick - 3);
    expect(states.get(10)).not.toEqual(states.get(50)); // the ship did move
    expect(host.closes.size).toBe(0);
    watch.close();
  });

  it("sends pings but never an input, so the room keeps it through seconds of polling", async () => {
    const { host, transport } = hosted();
    const watch = await spectate({ game: arenaGame, name: "eve", transport });
    for (let i = 0; i < 60; i++) {
      host.update(host.now + 50);
      await vi.advanceTimersByTimeAsync(50); // the connection's own timers: pings, stats
    }
    expect(host.closes.size).toBe(0);
    expect(watch.state).toBe("connected");
    expect(watch.netcode.spectating).toBe(true);
    expect(watch.netcode.session.nextSeq).toBe(0); // no input recorded
    expect(watch.netcode.predictor).toBeUndefined();
    expect(watch.rtt).toBeDefined(); // a PONG came back
    watch.close();
    await vi.advanceTimersByTimeAsync(0);
    expect(host.room.spectatorCount).toBe(0);
  });

  it("follows a player's avatar once the delayed stream shows it, and roams with null", async () => {
    const { host, transport } = hosted();
    const watch = await spectate({ game: arenaGame, name: "eve", transport });
    const states = new Map<number, ShipValues[]>();
    await run(host, 12, states);
    watch.follow(1); // nobody plays yet
    expect([watch.following, watch.followed]).toEqual([1, -1]);
    const player = await connect({ game: arenaGame, name: "ada", transport });
    await run(host, 1, states);
    expect(watch.players.get(1)).toBe("ada"); // announced at once…
    expect(watch.followed).toBe(-1); // …shown three ticks later
    await run(host, 3, states);
    const e = watch.followed;
    expect(e).toBeGreaterThanOrEqual(0);
    expect(e).toBe(shipOf(watch.world, 1));
    watch.follow(null);
    expect([watch.following, watch.followed]).toEqual([null, -1]);
    expect(() => watch.follow(0)).toThrow(RangeError);
    expect(() => watch.follow(1.5)).toThrow(RangeError);
    player.close();
    watch.close();
  });

  it("asks for avatarOf when the game cannot say which entity is a player's", async () => {
    const { transport } = hosted();
    const bare = { ...arenaGame, netcode: undefined };
    const watch = await spectate({ game: bare, name: "eve", transport });
    expect(() => watch.follow(1)).toThrow(
      'follow: game "arena" declares no netcode.predicted, so a player\'s entity is unknown: pass avatarOf',
    );
    watch.close();
    const own = await spectate({ game: bare, name: "eve", transport, avatarOf: shipOf });
    own.follow(1);
    expect(own.followed).toBe(-1);
    own.close();
  });

  it("hears the room's broadcast RPC events with the state of their tick, delayed like it", async () => {
    const { host, transport } = hosted();
    const player = await connect({ game: arenaGame, name: "ada", transport });
    const watch = await spectate({ game: arenaGame, name: "eve", transport });
    const states = new Map<number, ShipValues[]>();
    await run(host, 20, states);
    const heard: { player: number; kind: string; tick: number }[] = [];
    watch.rpc(ARENA_RPCS).on("emoted", (a) => heard.push({ ...a, tick: watch.tick }));
    const answered = player.rpc(ARENA_RPCS).call("emote", { kind: "gg" });
    await vi.advanceTimersByTimeAsync(0);
    await answered;
    const sentDuring = host.room.tick + 1; // handled between ticks: an event of the next tick
    await run(host, 3, states);
    expect(heard).toEqual([]); // the stream is 3 ticks behind
    await run(host, 1, states);
    expect(heard).toEqual([{ player: 1, kind: "gg", tick: sentDuring }]);
    player.close();
    watch.close();
  });

  it("reconnects after a dropped link and watches again from a keyframe, follow kept", async () => {
    const { host, links, transport } = hosted();
    await connect({ game: arenaGame, name: "ada", transport });
    const watch = await spectate({
      game: arenaGame,
      name: "eve",
      transport,
      reconnect: { initialDelayMs: 100, jitter: 0 },
    });
    const states = new Map<number, ShipValues[]>();
    await run(host, 20, states);
    watch.follow(1);
    const before = watch.world;
    const changes: string[] = [];
    watch.on("state", ({ state }) => changes.push(state));
    links[1]!.close(4999, "cut");
    await vi.advanceTimersByTimeAsync(0);
    expect(watch.state).toBe("reconnecting");
    expect(host.room.spectatorCount).toBe(0);
    await vi.advanceTimersByTimeAsync(100);
    expect(changes).toEqual(["reconnecting", "resumed"]);
    expect(host.room.spectatorCount).toBe(1);
    expect(watch.world).not.toBe(before);
    // The stream stopped with no one watching; it restarts with a FULL at tick 20, shown at 23.
    await run(host, 12, states);
    expect(watch.tick).toBe(host.room.tick - 3);
    expect(listShips(watch.world)).toEqual(states.get(watch.tick));
    expect(watch.following).toBe(1);
    expect(watch.followed).toBe(shipOf(watch.world, 1));
    watch.close();
  });

  it("rejects with the room's close code when the spectator places are taken", async () => {
    const { transport } = hosted({ ...FAST, maxSpectators: 0 });
    const failed = spectate({ game: arenaGame, name: "eve", transport }).catch((e) => e);
    await vi.advanceTimersByTimeAsync(0);
    const e = await failed;
    expect(e).toBeInstanceOf(ConnectError);
    expect(e).toMatchObject({ code: CLOSE.ROOM_FULL.code, retryable: true });
  });

  it("validates its options under its own name", async () => {
    const transport = () => loopbackTransportPair().a;
    await expect(spectate({ game: arenaGame, name: " ", transport })).rejects.toThrow(
      "spectate.name must be 1-32 UTF-8 bytes",
    );
    await expect(spectate({ game: arenaGame, name: "eve" })).rejects.toThrow(
      "spectate: give url (a room's WebSocket URL) or transport (a TransportFactory)",
    );
  });
});
