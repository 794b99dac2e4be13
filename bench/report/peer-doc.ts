// The "Peer sessions" section of docs/benchmarks.md, rendered from bench/results/peer.json
// by every run of `npm run bench:peer`, with the command and the machine beside the figures.

import { DEFAULT_RTC_OPTIONS } from "../../client/src/peer/rtc-options.js";
import type { Carrier } from "../peer/framing.js";
import { FRAMING } from "../peer/framing.js";
import type { DelayFigures } from "../peer/link-scene.js";
import type { LiveResults, Spread } from "../peer/live/live-bench.js";
import type { MachineInfo } from "./machine.js";

/** One carrier's figures at one loss rate (rounded for the file). */
export interface CarrierFigures {
  readonly ticks: number;
  readonly bytesPerClientTick: number;
  readonly payloadBytesPerClientTick: number;
  readonly framesPerClientTick: number;
  readonly unreliableShare: number;
  readonly largestFrameBytes: number;
  readonly inputToScreen: DelayFigures;
  readonly inputToRoom: DelayFigures;
  readonly correctionsPerClientMinute: number;
  readonly mispredictions: number;
  readonly resyncs: number;
  readonly staleSnapshots: number;
  readonly droppedFrames: number;
  readonly quietTicks: number;
}

/** What bench/peer.ts writes to bench/results/peer.json. */
export interface PeerResults {
  readonly benchmark: "peer";
  /** The exact command that produced the file. */
  readonly command: string;
  readonly machine: MachineInfo;
  /** `os.loadavg()` (1, 5, 15 min) when the run started and ended, and what it means here. */
  readonly load: { readonly start: number[]; readonly end: number[]; readonly note: string };
  /** Bytes per client per room tick at 0% loss, framing included. */
  readonly bytesPerClientTickWebSocket: number;
  readonly bytesPerClientTickDataChannel: number;
  /** Part two's medians, ms (absent when it was not run: `--no-live`). */
  readonly directFirstStateMs?: number;
  readonly relayFirstStateMs?: number;
  readonly fallbackMs?: number;
  readonly migrationMs?: number;
  /** Part two in full: every run, medians and maxima, relay usage. */
  readonly live?: LiveResults;
  readonly scene: {
    readonly game: string;
    readonly players: number;
    readonly tickRate: number;
    readonly latencyMs: number;
    readonly jitterMs: number;
    readonly retransmitMs: number;
    readonly warmupMs: number;
    readonly scriptMs: number;
    readonly restMs: number;
    readonly renderHz: number;
    readonly seed: number;
    readonly steering: string;
  };
  readonly framing: typeof FRAMING & { readonly notCounted: readonly string[] };
  readonly loss0: Record<Carrier, CarrierFigures>;
  readonly loss5: Record<Carrier, CarrierFigures>;
  /** How the figures were checked. */
  readonly verified: string;
}

/** The section of docs/benchmarks.md the peer bench owns (doc-sections.ts). */
export const PEER_SECTION = "peer-sessions";

const CARRIERS: readonly [Carrier, string][] = [
  ["websocket", "WebSocket room (snapshots reliable)"],
  ["dataChannel", "data channels (snapshots unreliable)"],
];

const ms = (d: DelayFigures) =>
  `${d.meanMs.toFixed(0)} / ${d.p50Ms.toFixed(0)} / ${d.p95Ms.toFixed(0)} / ${d.maxMs.toFixed(0)}`;

