import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  ARENA_RPCS,
  ARENA_SCHEMA,
  arenaGame,
  listShips,
  type ShipValues,
} from "../../games/arena/index.js";
import { TestRoomHost } from "../../test/support/room/test-room-host.js";
import { ByteWriter } from "../codec/byte-writer.js";
import { decodeReplayChunk, type ReplayChunk } from "../replay/replay-chunk-decoder.js";
import { decodeReplayManifest } from "../replay/replay-manifest.js";
import { ReplicationClient } from "../replication/replication-client.js";
import { RpcClient } from "../rpc/rpc-client.js";
import { World } from "../world/world.js";
import { RoomCore } from "./room-core.js";

/** A recording arena room: 1 s chunks at 30 Hz, keyframes every `keyframeTicks`. */
function recordingHost(keyframeTicks = 10): TestRoomHost {
  return new TestRoomHost({ record: true, chunkSeconds: 1, keyframeTicks });
}

function mirror(): ReplicationClient {
  return new ReplicationClient(
    new World({ capacity: ARENA_SCHEMA.maxEntities, idReuseDelayTicks: 0 }),
    ARENA_SCHEMA,
  );
}

function chunksOf(host: TestRoomHost): ReplayChunk[] {
  return host.chunks.map(({ chunk }) => {
    const decoded = decodeReplayChunk(chunk);
    if (!decoded.ok) throw new Error(decoded.error);
    return decoded.value;
  });
}

/** Plays chunks in order from `from` on, returning the ships after each state, by tick. */
function play(chunks: readonly ReplayChunk[], client = mirror()): Map<number, ShipValues[]> {
  const out = new Map<number, ShipValues[]>();
  for (const c of chunks) {
    for (const r of c.records) {
      if (r.kind === "event") continue;
      const applied = client.apply(r.bytes);
      if (!applied.ok) throw new Error(`tick ${r.tick}: ${applied.error}`);
      expect(applied.value.tick).toBe(r.tick);
      out.set(r.tick, listShips(client.world));
    }
  }
  return out;
}

/** The room's authoritative ships after each tick, by tick. */
function advance(host: TestRoomHost, ticks: number, states: Map<number, ShipValues[]>): void {
  for (let i = 0; i < ticks; i++) {
    host.advance(1);
    states.set(host.room.tick, listShips(host.room.world));
  }
}

