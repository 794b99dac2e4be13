// A recorded arena match for replay tests: a recording RoomCore on a manual clock with
// players steering at random (seeded), joining and leaving, and emoting, plus what the live
// room held after every tick, to compare a replay against. Tests use it; nothing in
// production does.

import { ARENA_RPCS, listShips, type ShipValues } from "../../../games/arena/index.js";
import { ByteWriter } from "../../../shared/codec/byte-writer.js";
import { mulberry32 } from "../../../shared/random/mulberry32.js";
import type { ReplayManifest } from "../../../shared/replay/replay-manifest.js";
import { RpcClient } from "../../../shared/rpc/rpc-client.js";
import { TestRoomHost } from "./test-room-host.js";

/** A finished recording and the live room's states it must replay to. */
export interface RecordedMatch {
  readonly manifest: ReplayManifest;
  /** Chunk bytes by index. */
  readonly chunks: readonly Uint8Array[];
  /** The room's ships after each tick, by tick. */
  readonly states: ReadonlyMap<number, ShipValues[]>;
  /** The emotes broadcast, with the tick whose state they follow. */
  readonly emotes: readonly { tick: number; player: number; kind: string }[];
}

/**
 * Records `ticks` ticks of an arena room at 30 Hz in 1 s chunks with a keyframe every
 * `keyframeTicks`: three players steer at random from the start, player 2 leaves at a third
 * of the way and player 4 joins at two thirds; player 1 emotes every 40 ticks.
 */
export function recordMatch(ticks: number, seed = 1, keyframeTicks = 10): RecordedMatch {
  const host = new TestRoomHost({ record: true, chunkSeconds: 1, keyframeTicks });
  const random = mulberry32(seed);
  const seqs = new Map<string, number>();
  const playing = new Set(["p1", "p2", "p3"]);
  for (const p of playing) host.join(p);
  const states = new Map<number, ShipValues[]>();
  const emotes: { tick: number; player: number; kind: string }[] = [];
  const rpc = new RpcClient(ARENA_RPCS);
  const w = new ByteWriter();
  for (let i = 0; i < ticks; i++) {
    if (i === Math.floor(ticks / 3)) {
      host.room.disconnect("p2", host.now, false);
      playing.delete("p2");
    }
    if (i === Math.floor((2 * ticks) / 3)) {
      host.join("p4");
      playing.add("p4");
    }
    for (const p of playing) {
      const seq = seqs.get(p) ?? 0;
      host.input(p, seq, [Math.floor(random() * 16)]);
      seqs.set(p, seq + 1);
    }
    if (i % 40 === 5) {
      rpc.writeCall("emote", { kind: "gg" }, w.reset());
      host.receive("p1", w.toBytes());
      // Handled between ticks: an event of the tick stepped next.
      emotes.push({ tick: host.room.tick + 1, player: 1, kind: "gg" });
    }
    host.advance(1);
    states.set(host.room.tick, listShips(host.room.world));
  }
  const manifest = host.room.replayManifest();
  if (!manifest) throw new Error("the room recorded nothing");
  return { manifest, chunks: host.chunks.map((c) => c.chunk), states, emotes };
}
