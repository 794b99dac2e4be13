// `npm run bench:spectators`: what spectators and replays cost a room (issue 20).
//
// 1. The demo's arena in a RoomCore in Node, 32 players steered by bots, with 0, 100 and
//    1,000 spectators (again without copying the frames sent, and once with no spectators
//    but recording): `room.update` time per tick, the
//    broadcast stream's encodes per tick, bytes per spectator; two spectators decode
//    everything and must hold exactly the room's state of tick T − delay after tick T.
// 2. Scenes A and B of SCENES.md recorded for a minute: chunk bytes per minute of match,
//    every tick replayed and checked against the live room, random seeks timed and checked.
//
// Writes bench/results/spectators.json and the "Spectators and replays" section of
// docs/benchmarks.md (the page's other sections are kept). A wall-clock bench, run once by
// hand, not a test: the machine's load (`uptime`) is written beside the figures.
//
// Options: --no-write (print only); --rounds N (default 3); --ticks N (measured ticks per
// count and round, default 900); --seeks N (per scene, default 500).
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ARENA_TICK_RATE } from "../games/arena/index.js";
import type { GameDefinition } from "../shared/game/game-definition.js";
import { resolveRoomOptions } from "../shared/room/index.js";
import { mean, percentile } from "./harness/stats.js";
import { withSection } from "./report/doc-sections.js";
import { machineInfo } from "./report/machine.js";
import {
  type RecordingFigures,
  SPECTATORS_SECTION,
  type SpectatorsResults,
  spectatorsSection,
  type TimeFigures,
  type WatchedRoomFigures,
} from "./report/spectators-doc.js";
import { SCENE_A, SCENE_B, SCENE_SEED, type SceneConfig } from "./scenes/scene-config.js";
import { clientSeeks } from "./spectators/client-seeks.js";
import { recordScene } from "./spectators/scene-recording.js";
import { PLAYERS, runWatchedRoom, type WatchedFigures } from "./spectators/watched-room.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const RESULTS_PATH = join(ROOT, "bench/results/spectators.json");
const DOC_PATH = join(ROOT, "docs/benchmarks.md");

/** The spectator counts the issue asks for. */
const COUNTS = [0, 100, 1000] as const;
/** Ticks before timing: the default 3 s delay (90 ticks), a keyframe interval and a second. */
const WARMUP_TICKS = 180;
/** One minute of match at 30 Hz. */
const RECORDED_TICKS = 60 * 30;

const print = (text: string) => process.stdout.write(`${text}\n`);
const round = (n: number, digits = 4) => Number(n.toFixed(digits));

interface Options {
  write: boolean;
  rounds: number;
  ticks: number;
  seeks: number;
}

function parseOptions(argv: string[]): Options {
  const options: Options = { write: true, rounds: 3, ticks: 900, seeks: 500 };
  const integer = (value: string | undefined, min: number, name: string) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be an integer ≥ ${min}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--no-write") options.write = false;
    else if (argv[i] === "--rounds") options.rounds = integer(argv[++i], 1, "--rounds");
    else if (argv[i] === "--ticks") options.ticks = integer(argv[++i], 30, "--ticks");
    else if (argv[i] === "--seeks") options.seeks = integer(argv[++i], 1, "--seeks");
    else throw new Error(`unknown option ${argv[i]}`);
  }
  return options;
}

function uptime(): string {
  return execFileSync("uptime", { encoding: "utf8" }).trim();
}

function times(values: ArrayLike<number>): TimeFigures {
  let max = 0;
  for (let i = 0; i < values.length; i++) max = Math.max(max, values[i]!);
  return {
    p50: round(percentile(values, 0.5)),
    p99: round(percentile(values, 0.99)),
    mean: round(mean(values)),
    max: round(max),
  };
}

/** All rounds' tick times of one configuration, one array. */
function joined(runs: readonly WatchedFigures[]): Float64Array {
  const out = new Float64Array(runs.reduce((n, r) => n + r.tickMs.length, 0));
  let at = 0;
  for (const r of runs) {
    out.set(r.tickMs, at);
    at += r.tickMs.length;
  }
  return out;
}