/** The section's Markdown (without its markers). */
export function peerSection(r: PeerResults): string {
  const m = r.machine;
  const s = r.scene;
  const ws = FRAMING.webSocket;
  const dc = FRAMING.dataChannel;
  const out = [
    "## Peer sessions (issue 13)",
    "",
    `Command: \`${r.command}\` (the npm script runs \`tsx bench/peer.ts\`).`,
    "Machine-readable results: `bench/results/peer.json`.",
    "",
    `Measured ${m.date} on ${m.cpuModel}: ${m.cores} logical cores, ${m.memoryGiB} GiB memory,`,
    `${m.os}, Node ${m.node}. Load average at the start ${r.load.start.join(", ")}; ${r.load.note}`,
    "",
    "### The same room over a WebSocket and over data channels (simulated link)",
    "",
    `One arena \`RoomCore\` (games/arena, ${s.tickRate} Hz) and ${s.players} \`NetClient\`s in one process`,
    "on a manual clock, each over a seeded simulated link (client/src/transport/",
    `simulated-transport.ts): ${s.latencyMs} ms one way plus up to ${s.jitterMs} ms of uniform jitter, both`,
    `directions. ${s.steering} After ${s.warmupMs / 1000} s of warm-up the script runs`,
    `${s.scriptMs / 1000} s of simulated time (measured), then everyone idles ${s.restMs / 1000} s. Two`,
    "configurations of the same room:",
    "",
    "- **WebSocket**: room defaults (snapshots reliable, deltas against the last tick sent).",
    "  Every frame goes on one ordered link: a lost frame is retransmitted",
    `  ${s.retransmitMs} ms late and holds back every frame behind it (TCP's head-of-line blocking).`,
    '- **data channels**: room option `snapshotChannel: "unreliable"`: snapshots go on an',
    "  unordered link that drops a lost frame (deltas against the last tick the client",
    "  acknowledged, so nothing waits for a lost one); everything else (welcome, pongs,",
    "  inputs the other way) on the ordered link, as over the reliable data channel.",
    "",
    "Loss applies to both links of a configuration in both directions. Nothing reads a real",
    "clock: the figures are exact for the seed and do not depend on the machine's load.",
    "",
    "| loss | carrier | bytes/client/tick on the wire | of which payload | frames/client/tick | largest frame B |",
    "| ---: | --- | ---: | ---: | ---: | ---: |",
  ];
  for (const [key, loss] of [
    ["loss0", "0%"],
    ["loss5", "5%"],
  ] as const) {
    for (const [carrier, label] of CARRIERS) {
      const f = r[key][carrier];
      out.push(
        `| ${loss} | ${label} | ${f.bytesPerClientTick.toFixed(1)} | ${f.payloadBytesPerClientTick.toFixed(1)} | ${f.framesPerClientTick.toFixed(3)} | ${f.largestFrameBytes} |`,
      );
    }
  }
  out.push(
    "",
    `\`bytesPerClientTickWebSocket\` = ${r.bytesPerClientTickWebSocket}, \`bytesPerClientTickDataChannel\` =`,
    `${r.bytesPerClientTickDataChannel} (0% loss). Bytes are what each client receives per room tick,`,
    "averaged over clients and the script's ticks: the room's frames (payload) plus the",
    "framing below, on the wire above IP.",
    "",
    "| loss | carrier | input-to-screen ms: mean / p50 / p95 / max | press-to-room ms: mean / p95 | own corrections /client/min | stale snapshots | snapshots dropped |",
    "| ---: | --- | --- | --- | ---: | ---: | ---: |",
  );
  for (const [key, loss] of [
    ["loss0", "0%"],
    ["loss5", "5%"],
  ] as const) {
    for (const [carrier, label] of CARRIERS) {
      const f = r[key][carrier];
      out.push(
        `| ${loss} | ${label} | ${ms(f.inputToScreen)} | ${f.inputToRoom.meanMs.toFixed(0)} / ${f.inputToRoom.p95Ms.toFixed(0)} | ${f.correctionsPerClientMinute.toFixed(1)} | ${f.staleSnapshots} | ${f.droppedFrames} |`,
      );
    }
  }
  const w = r.loss5.websocket.inputToScreen;
  out.push(
    "",
    "- **input-to-screen**: for every idle → thrust change of a player at time t, T is the",
    "  first room tick whose step applied that thrust (tick T's state is the first in which",
    "  the ship moves under it); each other client shows it at the first render frame",
    `  (${s.renderHz} Hz) at which its \`renderTick\` has reached T and it holds a snapshot of tick T or`,
    "  later (a render clock past T without that data is still extrapolating the old",
    `  motion). One sample per press and observer (${w.samples} at 5% loss over WebSocket).`,
    "- **press-to-room**: the part of it from the press to the room's step: input sampling,",
    "  the uplink and the room's input buffer. Inputs are reliable on both carriers, so this",
    "  part pays for retransmissions either way; the carriers differ on the way down.",
    "- **own corrections**: the predicting player's mispredictions plus resyncs",
    "  (`Predictor.counters`), per client per minute of the script.",
    "- **stale snapshots**: snapshots a client ignored as late or duplicated (only the",
    "  unreliable channel can deliver one); **snapshots dropped**: frames the unordered links",
    "  lost.",
    "",
    `${r.verified}`,
    "",
    "#### Framing counted (bench/peer/framing.ts)",
    "",
    "| carrier | per message |",
    "| --- | --- |",
    `| WebSocket | frame header ${ws.headerSmall} B under ${ws.mediumFrom} payload bytes, ${ws.headerMedium} B under ${ws.largeFrom.toLocaleString("en")} (RFC 6455 server frames are unmasked) + TLS 1.3 record ${ws.tlsRecord} B (5 header + 1 content type + 16 AEAD tag) |`,
    `| data channel | edgetick channel framing: 0 B (a reliable frame is escaped with 2 B only if it begins with 0xFF, which no room message does; unreliable frames go as they are) + SCTP common header ${dc.sctpCommonHeader} B + DATA chunk ${dc.sctpDataChunk} B + chunk padding to ${dc.chunkAlign} B + DTLS 1.2 AES-GCM record ${dc.dtlsRecord} B (13 header + 8 explicit nonce + 16 tag) |`,
    "",
    "Not counted, on either carrier: IP, UDP and TCP headers; TCP ACKs and SCTP SACK chunks",
    "(the transports' own acknowledgements of the client's inputs); handshakes (TLS, DTLS,",
    "ICE, SCTP association), paid once per connection. Each message is counted as its own",
    "TLS record or its own SCTP packet in its own DTLS record, as a frame written on its own",
    "is sent; stacks that bundle messages written together share those headers.",
  );
  out.push("", ...liveSection(r.live));
  return out.join("\n");
}

