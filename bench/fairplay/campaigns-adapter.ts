// The bench's one door to the fair-play campaigns of test/fairplay/campaigns.ts (a cheater
// per detector beside an honest player, and honest sessions over a bad network, in the
// netcode harness): the bench reports what they return, summarised, and never runs its own
// copy of them. Only the contract below is relied on; whatever else a result carries is kept
// as it is.

import {
  type CheatCampaignResult,
  type HonestCampaignResult,
  runCheatCampaigns,
  runHonestCampaign,
} from "../../test/fairplay/campaigns.js";

/** The part of one detector's campaign the bench reports. */
export interface CheatCampaign {
  readonly name: string;
  readonly cheatsTried: number;
  readonly cheatsCaught: number;
  /** Per caught cheat: ms from the cheat's start to the room's verdict. */
  readonly msToCatch: readonly number[];
}

/** The part of the honest sessions the bench reports, and the whole result. */
export interface HonestCampaign {
  readonly sessions: number;
  /** Honest sessions' verdicts (offences on honest players). */
  readonly falsePositives: number;
  /** Strikes on honest players in all. */
  readonly strikes: number;
  /** Everything the campaign returned (session length, players, …). */
  readonly result: HonestCampaignResult;
}

/** Tries every detector's cheat `seeds` times. */
export function cheatCampaigns(seeds: number): CheatCampaign[] {
  return runCheatCampaigns({ seeds }).map((c: CheatCampaignResult) => ({
    name: c.name,
    cheatsTried: c.cheatsTried,
    cheatsCaught: c.cheatsCaught,
    msToCatch: c.msToCatch,
  }));
}

/** Plays `sessions` honest sessions from `seed`. */
export function honestCampaign(sessions: number, seed: number): HonestCampaign {
  const result = runHonestCampaign({ sessions, seed });
  return {
    sessions: result.sessions,
    falsePositives: result.falsePositives,
    strikes: result.strikes,
    result,
  };
}
