// A spectator's netcode core on a manual clock, fed the room's frames the moment the room
// sends them: the delayed stream goes through the same snapshot buffer, interpolation and
// RenderView as a player's, with nothing predicted.
import { describe, expect, it } from "vitest";
import { ARENA_BUTTON, arenaGame, Ship, shipOf } from "../../../games/arena/index.js";
import { ByteWriter } from "../../../shared/codec/byte-writer.js";
import {
  encodeHello,
  encodeInputHeader,
  NO_TICK_ACK,
} from "../../../shared/protocol/client-messages.js";
import { RoomCore } from "../../../shared/room/room-core.js";
import type { ConnectionId } from "../../../shared/room/room-sink.js";
import { NetClient } from "../net-client.js";
import { resolveNetcodeOptions } from "../netcode-options.js";

/** A room with one thrusting, turning player and one spectator core, on one clock. */
function watched() {
  const clock = { now: 1_000 };
  const closes: string[] = [];
  const options = {
    sendRate: 30,
    maxInputsPerFrame: 8,
    pingIntervalMs: 1000,
    // One tick behind the newest snapshot, no adaptation: render ticks are exact.
    netcode: resolveNetcodeOptions({ interpolation: { delaySnapshots: 1, adaptive: false } }),
  };
  const net = new NetClient(arenaGame, options, (bytes) => room.receive("s", bytes, clock.now));
  const sink = {
    send(conn: ConnectionId, bytes: Uint8Array) {
      if (conn !== "s") return;
      const result = net.receive(bytes.slice(), clock.now);
      if (!result.ok) throw new Error(result.error);
    },
    close(conn: ConnectionId, code: number) {
      closes.push(`${conn} ${code}`);
    },
    setTicking() {},
  };
  const room = new RoomCore(arenaGame, "r", sink, { spectatorDelayMs: 100, keyframeTicks: 10 });
  const w = new ByteWriter();
  room.open("p", clock.now);
  const hello = { game: "arena", schema: arenaGame.schema.fingerprint, name: "ada", token: "" };
  encodeHello(w, hello);
  room.receive("p", w.toBytes(), clock.now);
  room.open("s", clock.now);
  room.receive("s", net.hello("eve", "", "spectator"), clock.now);
  /** The room's ship position after each tick. */
  const xs = new Map<number, number>();
  let seq = 0;
  const tick = () => {
    encodeInputHeader(w.reset(), NO_TICK_ACK, seq++, 1);
    w.u8(ARENA_BUTTON.THRUST | ARENA_BUTTON.LEFT);
    room.receive("p", w.toBytes(), clock.now);
    clock.now += room.tickIntervalMs;
    room.update(clock.now);
    xs.set(room.tick, room.world.store(Ship).pos.x[shipOf(room.world, 1)]!);
  };
  return { room, net, clock, xs, tick, closes };
}

describe("a spectator's NetClient", () => {
  it("renders the delayed stream interpolated between its ticks, predicting nothing", () => {
    const { room, net, clock, xs, tick } = watched();
    for (let i = 0; i < 30; i++) tick();
    expect(net.spectating).toBe(true);
    expect(net.predictor).toBeUndefined();
    const newest = room.tick - 3;
    expect(net.session.tick).toBe(newest);
    const e = shipOf(net.world, 1);
    // Every snapshot of tick T arrived tickMs after T's: the newest is `newest` now, and a
    // tick-long delay renders newest − 1 exactly.
    net.render(clock.now);
    expect(net.renderTick).toBeCloseTo(newest - 1, 9);
    expect(net.view.store(Ship).pos.x[e]).toBeCloseTo(xs.get(newest - 1)!, 9);
    // Half a tick later: halfway between newest − 1 and newest (the ship thrusts, so they differ).
    expect(xs.get(newest)).not.toBe(xs.get(newest - 1));
    net.render(clock.now + room.tickIntervalMs / 2);
    expect(net.renderTick).toBeCloseTo(newest - 0.5, 9);
    const half = (xs.get(newest - 1)! + xs.get(newest)!) / 2;
    expect(net.view.store(Ship).pos.x[e]).toBeCloseTo(half, 9);
  });

  it("never records or sends an input, however long it runs", () => {
    const { net, clock, tick, closes } = watched();
    for (let i = 0; i < 90; i++) {
      tick();
      net.render(clock.now);
    }
    expect(net.session.nextSeq).toBe(0);
    expect(net.counters.messagesOut).toBeGreaterThan(0); // pings only
    expect(closes).toEqual([]); // an INPUT would have closed it with 4004
  });
});
