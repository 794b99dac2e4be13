// Hit registration end to end, at one round-trip time: a range room (range-game.ts) and
// NetClients over seeded simulated links on a manual clock (test/support/netcode-harness.ts).
// Targets steer toward a new random waypoint every 3–8 ticks; a shooter standing at the
// centre renders every 16 ms frame and, every 3–8 frames, fires at a target where ITS screen
// draws it (`net.render(now)`, then the target's position in `net.view`), with the tick its
// screen drew (`net.renderTick`): the CALL frame written by RpcClient goes on the shooter's
// up link behind its INPUT frames, and the room judges it with `rewind.raycast`.
//
// Shots alternate between aimed at the drawn target's centre and aimed beside it (the ray
// passing 1.25–3 hit radii from the drawn centre). The screen's verdict is the nearest drawn
// runner the ray enters; a shot whose screen verdict is not the one intended (another runner
// in the way, or the target drawn over the shooter) is counted as skipped, not judged.

import { SAMPLE } from "../../client/src/snapshot-buffer.js";
import { ByteWriter } from "../../shared/codec/byte-writer.js";
import { rayCircle } from "../../shared/fairplay/lag-compensation.js";
import { mulberry32 } from "../../shared/random/mulberry32.js";
import { RpcClient } from "../../shared/rpc/index.js";
import { type HarnessClient, NetHarness } from "../../test/support/netcode-harness.js";
import { rangeGame } from "./range-game.js";
import { RANGE_RPCS, SHOT_RANGE, ShotLog } from "./range-rpc.js";
import {
  FIELD_HEIGHT,
  FIELD_WIDTH,
  HIT_RADIUS,
  RANGE_TICK_RATE,
  type RangeInput,
  Runner,
  runnerOf,
  steerToward,
} from "./range-schema.js";

/** Frame period of the shooter's renderer, ms (about 60 Hz). */
const FRAME_MS = 16;
/** Where the shooter stands. */
const SHOOTER = { x: FIELD_WIDTH / 2, y: FIELD_HEIGHT / 2 };
/** Waypoints keep this far from the walls: a runner never reaches one before it re-steers. */
const WAYPOINT_MARGIN = 100;
/** Time for the links, clock sync and input timing to settle before the first shot, ms. */
const SETTLE_MS = 1500;

/** Settings of one RTT's measurement. */
export interface HitAccuracyOptions {
  /** Round trip, ms: half on each direction's link. */
  readonly rttMs: number;
  /** Extra delay per frame on each link, uniform in [0, jitterMs], ms. */
  readonly jitterMs: number;
  /**
   * Probability a frame is lost on each link (0–1); the WebSocket's stream retransmits it, and
   * what follows waits behind it.
   * @default 0
   */
  readonly loss?: number;
  /** Sessions (a fresh room and clients each, seeds varied). */
  readonly sessions: number;
  /** Shots per session, aimed and beside alternating. */
  readonly shotsPerSession: number;
  /** Target runners per room (one more player: the shooter). */
  readonly targets: number;
  readonly seed: number;
}

/** Shots of one kind and how the room judged those the screen judged as intended. */
export interface ShotCount {
  readonly fired: number;
  /** Fired shots whose screen verdict was the one intended (the others are skipped). */
  readonly judged: number;
  /** Judged shots the room agreed with: hits on the aimed target, or misses of everything. */
  readonly agreed: number;
  /** Judged shots fired while the target was drawn extrapolated or held (past the newest snapshot), or blending back from that. */
  readonly extrapolated: number;
  /** Judged shots the room disagreed with despite an interpolated target. */
  readonly disagreedInterpolated: number;
  /** Judged shots the present world (no rewind) would have agreed with. */
  readonly agreedWithoutRewind: number;
}

/** One RTT's figures. */
export interface HitAccuracyFigures {
  readonly rttMs: number;
  readonly jitterMs: number;
  readonly sessions: number;
  readonly aimed: ShotCount;
  readonly beside: ShotCount;
  /** aimed.agreed / aimed.judged. */
  readonly hitAccuracy: number;
  /** beside.agreed / beside.judged. */
  readonly missAccuracy: number;
  /** hitAccuracy had the room judged the present world (aimed.agreedWithoutRewind / aimed.judged). */
  readonly hitAccuracyWithoutRewind: number;
  /** Shots judged at the maximum rewind instead of their view. */
  readonly capped: number;
  /** How far back the room judged, ms: its tick when the shot arrived − the judged tick. */
  readonly rewindMs: { readonly mean: number; readonly max: number };
  /** Shots whose CALL never got a verdict (refused or lost): must be 0. */
  readonly unanswered: number;
}

