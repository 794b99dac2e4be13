// The "Voice" section of docs/benchmarks.md, written by bench/voice.ts from its results
// (between section markers, so the replication bench's rewrite of the page keeps it).

/** The section's id in docs/benchmarks.md. */
export const VOICE_SECTION = "voice";

/** What the section reports (bench/results/voice.json, in part). */
export interface VoiceDocFigures {
  readonly machine: { readonly date: string; readonly cpuModel: string; readonly cores: number };
  readonly loadAverageAtStart: number;
  readonly latencyMsP50: number;
  readonly latencyMsP95: number;
  readonly latencySamples: number;
  readonly captureToArrivalMsP50: number;
  readonly captureToArrivalMsP95: number;
  readonly arrivalToEarMsP50: number;
  readonly arrivalToEarMsP95: number;
  readonly bytesPerSecondPerSpeaker: number;
  readonly meanOpusPacketBytes: number;
  readonly framesSentInSilence: number;
  readonly silentFramesCaptured: number;
  readonly listenerJitterBuffer: { readonly targetDelayMs: number; readonly concealed: number };
  readonly tickMsWithVoice: number;
  readonly tickMsWithoutVoice: number;
  readonly voiceReceiveMeanMsPerTick: number;
  readonly room: {
    readonly runs: number;
    readonly measuredTicksPerRun: number;
    readonly relayedCopiesPerFrame: number;
    readonly relayedBytesPerSecond: number;
  };
}

/** The section's body (markdown). */
export function voiceSection(r: VoiceDocFigures): string {
  return `## Voice (issue 14)

\`npm run bench:voice\` (bench/voice.ts) writes bench/results/voice.json. Measured
${r.machine.date.slice(0, 16).replace("T", " ")} UTC on ${r.machine.cores} cores of an
${r.machine.cpuModel}, with a load average of ${r.loadAverageAtStart} when the run started
(the machine was shared): times here are upper bounds for an idle machine.

**Through a real room** (bench/voice/voice-live.ts): \`wrangler dev\` on loopback, two headless
Chromium pages of the arena demo, players 1 and 2 (372 units apart, inside the 500-unit
hearing radius). The speaker's fake microphone plays a 440 Hz tone (a generated WAV through
\`--use-file-for-fake-audio-capture\`) and talks by voice activation; the listener plays it.

| figure | value | how |
| --- | --- | --- |
| mouth-to-ear latency p50 / p95 | ${r.latencyMsP50} / ${r.latencyMsP95} ms | per frame (${r.latencySamples} frames after a second of warm-up): from the capture of its first sample (the microphone read that completed the 20 ms frame, minus 20 ms) on the speaker's page to the moment the listener's output plays its first sample (its scheduled start on the listener's AudioContext, mapped to wall time with \`getOutputTimestamp()\`, so the output latency the browser reports counts); both pages read wall time as \`timeOrigin + now()\` |
| of it: capture → arrival p50 / p95 | ${r.captureToArrivalMsP50} / ${r.captureToArrivalMsP95} ms | encoding, the speaker's socket, the room, the listener's socket, until the listener's page handles the frame |
| of it: arrival → ear p50 / p95 | ${r.arrivalToEarMsP50} / ${r.arrivalToEarMsP95} ms | the jitter buffer's delay (its target at the end: ${Math.round(r.listenerJitterBuffer.targetDelayMs)} ms, ${r.listenerJitterBuffer.concealed} slots concealed), decoding, scheduling 30 ms ahead, output latency |
| bytes per second per speaker | ${r.bytesPerSecondPerSpeaker} B/s | VOICE frames the speaker sent while talking, 4-byte headers included, over the seconds of audio captured meanwhile (Opus at 24 kbit/s; mean packet ${r.meanOpusPacketBytes} bytes) |
| frames sent in silence | ${r.framesSentInSilence} of ${r.silentFramesCaptured} | a third page whose fake microphone plays silence, voice activation on: frames sent while it captured that many 20 ms frames |

By its parts, the pipeline's fixed delay adds up to about 140 ms: 20 ms (the frame) + a few
ms of encoding + the 40 ms minimum jitter delay + 30 ms of scheduling lead + the output
latency the browser reports (40 ms headless). That sum is arithmetic, not a measurement: this
machine was never idle. What this run shows above it is the pages' main threads waiting for a
core: frames reach the listener's page in bursts (the capture → arrival p95), and its jitter
buffer raises its delay to cover the jitter it measures, as it is meant to.

**The room's cost** (bench/voice/voice-room.ts): the arena room core in Node with 16 players
steering by seeded scripts, 4 of them talking (a VOICE frame each 20 ms per talker, packets of
the size measured above), against the same room and scripts without voice, in
${r.room.runs} alternating runs of ${r.room.measuredTicksPerRun} ticks (30 Hz). The room relays a
frame when it arrives, outside its tick, so each tick period is charged with \`room.update\` and
the voice receives that fell in it; the figures are the median tick period of each run,
the median over runs.

| figure | value |
| --- | --- |
| tick period with voice (\`tickMsWithVoice\`) | ${r.tickMsWithVoice} ms |
| tick period without voice (\`tickMsWithoutVoice\`) | ${r.tickMsWithoutVoice} ms |
| voice receives per tick period (mean) | ${r.voiceReceiveMeanMsPerTick} ms |
| copies relayed per frame | ${r.room.relayedCopiesPerFrame} |
| bytes relayed per second (all listeners) | ${r.room.relayedBytesPerSecond} B/s |
`;
}
