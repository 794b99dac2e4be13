// One run of the peer scene: eight arena players steering by seeded phases over one carrier
// at one loss rate, on a manual clock. It warms up (joins, clock sync), plays the script
// while counting bytes, presses and corrections, lets the ships come to rest, then quiets the
// link and checks every mirror (convergence.ts): a run that does not converge throws, and
// its figures are never reported.

import { ARENA_BUTTON } from "../../games/arena/index.js";
import { verifyConvergence } from "./convergence.js";
import type { Carrier } from "./framing.js";
import { InputDelay } from "./input-delay.js";
import { type LinkClient, type LinkConditions, LinkRoom } from "./link-room.js";
import { steeringScript } from "./steering.js";

/** Settings of one run. */
export interface LinkSceneOptions {
  readonly carrier: Carrier;
  readonly conditions: LinkConditions;
  /** @default 8 */
  readonly players?: number;
  /** Joins and clock sync before the script, ms. @default 2000 */
  readonly warmupMs?: number;
  /** The measured script, ms. @default 30000 */
  readonly scriptMs?: number;
  /** All idle after the script, for coasting ships to stop and late frames to land, ms. @default 6000 */
  readonly restMs?: number;
  /** Render frames per second (the screens the delay is measured on). @default 60 */
  readonly renderHz?: number;
  /** Seeds the links and the steering. @default 12345 */
  readonly seed?: number;
}

/** Order statistics of the delay samples, ms. */
export interface DelayFigures {
  readonly samples: number;
  readonly meanMs: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly maxMs: number;
}

/** What one run measured (bytes and counts over the script only). */
export interface LinkSceneFigures {
  readonly carrier: Carrier;
  readonly loss: number;
  /** Room ticks during the script. */
  readonly ticks: number;
  /** Mean bytes one client received per room tick, framing included (framing.ts). */
  readonly bytesPerClientTick: number;
  /** The same without framing: room frames only. */
  readonly payloadBytesPerClientTick: number;
  /** Frames one client received per room tick, and the share that came unreliable. */
  readonly framesPerClientTick: number;
  readonly unreliableShare: number;
  /** The largest frame any client received, bytes. */
  readonly largestFrameBytes: number;
  readonly inputToScreen: DelayFigures;
  /** The first part of it: from the press to the room's step that applies it. */
  readonly inputToRoom: DelayFigures;
  /** The players' own prediction corrections (mispredictions + resyncs) per client per minute. */
  readonly correctionsPerClientMinute: number;
  readonly mispredictions: number;
  readonly resyncs: number;
  /** Snapshots the clients ignored as late or duplicated (unreliable channel only). */
  readonly staleSnapshots: number;
  /** Frames the unordered links dropped (only snapshots travel there). */
  readonly droppedFrames: number;
  /** Room ticks the final quiet took until every client held the latest. */
  readonly quietTicks: number;
}

