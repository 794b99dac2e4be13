// How the peer scene's players steer: seeded phases of idle, thrust and turn (left or right)
// in that order, each 300–700 ms, so every cycle has exactly one idle → thrust change, the
// event the input-to-screen delay is measured from.

import { ARENA_BUTTON } from "../../games/arena/index.js";
import { mulberry32 } from "../../shared/random/mulberry32.js";

/** One stretch of held buttons, [startMs, endMs) from the script's start. */
export interface SteeringPhase {
  readonly startMs: number;
  readonly endMs: number;
  /** A bit set of ARENA_BUTTON. */
  readonly buttons: number;
}

/** Shortest and longest phase, ms. */
export const PHASE_MS = { min: 300, max: 700 } as const;

/**
 * The phases of one player within [0, durationMs), from `seed`: idle, thrust, turn, idle…
 * back to back from 0, with whole-ms lengths uniform in PHASE_MS; a phase that would end
 * after `durationMs` is left out (the player idles from the last one's end), so every
 * thrust lasts its whole length.
 * @example
 * const phases = steeringScript(12345, 30_000);
 * phases[1]!.buttons; // ARENA_BUTTON.THRUST
 */
export function steeringScript(seed: number, durationMs: number): SteeringPhase[] {
  const random = mulberry32(seed);
  const phases: SteeringPhase[] = [];
  const span = PHASE_MS.max - PHASE_MS.min + 1;
  for (let start = 0, k = 0; ; k++) {
    const length = PHASE_MS.min + Math.floor(random() * span);
    const turn = random() < 0.5 ? ARENA_BUTTON.LEFT : ARENA_BUTTON.RIGHT;
    const buttons = [0, ARENA_BUTTON.THRUST, turn][k % 3]!;
    const endMs = start + length;
    if (endMs > durationMs) return phases;
    phases.push({ startMs: start, endMs, buttons });
    start = endMs;
  }
}