interface PendingShot {
  readonly aimed: boolean;
  /** The intended verdict held on screen. */
  readonly judged: boolean;
  readonly target: number;
  readonly extrapolated: boolean;
}

/** Measures hit and miss registration at `options.rttMs`. */
export function measureHitAccuracy(options: HitAccuracyOptions): HitAccuracyFigures {
  const totals: Totals = {
    aimed: tally(),
    beside: tally(),
    capped: 0,
    rewindTicks: [],
    unanswered: 0,
  };
  for (let s = 0; s < options.sessions; s++) runSession(options, options.seed + s, totals);
  const tickMs = 1000 / RANGE_TICK_RATE;
  const rewinds = totals.rewindTicks;
  return {
    rttMs: options.rttMs,
    jitterMs: options.jitterMs,
    sessions: options.sessions,
    aimed: totals.aimed,
    beside: totals.beside,
    hitAccuracy: totals.aimed.agreed / totals.aimed.judged,
    missAccuracy: totals.beside.agreed / totals.beside.judged,
    hitAccuracyWithoutRewind: totals.aimed.agreedWithoutRewind / totals.aimed.judged,
    capped: totals.capped,
    rewindMs: {
      mean: (rewinds.reduce((a, b) => a + b, 0) / rewinds.length) * tickMs,
      max: Math.max(...rewinds) * tickMs,
    },
    unanswered: totals.unanswered,
  };
}

/** A ShotCount being added up. */
type Tally = { -readonly [K in keyof ShotCount]: number };

/** What the sessions of one RTT add up. */
interface Totals {
  readonly aimed: Tally;
  readonly beside: Tally;
  capped: number;
  /** Per answered shot: the room's tick when it judged the shot − the tick judged at. */
  readonly rewindTicks: number[];
  unanswered: number;
}

const tally = (): Tally => ({
  fired: 0,
  judged: 0,
  agreed: 0,
  extrapolated: 0,
  disagreedInterpolated: 0,
  agreedWithoutRewind: 0,
});

function runSession(options: HitAccuracyOptions, seed: number, totals: Totals): void {
  const random = mulberry32(seed);
  // The handler records the room's tick with each verdict; `h` exists before any shot.
  const shots = new ShotLog(() => h.room.tick);
  const spawns = new Map<number, { x: number; y: number }>();
  const game = rangeGame({
    players: options.targets + 1,
    lagCompensation: true,
    shots,
    // The first player seated is the shooter (it joins alone, the targets once it is in).
    spawn: (playerId) => {
      if (spawns.size === 0) spawns.set(playerId, SHOOTER);
      let at = spawns.get(playerId);
      if (!at) {
        at = waypoint(random);
        spawns.set(playerId, at);
      }
      return at;
    },
  });
  const link = {
    latencyMs: options.rttMs / 2,
    jitterMs: options.jitterMs,
    loss: options.loss ?? 0,
  };
  const h = new NetHarness(game, { up: link, down: link, seed });
  const shooter = h.join("shooter");
  while (!shooter.net.session.welcome && h.now < SETTLE_MS * 2) h.step(1);
  const shooterId = shooter.net.session.welcome?.playerId;
  if (shooterId === undefined) throw new Error("range: the shooter was not welcomed");
  const targets: HarnessClient<RangeInput>[] = [];
  for (let t = 0; t < options.targets; t++) targets.push(h.join(`target ${t}`));
  h.step(SETTLE_MS);
  const targetIds = targets.map((c) => c.net.session.welcome!.playerId);

  const calls = new RpcClient(RANGE_RPCS);
  const frame = new ByteWriter();
  const resteerAt = targets.map(() => h.now);
  const pending = new Map<number, PendingShot>();
  let nextShotAt = h.now;
  let fired = 0;
  // Until every shot is fired, then long enough for the last CALL to arrive.
  let endAt = Number.POSITIVE_INFINITY;
  while (h.now < endAt) {
    h.step(FRAME_MS);
    for (let t = 0; t < targets.length; t++) {
      if (h.now < resteerAt[t]!) continue;
      steer(targets[t]!, targetIds[t]!, waypoint(random));
      resteerAt[t] = h.now + (3 + Math.floor(random() * 6)) * (1000 / RANGE_TICK_RATE);
    }
    shooter.net.render(h.now);
    if (fired === options.shotsPerSession || h.now < nextShotAt) continue;
    nextShotAt = h.now + (3 + Math.floor(random() * 6)) * FRAME_MS;
    const aimed = fired % 2 === 0;
    const target = targetIds[Math.floor(random() * targetIds.length)]!;
    const shot = fire(h, shooter, shooterId, calls, frame, fired, target, aimed, random);
    if (shot) pending.set(fired, shot);
    fired++;
    if (fired === options.shotsPerSession)
      endAt = h.now + options.rttMs + 2 * options.jitterMs + 200;
  }

  for (const [shot, p] of pending) {
    const verdict = shots.get(shot);
    const count = p.aimed ? totals.aimed : totals.beside;
    count.fired++;
    if (!verdict) {
      totals.unanswered++;
      continue;
    }
    if (verdict.capped) totals.capped++;
    totals.rewindTicks.push(verdict.roomTick - verdict.judgedTick);
    if (!p.judged) continue;
    count.judged++;
    if (p.extrapolated) count.extrapolated++;
    const agreed = p.aimed ? verdict.target === p.target : verdict.target === 0;
    if (agreed) count.agreed++;
    else if (!p.extrapolated) count.disagreedInterpolated++;
    if (p.aimed ? verdict.presentTarget === p.target : verdict.presentTarget === 0)
      count.agreedWithoutRewind++;
  }
}

