import { describe, expect, it } from "vitest";
import { NO_INPUT_ACK, SNAPSHOT_HEADER_BYTES } from "../protocol/server-messages.js";
import { ReplicationServer } from "../replication/replication-server.js";
import { boundedInt, defineComponent, defineNetworkSchema } from "../schema/index.js";
import { World } from "../world/world.js";
import { BroadcastStream } from "./broadcast-stream.js";

const Tag = defineComponent("Tag", { n: boundedInt({ min: 0, max: 255 }) });
const schema = defineNetworkSchema([Tag], { maxEntities: 16 });

function setup(keyframeTicks = 4, history = 8) {
  const world = new World({ capacity: 16 });
  const server = new ReplicationServer(world, schema, { reserveBytes: SNAPSHOT_HEADER_BYTES });
  const e = world.spawn();
  world.add(e, Tag, { n: 1 });
  const stream = new BroadcastStream(server, keyframeTicks, history);
  const tick = (force = false) => {
    world.set(e, Tag, { n: (server.tick + 2) & 0xff });
    server.commit();
    return stream.commit(force);
  };
  return { world, server, stream, tick };
}

const kind = (frame: Uint8Array) => frame[SNAPSHOT_HEADER_BYTES]! & 0b11;

describe("BroadcastStream", () => {
  it("starts with a FULL, then deltas, with a FULL beside the delta on keyframe ticks", () => {
    const { stream, tick } = setup(4);
    stream.start();
    const first = tick(); // tick 0: the chain starts with a FULL, which is the keyframe
    expect(kind(first.frame)).toBe(0);
    expect(first.key).toBe(first.frame);
    const kinds = [];
    for (let i = 1; i < 9; i++) {
      const t = tick();
      kinds.push([t.tick, kind(t.frame), t.key === null ? null : kind(t.key)]);
    }
    expect(kinds).toEqual([
      [1, 1, null],
      [2, 1, null],
      [3, 1, null],
      [4, 1, 0],
      [5, 1, null],
      [6, 1, null],
      [7, 1, null],
      [8, 1, 0],
    ]);
    expect(stream.encodes).toBe(1 + 8 + 2);
    // Frames are SNAPSHOTs carrying nothing per client.
    expect(Array.from(first.frame.subarray(0, 6))).toEqual([0x42, 0xff, 0xff, 0xff, 0xff, 0]);
    expect(NO_INPUT_ACK).toBe(0xffff_ffff);
  });

  it("writes a keyframe when asked, and starts over with a FULL after a stop", () => {
    const { stream, tick } = setup(100);
    stream.start();
    tick();
    expect(tick(true).key).not.toBeNull();
    expect(tick().key).toBeNull();
    stream.stop();
    expect(stream.at(2)).toBeUndefined();
    stream.start();
    const restart = tick(); // tick 3: the chain starts again with a FULL
    expect(kind(restart.frame)).toBe(0);
    expect(restart.key).toBe(restart.frame);
    const t = tick();
    expect(t.key).toBeNull();
    expect(stream.keyAtOrBefore(t.tick)?.tick).toBe(t.tick - 1);
  });

  it("keeps the last ticks in its ring and finds the latest keyframe at or before a tick", () => {
    const { stream, tick } = setup(4, 8);
    stream.start();
    for (let i = 0; i < 20; i++) tick(); // ticks 0-19; the ring holds 12-19
    expect(stream.at(11)).toBeUndefined();
    expect(stream.at(12)?.tick).toBe(12);
    expect(stream.keyAtOrBefore(19)?.tick).toBe(16);
    expect(stream.keyAtOrBefore(15)?.tick).toBe(12);
    expect(stream.keyAtOrBefore(11)).toBeUndefined();
    expect(stream.keyAtOrBefore(-1)).toBeUndefined();
  });

  it("takes public RPC events only (to all, or to whoever sees an entity) into the tick", () => {
    const { stream, tick } = setup();
    const ev = (n: number) => Uint8Array.of(0x48, n);
    stream.event({ to: "all" }, ev(0)); // not running: dropped
    stream.start();
    stream.event({ to: "all" }, ev(1));
    stream.event({ to: "player", playerId: 1 }, ev(2));
    stream.event({ to: "team", team: 1 }, ev(3));
    const reused = ev(4);
    stream.event({ to: "interested", entity: 0 }, reused);
    reused[1] = 99; // the RPC writer reuses its buffer: the stream kept a copy
    const t = tick();
    expect(t.events).toEqual([ev(1), ev(4)]);
    expect(tick().events).toEqual([]);
  });
});