function watchedFigures(runs: readonly WatchedFigures[]): WatchedRoomFigures {
  const last = runs.at(-1)!;
  return {
    tickMs: times(joined(runs)),
    encodesPerTick: round(last.encodesPerTick),
    bytesPerPlayerTick: round(last.bytesPerPlayerTick, 1),
    bytesPerSpectatorTick: round(last.bytesPerSpectatorTick, 1),
    statesChecked: runs.reduce((n, r) => n + r.statesChecked, 0),
  };
}

async function recording(config: SceneConfig, seeks: number): Promise<RecordingFigures> {
  const started = performance.now();
  const r = recordScene(config, { ticks: RECORDED_TICKS, seeks, seed: SCENE_SEED });
  // The client's player seeks to the same ticks, in the order they were drawn.
  const client = await clientSeeks(
    r.definition as GameDefinition<unknown>,
    r.manifest,
    r.chunks,
    r.targets,
    config.entityCount,
  );
  const failure = r.failure ?? client.failure;
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  print(
    `scene ${config.name}: ${Math.round(r.bytesPerMinute)} B/min, ${r.chunkCount} chunks, ` +
      `${r.statesChecked} ticks replayed, ${r.seekMs.length} seeks p99 ` +
      `${percentile(r.seekMs, 0.99).toFixed(3)} ms, client p99 ` +
      `${percentile(client.seekMs, 0.99).toFixed(3)} ms${failure === null ? "" : `, FAILED: ${failure}`} (${seconds} s)`,
  );
  return {
    entities: config.entityCount,
    clients: config.clientCount,
    ticks: r.ticks,
    durationMs: r.durationMs,
    chunks: r.chunkCount,
    bytes: r.bytes,
    bytesPerMinute: Math.round(r.bytesPerMinute),
    statesChecked: r.statesChecked,
    seeks: r.seekMs.length,
    seekMs: times(r.seekMs),
    statesPerSeek: round(r.seekStates / Math.max(1, r.seekMs.length), 1),
    clientSeekMs: times(client.seekMs),
    worstError: {
      position: round(r.worst.position, 6),
      velocity: round(r.worst.velocity, 6),
      angle: round(r.worst.angle, 6),
    },
    failure,
  };
}