describe("RoomCore replay recording", () => {
  it("replays chunks to exactly the states the live room had, tick by tick, from any keyframe", () => {
    const scenario = fc.record({
      keyframeTicks: fc.integer({ min: 1, max: 40 }),
      steps: fc.array(
        fc.record({
          player: fc.integer({ min: 0, max: 3 }),
          action: fc.constantFrom("join", "leave", "input", "input", "spectate"),
          buttons: fc.integer({ min: 0, max: 15 }),
          ticks: fc.integer({ min: 0, max: 25 }),
        }),
        { minLength: 1, maxLength: 25 },
      ),
      seekAt: fc.nat(),
    });
    fc.assert(
      fc.property(scenario, ({ keyframeTicks, steps, seekAt }) => {
        const host = recordingHost(keyframeTicks);
        const states = new Map<number, ShipValues[]>();
        const seqs = [0, 0, 0, 0];
        const joined = new Set<number>();
        host.join("p0");
        joined.add(0);
        let watchers = 0;
        for (const s of steps) {
          const id = `p${s.player}`;
          if (s.action === "join" && !joined.has(s.player)) {
            host.join(id);
            joined.add(s.player);
          } else if (s.action === "leave" && joined.has(s.player) && joined.size > 1) {
            host.room.disconnect(id, host.now, false);
            joined.delete(s.player);
          } else if (s.action === "input" && joined.has(s.player)) {
            host.input(id, seqs[s.player]!, [s.buttons]);
            seqs[s.player]!++;
          } else if (s.action === "spectate") host.spectate(`s${watchers++}`);
          advance(host, s.ticks, states);
        }
        const manifest = host.room.replayManifest();
        if (host.room.tick < 0) {
          expect(manifest).toBeUndefined();
          return;
        }
        expect(decodeReplayManifest(manifest).ok).toBe(true);
        const chunks = chunksOf(host);
        expect(manifest!.startTick).toBe(0);
        expect(manifest!.endTick).toBe(host.room.tick);
        // Every tick, played from the start, is the live room's state.
        const replayed = play(chunks);
        expect(replayed.size).toBe(host.room.tick + 1);
        for (const [tick, ships] of states) expect(replayed.get(tick)).toEqual(ships);
        // A seek: from any keyframe, on a fresh client, the same states follow.
        const keys = chunks.flatMap((c) =>
          c.records.filter((r) => r.kind === "key").map((r) => ({ chunk: c, tick: r.tick })),
        );
        const { chunk, tick } = keys[seekAt % keys.length]!;
        const client = mirror();
        const from = chunks.indexOf(chunk);
        const rest = [
          { ...chunk, records: chunk.records.filter((r) => r.tick >= tick) },
          ...chunks.slice(from + 1),
        ];
        for (const [t, ships] of play(rest, client)) expect(ships).toEqual(states.get(t));
      }),
      { numRuns: 40 },
    );
  });

  it("cuts 1 s chunks at keyframes, each starting with one, and lists them and the players in the manifest", () => {
    const host = recordingHost(10);
    host.joinAs("p1", "acc-1");
    host.join("p2");
    host.advance(95); // ticks 0-94
    expect(host.chunks.map((c) => c.info)).toEqual([
      { index: 0, firstTick: 0, lastTick: 29, bytes: host.chunks[0]!.chunk.length },
      { index: 1, firstTick: 30, lastTick: 59, bytes: host.chunks[1]!.chunk.length },
      { index: 2, firstTick: 60, lastTick: 89, bytes: host.chunks[2]!.chunk.length },
    ]);
    for (const c of chunksOf(host)) {
      expect(c.records[0]!.kind).toBe("key");
      // Keyframes inside a chunk sit at the multiples of keyframeTicks.
      const keys = c.records.filter((r) => r.kind === "key").map((r) => r.tick);
      expect(keys).toEqual([c.firstTick, c.firstTick + 10, c.firstTick + 20]);
    }
    const manifest = host.room.replayManifest()!;
    expect(manifest).toMatchObject({
      format: 1,
      roomId: "test-room",
      game: "arena",
      schema: ARENA_SCHEMA.fingerprint,
      tickRate: 30,
      startTick: 0,
      endTick: 94,
      durationMs: Math.round((95 * 1000) / 30),
      keyframeTicks: 10,
      players: [
        { playerId: 1, name: "p1", accountId: "acc-1" },
        { playerId: 2, name: "p2" },
      ],
    });
    expect(manifest.chunks.at(-1)).toMatchObject({ index: 3, firstTick: 90, lastTick: 94 });
    expect(manifest.endedAt - manifest.startedAt).toBeCloseTo((94 * 1000) / 30, 6);
  });

  it("continues after a manifest with a keyframe at the next tick, leaving no gap", () => {
    const host = recordingHost(10);
    host.join("p1");
    host.advance(13); // ticks 0-12
    expect(host.room.replayManifest()!.endTick).toBe(12);
    host.advance(5); // ticks 13-17: 13 is not a keyframe tick, but a chunk starts there
    const manifest = host.room.replayManifest()!;
    expect(manifest.chunks.map((c) => [c.firstTick, c.lastTick])).toEqual([
      [0, 12],
      [13, 17],
    ]);
    expect(chunksOf(host)[1]!.records[0]).toMatchObject({ kind: "key", tick: 13 });
    expect(decodeReplayManifest(manifest).ok).toBe(true);
  });

  it("hands over the last chunk and the manifest when the room empties", () => {
    const host = recordingHost(10);
    host.join("p1");
    host.spectate("s1");
    host.advance(40);
    host.room.disconnect("s1", host.now);
    expect(host.manifests).toEqual([]);
    host.room.disconnect("p1", host.now, false);
    expect(host.manifests).toHaveLength(1);
    expect(host.manifests[0]!.endTick).toBe(39);
    expect(host.chunks.at(-1)!.info.lastTick).toBe(39);
  });

  it("records public RPC events after the state of the tick they were sent in", () => {
    const host = recordingHost(10);
    host.join("p1");
    host.spectate("s1");
    host.advance(5);
    const rpc = new RpcClient(ARENA_RPCS);
    const w = new ByteWriter();
    rpc.writeCall("emote", { kind: "gg" }, w);
    host.receive("p1", w.toBytes()); // between ticks 4 and 5: an event of tick 5
    host.advance(10);
    host.room.replayManifest();
    const records = chunksOf(host).flatMap((c) => c.records);
    const at = records.findIndex((r) => r.kind === "event");
    expect(records[at]!.tick).toBe(5);
    expect(records[at - 1]).toMatchObject({ kind: "delta", tick: 5 });
    expect(rpc.read(records[at]!.bytes.slice())).toEqual({
      ok: true,
      value: { type: "event", name: "emoted", args: { player: 1, kind: "gg" } },
    });
    // The spectator gets it too, with the state of tick 5, 3 s (90 ticks) later.
    expect(host.of("s1", "rpc")).toEqual([]);
    while (host.of("s1", "rpc").length === 0 && host.room.tick < 200) host.advance(1);
    expect(host.room.tick).toBe(95);
    expect(host.mirrorTick("s1")).toBe(5);
    expect(host.frames.get("s1")!.at(-1)).toEqual({ type: "rpc", frame: records[at]!.bytes });
  });

  it("records nothing on a host that stores no chunks", () => {
    const sent: Uint8Array[] = [];
    const room = new RoomCore(
      arenaGame,
      "r",
      {
        send: (_c, b) => sent.push(b),
        close() {},
        setTicking() {},
      },
      { record: true },
    );
    room.open("c", 0);
    room.update(1000);
    expect(room.broadcastEncodes).toBe(0);
    expect(room.replayManifest()).toBeUndefined();
  });
});