const spreadCells = (s: Spread) =>
  `${s.medianMs.toFixed(0)} | ${s.maxMs.toFixed(0)} | ${s.runsMs.map((v) => v.toFixed(0)).join(", ")}`;

/** Part two's subsection: the real runtime. */
function liveSection(live: LiveResults | undefined): string[] {
  const head = ["### On the real runtime (wrangler dev, Node peers over werift)", ""];
  if (!live) return [...head, "Not run in the last measurement (`--no-live`): no figures."];
  const u = live.relayUsage;
  const usage = (f: (run: (typeof u.runs)[number]) => number) => u.runs.map(f).join(", ");
  const timeout = DEFAULT_RTC_OPTIONS.connectTimeoutMs;
  return [
    ...head,
    `${live.server}. Each run has a session of its own (a new PeerSession object); the kinds`,
    `of run take turns, ${live.repeats} of each (after ${live.warmupRuns}, unmeasured). Times are wall`,
    "clock on this machine, so they move with its load.",
    "",
    "| figure | median ms | max ms | runs ms |",
    "| --- | ---: | ---: | --- |",
    `| \`directFirstStateMs\`: a peer joins a Node listen host over data channels | ${spreadCells(live.directFirstStateMs)} |`,
    `| \`relayFirstStateMs\`: the same, direct blocked and the relay taken at once | ${spreadCells(live.relayFirstStateMs)} |`,
    `| \`fallbackMs\`: direct attempted but blocked, until the relay carries the link | ${spreadCells(live.fallbackMs)} |`,
    `| of which the direct attempt, until it gave up | ${spreadCells(live.fallbackDirectGaveUpMs)} |`,
    `| time to first state of those fallback joins | ${spreadCells(live.fallbackFirstStateMs)} |`,
    `| \`migrationMs\`: the host's process killed, until the other peer's player resumed on the new host | ${spreadCells(live.migrationMs)} |`,
    `| until the elected peer's own player resumed on the room it now hosts | ${spreadCells(live.migrationNewHostMs)} |`,
    `| the client's \`migrated\` event figure (from the announcement of the new host) | ${spreadCells(live.migrationEventMs)} |`,
    "",
    "- **First state** runs from the start of the join (POST /v1/sessions/{id}/join, before",
    "  the signaling socket opens) to the first snapshot the peer's room applies; the peer's",
    "  link report names the path, and the run fails unless it is the one asked for and the",
    "  peer's mirror then holds the host's ships at the host's tick.",
    '- **Direct blocked**: the peer\'s `candidateFilter: "relay-only"` keeps every candidate',
    "  from being gathered, signaled or added, and no TURN server is configured, so no direct",
    "  path can open; the relay run also sets `direct: false`, the fallback run does not.",
    `- **fallbackMs** is the link report's \`openMs\` with the client's default`,
    `  \`rtc.connectTimeoutMs\` (${timeout} ms): with no candidate pair the attempt waits out that`,
    "  timeout, so the figure is that setting plus the relayed link's opening.",
    "- **migrationMs**: a host in a Node process of its own, two peers on direct links; the",
    "  host's process group is killed with SIGKILL once the session holds its roster, and",
    "  the clock runs until the other peer's connection resumed its player (same id and",
    "  ship) on the peer the session elected; the run fails unless that peer's mirror then",
    "  holds the new host's ships.",
    "",
    `Relay traffic per session (GET /v1/sessions/{id}/usage after each relay run, one peer`,
    `playing ${u.playMs / 1000} s: thrust, then a turn): relayFrames ${usage((r) => r.relayFrames)}; relayBytes`,
    `${usage((r) => r.relayBytes)} (3-byte relay headers included); relayDroppedFrames`,
    `${usage((r) => r.relayDroppedFrames)}; signalMessages ${usage((r) => r.signalMessages)}.`,
  ];
}
