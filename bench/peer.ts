// `npm run bench:peer`: the peer session figures of issue 13, in two parts.
//
// 1. Simulated: the same arena room, eight players steering by seeded inputs, over a
//    WebSocket-like link (everything reliable and ordered) and over data channels (snapshots
//    unreliable), at 0% and 5% loss on a seeded simulated link with a manual clock: bytes
//    per client per tick with framing, input-to-screen delay, prediction corrections, stale
//    snapshots. Every run ends by checking that each client's mirror converged to the room's
//    view of it; a run that does not writes nothing.
// 2. Real runtime: `wrangler dev` with Node peers on werift data channels: time to first
//    state direct and relayed, the fallback to the relay, host migration, relay usage
//    (bench/peer/live).
//
// Writes bench/results/peer.json and the "Peer sessions" section of docs/benchmarks.md.
// Options: --no-write (print only); --script-ms N (part 1's script, default 30000);
// --repeats N (part 2's runs of each kind, default 5); --no-live (part 1 only).

import { readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ARENA_TICK_RATE } from "../games/arena/index.js";
import { MirrorDivergenceError } from "./peer/convergence.js";
import { type Carrier, FRAMING } from "./peer/framing.js";
import type { LinkConditions } from "./peer/link-room.js";
import { type DelayFigures, type LinkSceneFigures, runLinkScene } from "./peer/link-scene.js";
import { type LiveResults, liveBench } from "./peer/live/live-bench.js";
import { PHASE_MS } from "./peer/steering.js";
import { withSection } from "./report/doc-sections.js";
import { machineInfo } from "./report/machine.js";
import {
  type CarrierFigures,
  PEER_SECTION,
  type PeerResults,
  peerSection,
} from "./report/peer-doc.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const RESULTS_PATH = join(ROOT, "bench/results/peer.json");
const DOC_PATH = join(ROOT, "docs/benchmarks.md");

const PLAYERS = 8;
const SEED = 12345;
const LATENCY_MS = 40;
const JITTER_MS = 10;
/** How late a lost frame of an ordered link arrives (its retransmission). */
const RETRANSMIT_MS = 200;
const WARMUP_MS = 2000;
const REST_MS = 6000;
const RENDER_HZ = 60;
const CARRIERS: readonly Carrier[] = ["websocket", "dataChannel"];

const round = (n: number, digits = 1) => Number(n.toFixed(digits));
const print = (line: string) => process.stdout.write(`${line}\n`);

function roundDelay(d: DelayFigures): DelayFigures {
  return {
    samples: d.samples,
    meanMs: round(d.meanMs),
    p50Ms: round(d.p50Ms),
    p95Ms: round(d.p95Ms),
    maxMs: round(d.maxMs),
  };
}

function figures(f: LinkSceneFigures): CarrierFigures {
  return {
    ticks: f.ticks,
    bytesPerClientTick: round(f.bytesPerClientTick),
    payloadBytesPerClientTick: round(f.payloadBytesPerClientTick),
    framesPerClientTick: round(f.framesPerClientTick, 3),
    unreliableShare: round(f.unreliableShare, 3),
    largestFrameBytes: f.largestFrameBytes,
    inputToScreen: roundDelay(f.inputToScreen),
    inputToRoom: roundDelay(f.inputToRoom),
    correctionsPerClientMinute: round(f.correctionsPerClientMinute),
    mispredictions: f.mispredictions,
    resyncs: f.resyncs,
    staleSnapshots: f.staleSnapshots,
    droppedFrames: f.droppedFrames,
    quietTicks: f.quietTicks,
  };
}

/** The longest part two may take before the bench gives up (its server is stopped), ms. */
const LIVE_LIMIT_MS = 15 * 60_000;

