// `npm run bench:voice`: what voice chat costs and how fast it is (issue 14), in two parts.
//
// 1. Real runtime (bench/voice/voice-live.ts): `wrangler dev` on loopback and Chromium pages
//    of the arena demo with fake microphones: mouth-to-ear latency through the room (p50,
//    p95), bytes per second per speaker, frames sent by voice activation in silence.
// 2. The room core in Node (bench/voice/voice-room.ts): 16 players, 4 talking, against the
//    same room without voice, in alternating runs; the room's time per tick period (the
//    median tick of each run; the keys give the median over runs).
//
// Writes bench/results/voice.json and the "Voice" section of docs/benchmarks.md. Options: --no-write (print only); --frames N (part 1's
// measured frames, default 500 = 10 s of talk); --ticks N (part 2's measured ticks per run,
// default 900 = 30 s of room time); --runs N (part 2's runs of each room, default 5).

import { existsSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { withSection } from "./report/doc-sections.js";
import { machineInfo } from "./report/machine.js";
import { VOICE_SECTION, voiceSection } from "./voice/voice-doc.js";
import { voiceLive } from "./voice/voice-live.js";
import { runVoiceRoom, type VoiceRoomFigures } from "./voice/voice-room.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const RESULTS_PATH = join(ROOT, "bench/results/voice.json");
const DOC_PATH = join(ROOT, "docs/benchmarks.md");

const { values } = parseArgs({
  options: {
    "no-write": { type: "boolean", default: false },
    frames: { type: "string", default: "500" },
    ticks: { type: "string", default: "900" },
    runs: { type: "string", default: "5" },
  },
});

const print = (text: string) => process.stdout.write(`${text}\n`);
const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;
const quantile = (sorted: readonly number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))]!;
const median = (xs: readonly number[]) =>
  quantile(
    [...xs].sort((a, b) => a - b),
    0.5,
  );

const machine = machineInfo();
const loadAtStart = os.loadavg()[0]!;
print("part 1: wrangler dev + Chromium …");
const live = await voiceLive(Number(values.frames));
print(
  `  latency p50 ${round(quantile(live.latencyMs, 0.5), 1)} ms, p95 ${round(quantile(live.latencyMs, 0.95), 1)} ms over ${live.latencyMs.length} frames; ${round(live.bytesPerSecondPerSpeaker, 0)} B/s; ${live.framesSentInSilence} frames sent in ${live.silentFrames} of silence`,
);

print("part 2: room core, 16 players, 4 talking vs none …");
const packetBytes = Math.round(live.meanPacketBytes);
const runs: { with: VoiceRoomFigures; without: VoiceRoomFigures }[] = [];
for (let r = 0; r < Number(values.runs); r++) {
  const base = {
    players: 16,
    packetBytes,
    warmupTicks: 150,
    measuredTicks: Number(values.ticks),
    seed: 7 + r,
  };
  const without = runVoiceRoom({ ...base, talkers: 0 });
  const withVoice = runVoiceRoom({ ...base, talkers: 4 });
  runs.push({ with: withVoice, without });
  print(
    `  run ${r}: median tick period ${round(withVoice.medianMs)} ms with voice, ${round(without.medianMs)} ms without`,
  );
}

const last = runs.at(-1)!.with;
const results = {
  machine,
  loadAverageAtStart: round(loadAtStart, 2),
  latencyMsP50: round(quantile(live.latencyMs, 0.5), 1),
  latencyMsP95: round(quantile(live.latencyMs, 0.95), 1),
  latencySamples: live.latencyMs.length,
  captureToArrivalMsP50: round(quantile(live.toArrivalMs, 0.5), 1),
  captureToArrivalMsP95: round(quantile(live.toArrivalMs, 0.95), 1),
  arrivalToEarMsP50: round(quantile(live.arrivalToEarMs, 0.5), 1),
  arrivalToEarMsP95: round(quantile(live.arrivalToEarMs, 0.95), 1),
  bytesPerSecondPerSpeaker: round(live.bytesPerSecondPerSpeaker, 0),
  meanOpusPacketBytes: round(live.meanPacketBytes, 1),
  framesSentInSilence: live.framesSentInSilence,
  silentFramesCaptured: live.silentFrames,
  listenerJitterBuffer: live.jitter,
  // Medians: on a shared machine a few ticks stall for tens of ms, which moves a mean.
  tickMsWithVoice: round(median(runs.map((r) => r.with.medianMs)), 4),
  tickMsWithoutVoice: round(median(runs.map((r) => r.without.medianMs)), 4),
  tickMeanMsWithVoice: round(median(runs.map((r) => r.with.meanMs)), 4),
  tickMeanMsWithoutVoice: round(median(runs.map((r) => r.without.meanMs)), 4),
  tickP95MsWithVoice: round(median(runs.map((r) => r.with.p95Ms)), 4),
  tickP95MsWithoutVoice: round(median(runs.map((r) => r.without.p95Ms)), 4),
  tickOnlyMeanMsWithVoice: round(median(runs.map((r) => r.with.tickOnlyMeanMs)), 4),
  voiceReceiveMeanMsPerTick: round(median(runs.map((r) => r.with.voiceMeanMs)), 4),
  room: {
    players: 16,
    talkers: 4,
    opusPacketBytes: packetBytes,
    runs: runs.length,
    measuredTicksPerRun: Number(values.ticks),
    relayedCopiesPerFrame: round(last.framesOut / last.framesIn, 2),
    relayedBytesPerSecond: round(last.bytesOut / ((Number(values.ticks) * 1000) / 30 / 1000), 0),
  },
};
print(JSON.stringify(results, null, 2));
if (!values["no-write"]) {
  writeFileSync(RESULTS_PATH, `${JSON.stringify(results, null, 2)}\n`);
  const page = existsSync(DOC_PATH) ? readFileSync(DOC_PATH, "utf8") : "# Benchmarks\n";
  writeFileSync(DOC_PATH, withSection(page, VOICE_SECTION, voiceSection(results)));
  print(`wrote ${RESULTS_PATH} and the Voice section of ${DOC_PATH}`);
}
