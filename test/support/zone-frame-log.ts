// The context of a walker's rendered frames, kept so a pop can be explained: per frame the
// drawn avatar, the current and drawn zones, and for each link whose view is rendered (the
// current one, and the old one drawn during a hand-over) its render tick, how fast that
// tick moved since the frame before (a render clock slews between MIN_RATE and MAX_RATE
// times real time; anything else is a snap), its interpolation delay, the avatar's newest snapshot
// tick in it and how the avatar was sampled (interpolated, extrapolated, held). A frame
// step that walking does not explain by more than POP_UNITS is logged with the frames
// around it. Tests and benches only.

import type { NetClient } from "../../client/src/net-client.js";
import { SAMPLE } from "../../client/src/snapshot-buffer.js";
import { MAX_RATE, MIN_RATE } from "../../client/src/snapshot-clock.js";
import { taggedAvatar, WALK_SPEED, WORLD_TICK_RATE } from "../../games/world/index.js";

/** A step this far beyond the frame's walk is a pop (one zone's handoff margin, units). */
export const POP_UNITS = 16;
/** Frames kept before a pop, and logged after it. */
const BEFORE = 8;
const AFTER = 4;
const TICK_MS = 1000 / WORLD_TICK_RATE;
const KIND = Object.fromEntries(Object.entries(SAMPLE).map(([k, v]) => [v, k[0]]));

/** A link's render clock moved off its slew: `ticks` more (or fewer) than the time since. */
export interface ClockSnap {
  readonly zone: string;
  readonly at: number;
  readonly ticks: number;
}

/** A pop with the frames around it, one line each. */
export interface LoggedPop {
  readonly at: number;
  readonly step: number;
  readonly pop: number;
  readonly frameMs: number;
  /** Within a switch's watch (from the switch until its hand-over settled). */
  readonly atSwitch: boolean;
  readonly frames: string[];
}

/** What the log found over a walk. */
export interface FrameLogFigures {
  /** Render-clock snaps on any link, and how many moved the clock forward. */
  snaps: ClockSnap[];
  /** Frame steps past the walk by more than POP_UNITS, with context. */
  pops: LoggedPop[];
  /** Largest step beyond the walk in any frame, units. */
  maxPop: number;
  /** Links redialled (a link's netcode core replaced without a switch). */
  redials: number;
}

interface LinkSeen {
  renderTick: number;
  at: number;
}

/** Per-frame context of one walker's client. */
export class ZoneFrameLog {
  readonly figures: FrameLogFigures = { snaps: [], pops: [], maxPop: 0, redials: 0 };
  readonly #tag: number;
  readonly #seen = new WeakMap<NetClient<unknown>, LinkSeen>();
  readonly #recent: string[] = [];
  #after: { pop: LoggedPop; left: number } | undefined;
  #current: { zone: string; net: NetClient<unknown> } | undefined;
  #old: { zone: string; net: NetClient<unknown> } | undefined;

  constructor(tag: number) {
    this.#tag = tag;
  }

  /**
   * Frame at `now`: `net` is the current link's core (zone `zone`), `shown` the zone drawn;
   * `switched` whether a switch came since the last frame; the drawn avatar stepped `step`
   * units over `frameMs`; `atSwitch` whether a switch is being watched.
   */
  frame(
    now: number,
    c: { zone: string | undefined; shown: string | undefined; next: string | undefined },
    net: NetClient<unknown> | undefined,
    switched: boolean,
    drawn: { x: number; y: number } | undefined,
    step: number,
    frameMs: number,
    atSwitch: boolean,
  ): void {
    if (switched) this.#old = this.#current;
    else if (this.#current && net && net !== this.#current.net && c.zone === this.#current.zone)
      this.figures.redials++;
    this.#current = net && c.zone !== undefined ? { zone: c.zone, net } : undefined;
    if (c.shown === c.zone) this.#old = undefined;
    const links = [this.#current, this.#old].map((l) => (l ? this.#look(l.zone, l.net, now) : ""));
    const pos = drawn ? `${drawn.x.toFixed(1)},${drawn.y.toFixed(1)}` : "-";
    const line =
      `t${now.toFixed(0)} +${frameMs.toFixed(0)}ms step ${step.toFixed(1)} at ${pos} ` +
      `zone ${c.zone}${c.next ? `>${c.next}` : ""} shown ${c.shown}${switched ? " SWITCH" : ""} ` +
      `| cur ${links[0]} | old ${links[1]}`;
    this.#recent.push(line);
    if (this.#recent.length > BEFORE) this.#recent.shift();
    if (this.#after) {
      this.#after.pop.frames.push(line);
      if (--this.#after.left === 0) this.#after = undefined;
    }
    const pop = step - (WALK_SPEED * frameMs) / 1000;
    if (Number.isFinite(pop)) this.figures.maxPop = Math.max(this.figures.maxPop, pop);
    if (pop > POP_UNITS) {
      const logged = { at: now, step, pop, frameMs, atSwitch, frames: [...this.#recent] };
      this.figures.pops.push(logged);
      this.#after = { pop: logged, left: AFTER };
    }
  }

  /** One link's render state this frame; notes a snap of its render clock. */
  #look(zone: string, net: NetClient<unknown>, now: number): string {
    const rt = net.renderTick;
    const before = this.#seen.get(net);
    this.#seen.set(net, { renderTick: rt, at: now });
    let rate = Number.NaN;
    if (before && now > before.at && Number.isFinite(before.renderTick)) {
      const elapsed = (now - before.at) / TICK_MS;
      rate = (rt - before.renderTick) / elapsed;
      // Outside the rates a slewing render clock keeps (with rounding room): a snap.
      const off = rt - before.renderTick - elapsed;
      if (off > (MAX_RATE - 1) * elapsed + 0.01 || off < (MIN_RATE - 1) * elapsed - 0.01)
        this.figures.snaps.push({ zone, at: now, ticks: off });
    }
    const e = taggedAvatar(net.world, this.#tag);
    const newest = e >= 0 ? net.buffer.newestTick(e) : -1;
    const state = e >= 0 ? net.renderStateOf(e, now) : undefined;
    const kind = state ? `${KIND[state.kind]}${state.recovering ? "r" : ""}` : "-";
    return (
      `${zone} rt ${rt.toFixed(2)} x${rate.toFixed(2)} delay ${net.delayTicks.toFixed(2)} ` +
      `newest ${newest} ${kind}`
    );
  }
}