async function main(argv: string[]): Promise<void> {
  const options = parseOptions(argv);
  const machine = machineInfo();
  const uptimeStart = uptime();
  const loadavgStart = os.loadavg().map((l) => round(l, 2));
  const command = `npm run bench:spectators${argv.length === 0 ? "" : ` -- ${argv.join(" ")}`}`;
  print(`spectators bench: ${machine.cpuModel}, ${machine.cores} cores, Node ${machine.node}`);
  print(`uptime: ${uptimeStart}`);

  // Part 1: the counts interleaved in each round, so drift in the machine's load spreads
  // over all of them; the recording room runs in each round too.
  const runs = new Map<string, WatchedFigures[]>();
  const configs = [
    ...COUNTS.map((spectators) => ({
      key: String(spectators),
      label: `${spectators} spectators`,
      spectators,
      record: false,
      copy: true,
    })),
    ...COUNTS.map((spectators) => ({
      key: `${spectators} no copy`,
      label: `${spectators} spectators, frames not copied`,
      spectators,
      record: false,
      copy: false,
    })),
    {
      key: "recording",
      label: "no spectators, recording",
      spectators: 0,
      record: true,
      copy: true,
    },
  ];
  // One short run of each first, unmeasured: the first rooms run while V8 still compiles.
  for (const { spectators, record, copy } of configs)
    runWatchedRoom({
      spectators,
      record,
      copy,
      warmupTicks: WARMUP_TICKS,
      measuredTicks: 60,
      seed: 1,
    });
  for (let round = 0; round < options.rounds; round++) {
    for (const { key, label, spectators, record, copy } of configs) {
      const figures = runWatchedRoom({
        spectators,
        record,
        copy,
        warmupTicks: WARMUP_TICKS,
        measuredTicks: options.ticks,
        seed: SCENE_SEED + round * 100,
      });
      runs.set(key, [...(runs.get(key) ?? []), figures]);
      const p99 = percentile(figures.tickMs, 0.99).toFixed(3);
      print(`round ${round + 1}, ${label}: tick p99 ${p99} ms`);
    }
  }
  const bySpectators: Record<string, WatchedRoomFigures> = {};
  for (const count of COUNTS) bySpectators[count] = watchedFigures(runs.get(String(count))!);
  const recordingRuns = runs.get("recording")!;

  // Part 2: scenes A and B recorded, replayed and seeked.
  const A = await recording(SCENE_A, options.seeks);
  const B = await recording(SCENE_B, options.seeks);

  const defaults = resolveRoomOptions({ tickRate: ARENA_TICK_RATE });
  const delayTicks = runs.get("100")![0]!.delayTicks;
  const results: SpectatorsResults = {
    benchmark: "spectators",
    command,
    machine,
    load: {
      uptimeStart,
      uptimeEnd: uptime(),
      loadavgStart,
      loadavgEnd: os.loadavg().map((l) => round(l, 2)),
    },
    tickMs: Object.fromEntries(COUNTS.map((c) => [String(c), bySpectators[c]!.tickMs])),
    tickMsNote:
      "room.update time per tick, ms, by spectator count: p50, p99, mean and max over every measured tick of every round; frames copied per send (tickMsNoCopy: counted, not copied)",
    tickMsNoCopy: Object.fromEntries(
      COUNTS.map((c) => [String(c), times(joined(runs.get(`${c} no copy`)!))]),
    ),
    tickMsRecording: times(joined(recordingRuns)),
    replayBytesPerMinute: { A: A.bytesPerMinute, B: B.bytesPerMinute },
    replayBytesPerMinuteArena: Math.round(recordingRuns.at(-1)!.replayBytesPerMinute),
    seekMsP99: Math.max(A.seekMs.p99, B.seekMs.p99, A.clientSeekMs.p99, B.clientSeekMs.p99),
    replayExact: A.failure === null && B.failure === null,
    room: {
      game: "arena",
      players: PLAYERS,
      tickRate: ARENA_TICK_RATE,
      spectatorDelayMs: defaults.spectatorDelayMs,
      delayTicks,
      keyframeTicks: defaults.keyframeTicks,
      rounds: options.rounds,
      warmupTicks: WARMUP_TICKS,
      measuredTicksPerRound: options.ticks,
      bySpectators,
    },
    recordings: { A, B },
    verified:
      "Each recorded minute is played chunk by chunk as the room hands the chunks over, and every tick's decoded world is compared with the live scene's state at that tick: the same entities, positions within the prediction tolerance (1/64 unit), velocities within half a step, angles within half a step, hp and kind exact. Every bench seek's world is compared the same way, and every client ReplayPlayer seek's world with the bench seek's at that tick, field for field. A mismatch or a refused chunk or update makes replayExact false and is named below.",
  };
  const { tickMs, replayBytesPerMinute, seekMsP99, replayExact } = results;
  print(JSON.stringify({ tickMs, replayBytesPerMinute, seekMsP99, replayExact }, null, 2));
  if (!options.write) return;
  writeFileSync(RESULTS_PATH, `${JSON.stringify(results, null, 2)}\n`);
  const page = existsSync(DOC_PATH) ? readFileSync(DOC_PATH, "utf8") : "# Benchmarks\n";
  writeFileSync(DOC_PATH, withSection(page, SPECTATORS_SECTION, spectatorsSection(results)));
  print(`wrote ${RESULTS_PATH} and the spectators section of ${DOC_PATH}`);
}

await main(process.argv.slice(2));
