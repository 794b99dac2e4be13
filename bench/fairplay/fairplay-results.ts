// What `npm run bench:fairplay` writes to bench/results/fairplay.json: the keys
// (detectors, honestSessions, falsePositives, hitAccuracy, poseHistoryTickMs) at the top,
// the figures behind them below, with the command, the machine and its load.

import type { HonestCampaignResult } from "../../test/fairplay/campaigns.js";
import type { MachineInfo } from "../report/machine.js";
import type { HitAccuracyFigures } from "./hit-accuracy.js";

/** p50, p99, mean and max of a set of times, ms. */
export interface TimeFigures {
  readonly p50: number;
  readonly p99: number;
  readonly mean: number;
  readonly max: number;
}

/** One detector's campaign: the cheats tried, those caught and how fast. */
export interface DetectorFigures {
  readonly name: string;
  readonly cheatsTried: number;
  readonly cheatsCaught: number;
  /** Time from a cheat's start to the verdict, ms: p50 and max over `count` caught cheats. */
  readonly msToCatch: {
    readonly p50: number | null;
    readonly max: number | null;
    readonly count: number;
  };
}

/** One set of tick times less another: of the means, the medians and the p99s, ms. */
export interface Differences {
  readonly mean: number;
  readonly p50: number;
  readonly p99: number;
}

/** The pose history's cost in a room of `players` (pose-history-cost.ts). */
export interface PoseHistoryFigures {
  readonly players: number;
  readonly tickRate: number;
  /** Rounds of fresh rooms. */
  readonly rounds: number;
  /** Warm-up ticks per round. */
  readonly warmupTicks: number;
  /** Measured ticks, all rounds. */
  readonly measuredTicks: number;
  /** `room.update` with the history (lagCompensation declared), without, and a second without, ms. */
  readonly tickMs: {
    readonly withHistory: TimeFigures;
    readonly without: TimeFigures;
    readonly control: TimeFigures;
  };
  /** with − without: of the means, the medians and the p99s, ms. */
  readonly addedMs: Differences;
  /** control − without, likewise: what two identical rooms differ by. */
  readonly controlMs: Differences;
  /** `RoomRewind.record` alone, per tick, ms. */
  readonly recordMs: TimeFigures;
  /** Bytes the history holds, fixed when the room is built. */
  readonly memoryBytes: number;
  /** Entities the history has room for (the world's capacity). */
  readonly capacity: number;
  /** The longest rewind honoured, ticks (500 ms at 30 Hz); the history holds two more. */
  readonly maxRewindTicks: number;
}

/** bench/results/fairplay.json. */
export interface FairplayResults {
  readonly benchmark: "fairplay";
  readonly command: string;
  readonly machine: MachineInfo;
  /** `uptime` and `os.loadavg()` when the run started and ended. */
  readonly load: {
    readonly uptimeStart: string;
    readonly uptimeEnd: string;
    readonly loadavgStart: number[];
    readonly loadavgEnd: number[];
  };
  /** Per detector: its cheat campaign (test/fairplay/campaigns.ts). */
  readonly detectors: DetectorFigures[];
  /** How the campaigns ran, in words, for readers of the JSON. */
  readonly detectorsNote: string;
  /** Cheat campaign seeds per detector. */
  readonly cheatSeeds: number;
  /** Honest sessions played. */
  readonly honestSessions: number;
  /** Verdicts on honest players in those sessions (goal: 0). */
  readonly falsePositives: number;
  /** Strikes recorded against honest players (below any verdict): how close they came. */
  readonly honestStrikes: number;
  /** All the honest campaign returned. */
  readonly honestCampaign: HonestCampaignResult;
  /** By round trip, ms: aimed shots the room judged hits, of those the screen showed hitting. */
  readonly hitAccuracy: Record<string, number>;
  /** By round trip, ms: shots beside the drawn target the room judged misses, likewise. */
  readonly missAccuracy: Record<string, number>;
  /** By round trip, ms: hitAccuracy had the room judged its present world (no rewind). */
  readonly hitAccuracyWithoutRewind: Record<string, number>;
  readonly hitAccuracyNote: string;
  /** Every figure of the hit registration runs, by round trip. */
  readonly hitRegistration: Record<string, HitAccuracyFigures>;
  /** hitAccuracy with 50 ms jitter and 5% loss on each link, by round trip. */
  readonly hitAccuracyBadNetwork: Record<string, number>;
  readonly missAccuracyBadNetwork: Record<string, number>;
  readonly hitAccuracyBadNetworkNote: string;
  readonly hitRegistrationBadNetwork: Record<string, HitAccuracyFigures>;
  /**
   * Added ms per tick of a 200-player room for keeping the pose history: the mean of
   * `RoomRewind.record` timed alone (the rooms' with − without difference is `poseHistory.addedMs`).
   */
  readonly poseHistoryTickMs: number;
  readonly poseHistory: PoseHistoryFigures;
  readonly poseHistoryNote: string;
  /** Wall-clock seconds of each part. */
  readonly seconds: {
    readonly hitRegistration: number;
    readonly hitRegistrationBadNetwork: number;
    readonly poseHistory: number;
    readonly campaigns: number;
  };
}
