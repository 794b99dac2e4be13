// What the world page drew in its last frames, for the browser tests (through the debug
// handle) to check a crossing frame by frame: the zone the client was in, the zone it was
// connecting ahead, how many copies of the player's own avatar the frame drew and where.
// Counted from the first frame that drew the avatar (before it, the link is connecting).

import type { SeenAvatar } from "./seen-avatars.js";

/** One drawn frame. */
export interface WorldFrame {
  /** performance.now() of the frame, ms. */
  readonly at: number;
  readonly zone: string | undefined;
  readonly next: string | undefined;
  /** Copies of the player's own avatar drawn: 1, or 0 (missing) or 2+ (doubled). */
  readonly copies: number;
  /** The own avatar's rendered position (the first copy; NaN when missing). */
  readonly x: number;
  readonly y: number;
}

/** Frames kept (20 s at 60 Hz). */
const FRAMES = 1200;

/** Counts of frames since the avatar first showed. */
export interface FrameCounts {
  frames: number;
  /** Frames that drew no copy of the player's avatar. */
  missing: number;
  /** Frames that drew two or more. */
  doubled: number;
}

/** A ring of drawn frames and their counts (allocates: a debugging aid, not a hot path). */
export class FrameLog {
  readonly frames: WorldFrame[] = [];
  readonly counts: FrameCounts = { frames: 0, missing: 0, doubled: 0 };
  #seen = false;

  /** Records a frame drawn at `at` showing `avatars`, the client in `zone` (`next` ahead). */
  record(
    at: number,
    zone: string | undefined,
    next: string | undefined,
    avatars: readonly SeenAvatar[],
  ): void {
    let copies = 0;
    let x = Number.NaN;
    let y = Number.NaN;
    for (const a of avatars) {
      if (!a.me) continue;
      if (copies++ === 0) ({ x, y } = a);
    }
    if (!this.#seen && copies === 0) return;
    this.#seen = true;
    this.counts.frames++;
    if (copies === 0) this.counts.missing++;
    if (copies > 1) this.counts.doubled++;
    this.frames.push({ at, zone, next, copies, x, y });
    if (this.frames.length > FRAMES) this.frames.shift();
  }
}
