// The "Spectators and replays" section of docs/benchmarks.md, rendered from
// bench/results/spectators.json by every run of `npm run bench:spectators`, with the command,
// the machine and its load beside the figures.
import type { MachineInfo } from "./machine.js";

/** p50, p99, mean and max of a set of times, ms. */
export interface TimeFigures {
  readonly p50: number;
  readonly p99: number;
  readonly mean: number;
  readonly max: number;
}

/** The watched arena room at one spectator count. */
export interface WatchedRoomFigures {
  readonly tickMs: TimeFigures;
  readonly encodesPerTick: number;
  readonly bytesPerPlayerTick: number;
  readonly bytesPerSpectatorTick: number;
  readonly statesChecked: number;
}

/** One scene's recorded minute. */
export interface RecordingFigures {
  readonly entities: number;
  readonly clients: number;
  readonly ticks: number;
  readonly durationMs: number;
  readonly chunks: number;
  readonly bytes: {
    readonly chunks: number;
    readonly keys: number;
    readonly deltas: number;
    readonly events: number;
    readonly manifest: number;
  };
  readonly bytesPerMinute: number;
  readonly statesChecked: number;
  readonly seeks: number;
  /** The bench's seeks: decode the chunk, reset, keyframe and deltas (replay-seek.ts). */
  readonly seekMs: TimeFigures;
  /** States applied per seek on average (the keyframe and the deltas after it). */
  readonly statesPerSeek: number;
  /** The client's ReplayPlayer seeking to the same ticks in random order (client-seeks.ts). */
  readonly clientSeekMs: TimeFigures;
  /** Largest errors of replayed values against the live scene. */
  readonly worstError: {
    readonly position: number;
    readonly velocity: number;
    readonly angle: number;
  };
  readonly failure: string | null;
}

/** What bench/spectators.ts writes to bench/results/spectators.json. */
export interface SpectatorsResults {
  readonly benchmark: "spectators";
  readonly command: string;
  readonly machine: MachineInfo;
  /** `uptime` and `os.loadavg()` when the run started and ended. */
  readonly load: {
    readonly uptimeStart: string;
    readonly uptimeEnd: string;
    readonly loadavgStart: number[];
    readonly loadavgEnd: number[];
  };
  /** By spectator count: the p50, p99, mean and max of `room.update`, ms (an object per count). */
  readonly tickMs: Record<string, TimeFigures>;
  /** What `tickMs` holds, in words, for readers of the JSON. */
  readonly tickMsNote: string;
  /** As `tickMs`, the frames sent not copied: the room's own work. */
  readonly tickMsNoCopy: Record<string, TimeFigures>;
  /** The same room, no spectators, recording a replay (room option `record: true`). */
  readonly tickMsRecording: TimeFigures;
  /** Chunk bytes per minute of match, scenes A and B of SCENES.md. */
  readonly replayBytesPerMinute: { readonly A: number; readonly B: number };
  /** The arena room's own recording (32 steering bots), bytes per minute. */
  readonly replayBytesPerMinuteArena: number;
  /** The worst p99 seek time of both scenes, by the bench's seeks or the client's player, ms. */
  readonly seekMsP99: number;
  /** True only when every replayed tick and every seek matched the live room. */
  readonly replayExact: boolean;
  readonly room: {
    readonly game: string;
    readonly players: number;
    readonly tickRate: number;
    readonly spectatorDelayMs: number;
    readonly delayTicks: number;
    readonly keyframeTicks: number;
    readonly rounds: number;
    readonly warmupTicks: number;
    readonly measuredTicksPerRound: number;
    readonly bySpectators: Record<string, WatchedRoomFigures>;
  };
  readonly recordings: { readonly A: RecordingFigures; readonly B: RecordingFigures };
  /** How the figures were checked. */
  readonly verified: string;
}

/** The section of docs/benchmarks.md this bench owns (doc-sections.ts). */
export const SPECTATORS_SECTION = "spectators";

const f = (n: number, digits = 3) => n.toFixed(digits);
const int = (n: number) => Math.round(n).toLocaleString("en-US");
const times = (t: TimeFigures) => `${f(t.p50)} / ${f(t.p99)} / ${f(t.max)}`;

