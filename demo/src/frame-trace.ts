// A ring of what the page drew in its last frames (time and each ship's rendered position),
// for the browser tests to measure motion frame by frame through `window.edgetick.frames`.

import type { RoomConnection } from "@edgetick/client";
import type { ArenaInput } from "../../games/arena/index.js";
import { collectShips, Ship } from "../../games/arena/index.js";

/** One drawn frame: `performance.now()` and [owner, x, y] per ship. */
export interface TracedFrame {
  readonly at: number;
  readonly ships: readonly (readonly [number, number, number])[];
}

/** Frames kept (10 s at 60 Hz). */
const FRAMES = 600;

/** Records the rendered ships of each frame (allocates: a debugging aid, not a hot path). */
export class FrameTrace {
  readonly frames: TracedFrame[] = [];

  /** Records the frame just rendered at `at`. */
  record(room: RoomConnection<ArenaInput>, at: number): void {
    const v = room.view.store(Ship);
    const q = collectShips(room.world);
    const ships: [number, number, number][] = [];
    for (let i = 0; i < q.count; i++) {
      const e = q.entities[i]!;
      ships.push([v.owner[e]!, v.pos.x[e]!, v.pos.y[e]!]);
    }
    this.frames.push({ at, ships });
    if (this.frames.length > FRAMES) this.frames.shift();
  }
}
