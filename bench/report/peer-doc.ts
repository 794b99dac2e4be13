// The "Peer sessions" section of docs/benchmarks.md, rendered from bench/results/peer.json
// by every run of `npm run bench:peer`, with the command and the machine beside the figures.

import type { Carrier } from "../peer/framing.js";
import { FRAMING } from "../peer/framing.js";
import type { DelayFigures } from "../peer/link-scene.js";
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
  return out.join("\n");
}
