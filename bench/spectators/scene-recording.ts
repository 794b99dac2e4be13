// A recorded match of a SCENES.md scene: the bench's scene game in a RoomCore with
// `record: true`, its M clients connected, run for a set number of ticks. Each chunk the room
// hands over is decoded and played on a replay mirror, every tick checked against the live
// scene's state at that tick; seeks to random ticks of the match (drawn up front, done as
// their chunk arrives) are timed and checked the same way. What a minute of the match costs
// in stored bytes comes from the chunks themselves.
import { performance } from "node:perf_hooks";
import type { GameDefinition } from "../../shared/game/game-definition.js";
import { mulberry32 } from "../../shared/random/mulberry32.js";
import {
  parseReplayManifest,
  type ReplayChunk,
  type ReplayChunkInfo,
  type ReplayManifest,
} from "../../shared/replay/index.js";
import { RoomCore, type RoomSink } from "../../shared/room/index.js";
import { sayHello } from "../harness/say-hello.js";
import { noErrors, verifyMirror, type WorstErrors } from "../harness/verify-mirror.js";
import { ArenaScene } from "../scenes/arena-scene.js";
import type { SceneConfig } from "../scenes/scene-config.js";
import { EDGETICK_TOLERANCE } from "../systems/edgetick.js";
import { EdgetickClient } from "../systems/edgetick-client.js";
import { ArenaSceneGame, seatName } from "../systems/edgetick-scene-game.js";
import { decodeChunk, playChunk, seekInChunk } from "./replay-seek.js";
import { SceneHistory } from "./scene-history.js";

/** Bytes of a recording by what they carry. */
export interface RecordingBytes {
  /** Every chunk's bytes, headers included: what R2 stores apart from the manifest. */
  readonly chunks: number;
  /** Of which keyframes' updates. */
  readonly keys: number;
  /** Of which deltas' updates. */
  readonly deltas: number;
  /** Of which RPC event frames. */
  readonly events: number;
  /** The manifest as JSON (stored beside the chunks). */
  readonly manifest: number;
}

/** One scene's recorded match, measured. */
export interface SceneRecording {
  readonly scene: SceneConfig["name"];
  readonly ticks: number;
  readonly durationMs: number;
  readonly chunkCount: number;
  readonly bytes: RecordingBytes;
  /** Chunk bytes per minute of match: bytes.chunks / (durationMs / 60 000). */
  readonly bytesPerMinute: number;
  /** States replayed in order and checked against the live scene (every tick). */
  readonly statesChecked: number;
  /** Every seek's time, ms (decode the chunk + reset + apply key and deltas). */
  readonly seekMs: Float64Array;
  /** States applied per seek, summed (the key plus the deltas after it). */
  readonly seekStates: number;
  /** The largest errors of the replayed values against the live scene, in order and seeked. */
  readonly worst: WorstErrors;
  /**
   * Why the replay did not reproduce the room (the first mismatch or refusal), or null when
   * every tick played in order and every seek matched. After one, nothing more is replayed.
   */
  readonly failure: string | null;
  readonly manifest: ReplayManifest;
  /** The scene's game, as the room ran it (a player of the replay needs its schema). */
  readonly definition: GameDefinition<null>;
  /** The chunks as the room handed them over, by index. */
  readonly chunks: readonly Uint8Array[];
  /** The seek targets (ticks) in the order drawn. */
  readonly targets: readonly number[];
}

/** What the run may be told. */
export interface RecordingRun {
  readonly ticks: number;
  readonly seeks: number;
  readonly seed: number;
}

/** The room's host: player frames are dropped, chunks and the manifest kept. */
class RecordingSink implements RoomSink {
  readonly pending: { chunk: Uint8Array; info: ReplayChunkInfo }[] = [];
  readonly manifests: ReplayManifest[] = [];
  send(): void {}
  close(conn: string, code: number, reason: string): void {
    throw new Error(`recording: room closed ${conn} with ${code}: ${reason}`);
  }
  setTicking(): void {}
  recordChunk(chunk: Uint8Array, info: ReplayChunkInfo): void {
    this.pending.push({ chunk, info });
  }
  recordManifest(manifest: ReplayManifest): void {
    this.manifests.push(manifest);
  }
}