/** Runs one configuration; throws if a client failed or a mirror did not converge. */
export function runLinkScene(options: LinkSceneOptions): LinkSceneFigures {
  const players = options.players ?? 8;
  const warmupMs = options.warmupMs ?? 2000;
  const scriptMs = options.scriptMs ?? 30_000;
  const restMs = options.restMs ?? 6000;
  const frameMs = 1000 / (options.renderHz ?? 60);
  const seed = options.seed ?? 12345;
  let delay: InputDelay | undefined;
  const link: LinkRoom = new LinkRoom(options.carrier, options.conditions, seed, (tick, inputs) => {
    if (!delay) return;
    for (const [player, input] of inputs)
      delay.applied(player, tick, (input.buttons & ARENA_BUTTON.THRUST) !== 0, link.now);
  });
  for (let i = 0; i < players; i++) link.join(`pilot ${i + 1}`);

  let nextFrameAt = 0;
  const step = () => {
    const render = link.now + 1 >= nextFrameAt;
    if (render) nextFrameAt += frameMs;
    link.step(render);
    if (!render || !delay) return;
    for (const c of link.clients)
      delay.rendered(
        c.net.session.welcome!.playerId,
        c.net.renderTick,
        c.net.session.tick,
        link.now,
      );
  };
  for (let t = 0; t < warmupMs; t++) step();
  const ids = link.clients.map((c, i) => {
    const id = c.net.session.welcome?.playerId;
    if (id === undefined) throw new Error(`player ${i} was not welcomed during the warm-up`);
    return id;
  });
  delay = new InputDelay(ids);

  // Per player, the buttons it changes to at each ms of the script (idle after the last phase).
  const changes = ids.map((_, i) => {
    const phases = steeringScript(seed * 100 + i, scriptMs);
    const at = new Map(phases.map((p) => [p.startMs, p.buttons]));
    at.set(phases.at(-1)!.endMs, 0);
    return at;
  });
  const startTick = link.room.tick;
  const before = counters(link);
  link.counting = true;
  for (let t = 0; t < scriptMs; t++) {
    link.clients.forEach((c, i) => {
      const buttons = changes[i]!.get(t);
      if (buttons === undefined) return;
      c.net.setInput({ buttons });
      if (buttons === ARENA_BUTTON.THRUST) delay!.pressed(ids[i]!, link.now);
    });
    step();
  }
  link.counting = false;
  const ticks = link.room.tick - startTick;
  const after = counters(link);
  for (const c of link.clients) c.net.setInput({ buttons: 0 });
  for (let t = 0; t < restMs; t++) step();
  if (delay.pending > 0) throw new Error(`${delay.pending} presses never reached every screen`);
  const quietTicks = verifyConvergence(link);

  const sum = (f: (c: LinkClient) => number) => link.clients.reduce((n, c) => n + f(c), 0);
  const frames = sum((c) => c.received.frames);
  const perClientTick = (n: number) => n / (players * ticks);
  const minutes = scriptMs / 60_000;
  const mispredictions = after.mispredictions - before.mispredictions;
  const resyncs = after.resyncs - before.resyncs;
  return {
    carrier: options.carrier,
    loss: options.conditions.loss,
    ticks,
    bytesPerClientTick: perClientTick(sum((c) => c.received.wireBytes)),
    payloadBytesPerClientTick: perClientTick(sum((c) => c.received.payloadBytes)),
    framesPerClientTick: perClientTick(frames),
    unreliableShare: sum((c) => c.received.unreliableFrames) / frames,
    largestFrameBytes: Math.max(...link.clients.map((c) => c.received.largestFrame)),
    inputToScreen: delayFigures(delay.samples),
    inputToRoom: delayFigures(delay.toRoom),
    correctionsPerClientMinute: (mispredictions + resyncs) / players / minutes,
    mispredictions,
    resyncs,
    staleSnapshots: after.stale - before.stale,
    droppedFrames: after.dropped - before.dropped,
    quietTicks,
  };
}

/** Every client's correction, stale-snapshot and dropped-frame counters, summed. */
function counters(link: LinkRoom) {
  const n = { mispredictions: 0, resyncs: 0, stale: 0, dropped: 0 };
  for (const c of link.clients) {
    n.mispredictions += c.net.predictor?.counters.mispredictions ?? 0;
    n.resyncs += c.net.predictor?.counters.resyncs ?? 0;
    n.stale += c.net.counters.staleSnapshots;
    n.dropped += c.pair.dropped;
  }
  return n;
}

/** Mean, median, 95th percentile (nearest rank) and maximum of `samples`, ms. */
export function delayFigures(samples: readonly number[]): DelayFigures {
  if (samples.length === 0) throw new Error("no input-to-screen samples");
  const sorted = Float64Array.from(samples).sort();
  const rank = (p: number) =>
    sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
  const mean = sorted.reduce((a, b) => a + b, 0) / sorted.length;
  return {
    samples: sorted.length,
    meanMs: mean,
    p50Ms: rank(0.5),
    p95Ms: rank(0.95),
    maxMs: sorted[sorted.length - 1]!,
  };
}