/** The section's Markdown (without its markers). */
export function spectatorsSection(r: SpectatorsResults): string {
  const m = r.machine;
  const room = r.room;
  const out = [
    "## Spectators and replays (issue 20)",
    "",
    `Command: \`${r.command}\` (the npm script runs \`tsx bench/spectators.ts\`).`,
    "Machine-readable results: `bench/results/spectators.json`.",
    "",
    `Measured ${m.date} on ${m.cpuModel}: ${m.cores} logical cores, ${m.memoryGiB} GiB memory,`,
    `${m.os}, Node ${m.node}. \`uptime\` at the start: \`${r.load.uptimeStart}\`; at the end:`,
    `\`${r.load.uptimeEnd}\`. Other work shared the machine: times are this run's, compare`,
    "them with each other, not across runs.",
    "",
    "### Tick time with spectators",
    "",
    `The demo's arena (\`games/arena\`, ${room.tickRate} Hz, interest on) in a \`RoomCore\` in Node with`,
    `${room.players} players steered by seeded bots (bench/peer/steering.ts), each sending one INPUT`,
    "a tick; every connection pings once a second. Spectators say HELLO with the spectator",
    `role and watch with the default delay (${room.spectatorDelayMs} ms = ${room.delayTicks} ticks,`,
    `keyframes every ${room.keyframeTicks} ticks). The time is \`room.update\`'s, sends included (each`,
    "frame copied once per connection, as a socket's send copies it), over",
    `${room.rounds} rounds of ${int(room.measuredTicksPerRound)} ticks per count after ${room.warmupTicks}`,
    "warm-up ticks (past the delay), the counts interleaved in each round, after one short",
    "unmeasured run of each (V8's compiler warms up on the first rooms). The first and the",
    "last spectator decode everything they get: after room tick T their mirror is exactly the",
    "room's ships of tick T − delay (never later), every tick, or the run stops.",
    "",
    "| spectators | tick p50 ms | tick p99 ms | mean ms | max ms | stream encodes/tick | bytes/spectator/tick | bytes/player/tick |",
    "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  for (const [count, w] of Object.entries(room.bySpectators)) {
    out.push(
      `| ${int(Number(count))} | ${f(w.tickMs.p50)} | ${f(w.tickMs.p99)} | ${f(w.tickMs.mean)} | ${f(w.tickMs.max)} | ${f(w.encodesPerTick)} | ${f(w.bytesPerSpectatorTick, 1)} | ${f(w.bytesPerPlayerTick, 1)} |`,
    );
  }
  const rec = r.tickMsRecording;
  out.push(
    `| 0, recording | ${f(rec.p50)} | ${f(rec.p99)} | ${f(rec.mean)} | ${f(rec.max)} | | | |`,
    "",
    "One stream encode a tick whatever the count (two on keyframe ticks): spectators cost",
    "their socket writes, not an encode each. The same rooms with the frames only counted,",
    "not copied (no `slice()` per send standing in for the socket's copy, and none of those",
    "copies to collect), show the room's own work:",
    "",
    "| spectators, frames not copied | tick p50 ms | tick p99 ms | mean ms | max ms |",
    "| ---: | ---: | ---: | ---: | ---: |",
  );
  for (const [count, t] of Object.entries(r.tickMsNoCopy))
    out.push(`| ${int(Number(count))} | ${f(t.p50)} | ${f(t.p99)} | ${f(t.mean)} | ${f(t.max)} |`);
  out.push(
    "",
    "What a Durable Object's `ws.send` costs per frame was not measured here. The recording",
    "room's chunks come to",
    `${int(r.replayBytesPerMinuteArena)} bytes per minute of this match.`,
    "",
    "### Replays of scenes A and B",
    "",
    "SCENES.md's scenes A (N=500, M=32) and B (N=2000, M=64, r=300) through the bench's scene",
    "game in a `RoomCore` with `record: true` (chunks of 10 s, keyframes every 2 s) for one",
    "minute of match. A replay holds the whole world (no interest), so B's is 2,000 entities.",
    "Every chunk the room hands over is decoded and played on one mirror from the start, every tick",
    "checked against the live scene at that tick within the schema's precision; seeks to",
    "random ticks of the match (uniform, seeded) are timed two ways. **Bench**: as each chunk",
    "arrives, decode it (bytes in memory, no download), reset a mirror, apply the latest",
    "keyframe at or before the tick and the deltas up to it; each seek's state is checked",
    "against the live scene. **Client**: after the match, the client package's `ReplayPlayer`",
    "(its default cache of 4 decoded chunks, `loadChunk` answering from memory) seeks to the",
    "same ticks in the order drawn, `await player.seek(ms)` timed; each landing must hold",
    "exactly the bench seek's world at that tick.",
    "",
    "| scene | chunk bytes/min | keyframes | deltas | manifest B | chunks | ticks checked | seeks | bench seek p50 / p99 / max ms | client seek p50 / p99 / max ms | states/seek |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  );
  for (const name of ["A", "B"] as const) {
    const s = r.recordings[name];
    const share = (n: number) => `${f((100 * n) / s.bytes.chunks, 1)}%`;
    out.push(
      `| ${name} (N=${s.entities}) | ${int(s.bytesPerMinute)} | ${share(s.bytes.keys)} | ${share(s.bytes.deltas)} | ${int(s.bytes.manifest)} | ${s.chunks} | ${int(s.statesChecked)} | ${s.seeks} | ${times(s.seekMs)} | ${times(s.clientSeekMs)} | ${f(s.statesPerSeek, 1)} |`,
    );
  }
  out.push("", `\`replayExact\`: **${r.replayExact}**. ${r.verified}`);
  for (const name of ["A", "B"] as const) {
    const s = r.recordings[name];
    out.push(
      s.failure === null
        ? `Scene ${name}: largest error position ${s.worstError.position.toExponential(2)} units, velocity ${s.worstError.velocity.toExponential(2)} units/s, angle ${s.worstError.angle.toExponential(2)} rad.`
        : `Scene ${name}: the replay failed: ${s.failure}`,
    );
  }
  return out.join("\n");
}