/** Records `run.ticks` ticks of scene `config`, replaying and seeking as chunks arrive. */
export function recordScene(config: SceneConfig, run: RecordingRun): SceneRecording {
  const scene = new ArenaScene({
    entityCount: config.entityCount,
    clientCount: config.clientCount,
  });
  const game = new ArenaSceneGame(scene, config.viewRadius, config.clientCount);
  const sink = new RecordingSink();
  const room = new RoomCore(game.definition, `scene-${config.name}`, sink, { record: true });
  const { keyframeTicks, chunkSeconds, tickRate } = room.options;
  // A chunk spans up to chunkTicks + keyframeTicks ticks and is handed over one tick later.
  const history = new SceneHistory(scene.entityCount, chunkSeconds * tickRate + keyframeTicks + 2);
  let now = 0;
  for (let c = 0; c < config.clientCount; c++)
    sayHello(room, game.definition, `client ${c}`, seatName(c), now);

  // Seek targets, uniform over the match's ticks, sorted so each is done as its chunk arrives.
  const random = mulberry32(run.seed);
  const drawn = Array.from({ length: run.seeks }, () => Math.floor(random() * run.ticks));
  const targets = [...drawn].sort((a, b) => a - b);
  const kept: Uint8Array[] = [];
  let seeks = 0;
  const seekMs = new Float64Array(run.seeks);
  let seekStates = 0;

  const replay = new EdgetickClient(game.definition.schema);
  const seeker = new EdgetickClient(game.definition.schema);
  const worst = noErrors();
  const bytes = { chunks: 0, keys: 0, deltas: 0, events: 0, manifest: 0 };
  let statesChecked = 0;
  let chunkCount = 0;
  let failure: string | null = null;
  const check = (mirror: EdgetickClient, tick: number, where: string) => {
    if (mirror.tick !== tick) throw new Error(`${where}: the mirror is at tick ${mirror.tick}`);
    verifyMirror(history.at(tick), mirror, null, EDGETICK_TOLERANCE, worst, where);
  };
  const takeChunks = () => {
    for (const { chunk: stored, info } of sink.pending) {
      const chunk: ReplayChunk = decodeChunk(stored);
      if (chunk.index !== chunkCount || info.bytes !== stored.length)
        throw new Error(`recording: chunk ${chunk.index} arrived as number ${chunkCount}`);
      chunkCount++;
      kept.push(stored);
      bytes.chunks += stored.length;
      for (const r of chunk.records)
        bytes[`${r.kind}s` as "keys" | "deltas" | "events"] += r.bytes.length;
      if (failure !== null) continue;
      try {
        statesChecked += playChunk(chunk, replay, (tick) =>
          check(replay, tick, `scene ${config.name} replay, tick ${tick}`),
        );
        while (seeks < targets.length && targets[seeks]! <= chunk.lastTick) {
          const tick = targets[seeks]!;
          const t0 = performance.now();
          seekStates += seekInChunk(stored, tick, seeker);
          seekMs[seeks] = performance.now() - t0;
          check(seeker, tick, `scene ${config.name} seek to tick ${tick}`);
          seeks++;
        }
      } catch (error) {
        failure = error instanceof Error ? error.message : String(error);
      }
    }
    sink.pending.length = 0;
  };

  for (let t = 0; t < run.ticks; t++) {
    now += room.tickIntervalMs;
    const before = room.tick;
    room.update(now);
    if (room.tick !== before + 1) throw new Error(`recording: tick ${before} → ${room.tick}`);
    history.keep(room.tick, scene);
    takeChunks();
  }
  const manifest = room.replayManifest();
  takeChunks();
  if (manifest === undefined) throw new Error("recording: the room recorded nothing");
  // As the routes serve it: JSON, read back through the validating parser.
  const valid = parseReplayManifest(JSON.stringify(manifest));
  if (!valid.ok) throw new Error(`recording: manifest refused: ${valid.error}`);
  if (manifest.startTick !== 0 || manifest.endTick - manifest.startTick + 1 !== run.ticks)
    throw new Error(`recording: the manifest spans ${manifest.startTick}-${manifest.endTick}`);
  if (failure === null && (statesChecked !== run.ticks || seeks !== targets.length))
    failure = `${statesChecked} of ${run.ticks} ticks replayed, ${seeks} of ${targets.length} seeks`;
  bytes.manifest = new TextEncoder().encode(JSON.stringify(manifest)).length;
  return {
    scene: config.name,
    ticks: run.ticks,
    durationMs: manifest.durationMs,
    chunkCount,
    bytes,
    bytesPerMinute: bytes.chunks / (manifest.durationMs / 60_000),
    statesChecked,
    seekMs: seekMs.subarray(0, seeks),
    seekStates,
    worst,
    failure,
    manifest,
    definition: game.definition,
    chunks: kept,
    targets: drawn,
  };
}
