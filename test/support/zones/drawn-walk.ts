// What a walker's world client draws while it walks through the zone harness: each frame's
// rendered avatar, the current zone and the zone whose view is drawn, so tests can read the
// steps across a handoff (the switch, then the hand-over of the drawn view). Tests only.

import type { RenderView } from "../../../client/src/render-view.js";
import { Body } from "./walkers-game.js";
import type { HarnessPlayer, ZoneHarness } from "./zone-harness.js";

/** One rendered frame of the player's own avatar. */
export interface DrawnFrame {
  readonly at: number;
  readonly x: number;
  readonly y: number;
  /** The zone of the current link, and the zone whose view was drawn. */
  readonly zone: string | undefined;
  readonly shown: string | undefined;
}

/** A walk's frames and its hand-overs. */
export interface DrawnWalk {
  readonly frames: DrawnFrame[];
  /** Index in `frames` of each frame whose drawn zone differs from the frame before. */
  readonly handovers: number[];
  /** Per switch: ms from the switch to the hand-over of the drawn view. */
  readonly handoverMs: number[];
  /** Frames in which the avatar was not drawn (after it first was). */
  readonly missing: number;
}

/** Where a view draws entity `e` (the walkers game's Body by default). */
export type DrawnAt = (view: RenderView, e: number) => { readonly x: number; readonly y: number };

const bodyAt: DrawnAt = (view, e) => {
  const { pos } = view.store(Body);
  return { x: pos.x[e]!, y: pos.y[e]! };
};

/**
 * Holds `input` for `ms` of harness time and records what `player` draws in each frame the
 * harness's frame loop runs (every `frameEveryMs`, as the harness was built with).
 */
export function drawnWalk<Input>(
  h: ZoneHarness<Input>,
  player: HarnessPlayer<Input>,
  input: Input,
  ms: number,
  frameEveryMs = 1,
  at: DrawnAt = bodyAt,
): DrawnWalk {
  const frames: DrawnFrame[] = [];
  const handovers: number[] = [];
  const handoverMs: number[] = [];
  let missing = 0;
  let switchedAt = Number.NaN;
  const w = player.world;
  w.setInput(input);
  for (let i = 0; i < ms; i++) {
    const handoffs = w.handoffs;
    h.step(1);
    if (w.handoffs !== handoffs) switchedAt = h.now;
    if (h.now % frameEveryMs !== 0) continue;
    const e = w.avatar;
    const view = w.view;
    if (e < 0 || !view) {
      if (frames.length > 0) missing++;
      continue;
    }
    const f = { at: h.now, ...at(view, e), zone: w.zone, shown: w.shownZone };
    const before = frames.at(-1);
    frames.push(f);
    if (before && before.shown !== f.shown) {
      handovers.push(frames.length - 1);
      handoverMs.push(h.now - switchedAt);
    }
  }
  return { frames, handovers, handoverMs, missing };
}

/** The step of frame `i` from the one before, projected on unit direction (dx, dy). */
export function stepAlong(
  frames: readonly DrawnFrame[],
  i: number,
  dx: number,
  dy: number,
): number {
  const a = frames[i - 1]!;
  const b = frames[i]!;
  const n = Math.hypot(dx, dy);
  return ((b.x - a.x) * dx + (b.y - a.y) * dy) / n;
}