function parseOptions(argv: string[]) {
  let write = true;
  let live = true;
  let scriptMs = 30_000;
  let repeats = 5;
  const integer = (flag: string, min: number) => {
    const n = Number(argv[argv.indexOf(flag) + 1]);
    if (!Number.isInteger(n) || n < min) throw new Error(`${flag} must be an integer ≥ ${min}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--no-write") write = false;
    else if (argv[i] === "--no-live") live = false;
    else if (argv[i] === "--script-ms") scriptMs = integer(argv[i++]!, 3000);
    else if (argv[i] === "--repeats") repeats = integer(argv[i++]!, 1);
    else throw new Error(`unknown option ${argv[i]}`);
  }
  return { write, live, scriptMs, repeats };
}

async function main(argv: string[]): Promise<void> {
  const options = parseOptions(argv);
  const machine = machineInfo();
  const loadAtStart = os.loadavg().map((l) => round(l, 2));
  const command = `npm run bench:peer${argv.length === 0 ? "" : ` -- ${argv.join(" ")}`}`;
  const run = (loss: number) => {
    const conditions: LinkConditions = {
      latencyMs: LATENCY_MS,
      jitterMs: JITTER_MS,
      loss,
      retransmitMs: RETRANSMIT_MS,
    };
    const out = {} as Record<Carrier, CarrierFigures>;
    for (const carrier of CARRIERS) {
      const f = runLinkScene({
        carrier,
        conditions,
        players: PLAYERS,
        warmupMs: WARMUP_MS,
        scriptMs: options.scriptMs,
        restMs: REST_MS,
        renderHz: RENDER_HZ,
        seed: SEED,
      });
      out[carrier] = figures(f);
      const d = out[carrier].inputToScreen;
      print(
        `${(loss * 100).toFixed(0)}% loss, ${carrier}: ${out[carrier].bytesPerClientTick} B/client/tick, ` +
          `input-to-screen mean ${d.meanMs} p95 ${d.p95Ms} max ${d.maxMs} ms (${d.samples} samples), ` +
          `corrections ${out[carrier].correctionsPerClientMinute}/client/min, stale ${f.staleSnapshots}`,
      );
    }
    return out;
  };
  const loss0 = run(0);
  const loss5 = run(0.05);
  let live: LiveResults | undefined;
  if (options.live) {
    const watchdog = setTimeout(() => {
      process.stderr.write(
        `part two did not finish within ${LIVE_LIMIT_MS} ms: no results written\n`,
      );
      process.exit(1);
    }, LIVE_LIMIT_MS);
    live = await liveBench(options.repeats, print);
    clearTimeout(watchdog);
  }
  const loadAtEnd = os.loadavg().map((l) => round(l, 2));
  const busy = Math.max(loadAtStart[0]!, loadAtEnd[0]!) > machine.cores;
  const results: PeerResults = {
    benchmark: "peer",
    command,
    machine,
    load: {
      start: loadAtStart,
      end: loadAtEnd,
      note: `${busy ? "the machine was busy (load above its 2 cores): " : ""}part one reads no real clock, so load cannot change its figures; part two's are wall-clock times${busy ? ", slowed by it" : ""}.`,
    },
    bytesPerClientTickWebSocket: loss0.websocket.bytesPerClientTick,
    bytesPerClientTickDataChannel: loss0.dataChannel.bytesPerClientTick,
    ...(live && {
      directFirstStateMs: live.directFirstStateMs.medianMs,
      relayFirstStateMs: live.relayFirstStateMs.medianMs,
      fallbackMs: live.fallbackMs.medianMs,
      migrationMs: live.migrationMs.medianMs,
      live,
    }),
    scene: {
      game: "arena",
      players: PLAYERS,
      tickRate: ARENA_TICK_RATE,
      latencyMs: LATENCY_MS,
      jitterMs: JITTER_MS,
      retransmitMs: RETRANSMIT_MS,
      warmupMs: WARMUP_MS,
      scriptMs: options.scriptMs,
      restMs: REST_MS,
      renderHz: RENDER_HZ,
      seed: SEED,
      steering: `Each player holds seeded phases of idle, thrust and turn (left or right) in turn, each ${PHASE_MS.min}–${PHASE_MS.max} ms (mulberry32).`,
    },
    framing: {
      ...FRAMING,
      notCounted: [
        "IP, UDP and TCP headers",
        "TCP ACKs and SCTP SACK chunks",
        "TLS, DTLS, ICE and SCTP handshakes (once per connection)",
        "bundling: each message is counted as its own TLS record, or its own SCTP packet in its own DTLS record",
      ],
    },
    loss0,
    loss5,
    verified:
      "Every run ends with the link quieted (room ticks one at a time, every frame in flight delivered, until each client holds the room's latest tick) and each client's mirror compared with the room's view of it, every ship field bit for bit; a run that fails writes no results. No client refused a frame or lost its link in any run.",
  };
  if (!options.write) {
    print(JSON.stringify(results, null, 2));
    return;
  }
  writeFileSync(RESULTS_PATH, `${JSON.stringify(results, null, 2)}\n`);
  const page = readFileSync(DOC_PATH, "utf8");
  writeFileSync(DOC_PATH, withSection(page, PEER_SECTION, peerSection(results)));
  print(`wrote ${RESULTS_PATH} and the peer section of ${DOC_PATH}`);
}

try {
  await main(process.argv.slice(2));
  // werift and the signaling sockets may leave handles behind; the results are written.
  process.exit(0);
} catch (error) {
  if (error instanceof MirrorDivergenceError)
    process.stderr.write(`\nMIRROR DIVERGED, no results written: ${error.message}\n`);
  else
    process.stderr.write(
      `\nbench:peer failed, no results written: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
  process.exit(1);
}
