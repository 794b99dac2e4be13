import { describe, expect, it } from "vitest";
import { ARENA_SCHEMA, arenaGame, listShips, type ShipValues } from "../../games/arena/index.js";
import { ByteWriter } from "../../shared/codec/byte-writer.js";
import { encodeInputHeader, NO_TICK_ACK } from "../../shared/protocol/index.js";
import { ReplicationClient } from "../../shared/replication/index.js";
import { RoomCore } from "../../shared/room/index.js";
import { World } from "../../shared/world/index.js";
import { sayHello } from "../harness/say-hello.js";
import { decodeChunk, playChunk, type ReplayMirror, seekInChunk } from "./replay-seek.js";

/** An arena mirror as the bench's seeker uses it. */
function arenaMirror(): { mirror: ReplayMirror; ships: () => ShipValues[]; tick: () => number } {
  const client = new ReplicationClient(
    new World({ capacity: ARENA_SCHEMA.maxEntities, idReuseDelayTicks: 0 }),
    ARENA_SCHEMA,
  );
  return {
    mirror: {
      reset: () => client.reset(),
      apply(update) {
        const applied = client.apply(update);
        if (!applied.ok) throw new Error(applied.error);
      },
    },
    ships: () => listShips(client.world),
    tick: () => client.tick,
  };
}

/** A recorded arena match: 1 s chunks, keyframes every 10 ticks, players moving. */
function recordedMatch() {
  const chunks: Uint8Array[] = [];
  const room = new RoomCore(
    arenaGame,
    "seek-test",
    {
      send() {},
      close(conn, code, reason) {
        throw new Error(`${conn} closed ${code}: ${reason}`);
      },
      setTicking() {},
      recordChunk: (chunk) => chunks.push(chunk),
    },
    { record: true, chunkSeconds: 1, keyframeTicks: 10 },
  );
  const w = new ByteWriter();
  let now = 0;
  for (const name of ["p1", "p2", "p3"])
    sayHello(room, { name: "arena", schema: ARENA_SCHEMA }, name, name, now);
  const live = new Map<number, ShipValues[]>();
  for (let t = 0; t < 75; t++) {
    for (const [name, buttons] of [
      ["p1", t % 20 < 10 ? 0b0001 : 0b0100],
      ["p2", 0b1001],
    ] as const) {
      w.reset();
      encodeInputHeader(w, NO_TICK_ACK, t, 1);
      w.u8(buttons);
      room.receive(name, w.view(), now);
    }
    now += room.tickIntervalMs;
    room.update(now);
    live.set(room.tick, listShips(room.world));
  }
  room.replayManifest();
  return { chunks, live };
}

describe("replay seeks (bench)", () => {
  it("lands on the live room's state at every tick, seeking back and forth on one mirror", () => {
    const { chunks, live } = recordedMatch();
    const seeker = arenaMirror();
    // Late ticks first, then early ones: every seek but the first goes back or jumps ahead.
    const ticks = [...live.keys()].sort((a, b) => (a % 7) - (b % 7) || b - a);
    for (const tick of ticks) {
      const bytes = chunks.find((c) => {
        const { firstTick, lastTick } = decodeChunk(c);
        return tick >= firstTick && tick <= lastTick;
      })!;
      const states = seekInChunk(bytes, tick, seeker.mirror);
      // From the keyframe at or before the tick (every 10th tick, and each chunk's first).
      expect(states).toBe((tick % 10) + 1);
      expect(seeker.tick()).toBe(tick);
      expect(seeker.ships()).toEqual(live.get(tick));
    }
  });

  it("plays chunks in order through every tick, and refuses a seek outside the chunk", () => {
    const { chunks, live } = recordedMatch();
    const player = arenaMirror();
    const seen: number[] = [];
    for (const c of chunks)
      playChunk(decodeChunk(c), player.mirror, (tick) => {
        seen.push(tick);
        expect(player.ships()).toEqual(live.get(tick));
      });
    expect(seen).toEqual([...live.keys()]);
    expect(() => seekInChunk(chunks[0]!, 30, player.mirror)).toThrow("outside chunk 0-29");
  });
});