/** A random point of the field, WAYPOINT_MARGIN from the walls. */
function waypoint(random: () => number): { x: number; y: number } {
  return {
    x: WAYPOINT_MARGIN + random() * (FIELD_WIDTH - 2 * WAYPOINT_MARGIN),
    y: WAYPOINT_MARGIN + random() * (FIELD_HEIGHT - 2 * WAYPOINT_MARGIN),
  };
}

/** Steers target client `c` toward `to`, from where the room has its runner now. */
function steer(c: HarnessClient<RangeInput>, playerId: number, to: { x: number; y: number }): void {
  // The client's own view of itself would do as well; the mirror is the room's latest state.
  const world = c.net.world;
  const e = runnerOf(world, playerId);
  if (e < 0) return;
  const { x, y } = world.store(Runner).pos;
  c.net.setInput({ steer: steerToward(Math.atan2(to.y - y[e]!, to.x - x[e]!)) });
}

/**
 * Fires shot `n` of the shooter at `target` as its screen draws it now: at its centre
 * (`aimed`) or beside it. Returns what the screen holds, or undefined when not fired.
 */
function fire(
  h: NetHarness<RangeInput>,
  shooter: HarnessClient<RangeInput>,
  shooterId: number,
  calls: RpcClient<typeof RANGE_RPCS.declarations>,
  frame: ByteWriter,
  n: number,
  target: number,
  aimed: boolean,
  random: () => number,
): PendingShot | undefined {
  const net = shooter.net;
  const viewTick = net.renderTick;
  const world = net.world;
  const me = runnerOf(world, shooterId);
  const e = runnerOf(world, target);
  if (!Number.isFinite(viewTick) || me < 0 || e < 0) return undefined;
  const view = net.view.store(Runner);
  const ox = view.pos.x[me]!;
  const oy = view.pos.y[me]!;
  const tx = view.pos.x[e]!;
  const ty = view.pos.y[e]!;
  const distance = Math.hypot(tx - ox, ty - oy);
  let angle = Math.atan2(ty - oy, tx - ox);
  if (!aimed) {
    // The ray passes `aside` from the drawn centre: 1.25 to 3 hit radii, either side.
    const aside = HIT_RADIUS * (1.25 + random() * 1.75);
    if (aside >= distance) return undefined;
    angle += (random() < 0.5 ? -1 : 1) * Math.asin(aside / distance);
  }
  const dirX = Math.cos(angle);
  const dirY = Math.sin(angle);
  // The screen's verdict: the nearest drawn runner (not the shooter) the ray enters.
  let nearest = 0;
  let nearestAt = Number.POSITIVE_INFINITY;
  const owner = world.store(Runner).owner;
  for (const other of h.clients) {
    const id = other.net.session.welcome?.playerId ?? 0;
    const r = runnerOf(world, id);
    if (id === shooterId || r < 0) continue;
    const d = rayCircle(ox, oy, dirX, dirY, SHOT_RANGE, view.pos.x[r]!, view.pos.y[r]!, HIT_RADIUS);
    if (d !== undefined && d < nearestAt) {
      nearest = owner[r]!;
      nearestAt = d;
    }
  }
  const drawn = net.renderStateOf(e, h.now);
  const kind = drawn.kind;
  frame.reset();
  calls.writeCall("fire", { shot: n, viewTick, dirX, dirY }, frame);
  // As RoomConnection sends a call: behind the newest acknowledgement.
  net.flushAck();
  shooter.up.send(frame.view().slice(), h.now);
  return {
    aimed,
    judged: aimed ? nearest === target : nearest === 0,
    target,
    // Drawn past the newest snapshot, or still blending back from it (recoveryMs): where the
    // target never was, which no rewind of recorded ticks reproduces.
    extrapolated: kind === SAMPLE.EXTRAPOLATED || kind === SAMPLE.HELD || drawn.recovering,
  };
}
