// What a detector saw, and what a room decided about it. Evidence is "what was measured
// against what limit": it travels unchanged into the audit log and the admin API, so an
// operator reviewing a flag reads the numbers the room acted on.

import type { DetectorName, EscalationStep } from "./fair-play-rules.js";

/** One measurement over a limit. */
export interface Evidence {
  readonly detector: DetectorName;
  /** The measured value (units in `unit`). */
  readonly measured: number;
  /** The limit it crossed, tolerance included. */
  readonly limit: number;
  /** What both numbers count, e.g. "units/s", "inputs", "ticks". */
  readonly unit: string;
  /** More about it, for a person (the reason an input was refused, the close code…). */
  readonly detail?: string;
}

/** A room's decision on an offence, handed to the host (RoomSink.fairPlay). */
export interface FairPlayVerdict {
  readonly playerId: number;
  /** The account, on hosts that verify one. */
  readonly accountId: string | undefined;
  readonly step: EscalationStep;
  /** This account's offences in this room so far, this one included. */
  readonly offences: number;
  /** Strikes that made the offence (the detector's threshold). */
  readonly strikes: number;
  /** The last strike's measurement. */
  readonly evidence: Evidence;
  /** The room's tick when it was decided. */
  readonly tick: number;
  /** A ban's length, minutes (step "ban" only). */
  readonly banMinutes?: number;
}
