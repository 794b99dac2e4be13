// The arena's voice chat (GameDefinition.voice, docs/voice.md): proximity chat around the own
// ship — its position is the spatial interest's viewpoint — plus a team channel for squads
// and one everybody hears. Channel indices are what a client puts in a VOICE frame's flags.

import type { VoiceOptions } from "@edgetick/game";

/** The arena's voice channels, by the index a VOICE frame names them with. */
export const ARENA_VOICE_CHANNEL = {
  /** Ships within ARENA_VOICE_RADIUS of the speaker's ship; placed in space by clients. */
  NEAR: 0,
  /** The speaker's team (the seat the matchmaker or lobby gave it); no team, nobody. */
  TEAM: 1,
  /** Everyone in the room. */
  ALL: 2,
} as const;

/**
 * How far a ship hears another, arena units: about a third of the arena's width (1600), so
 * ships across the arena (spawns are up to 800 apart) do not hear each other.
 */
export const ARENA_VOICE_RADIUS = 500;

/** GameDefinition.voice of the arena; the budgets are the defaults (docs/voice.md). */
export const arenaVoice: VoiceOptions = {
  channels: [
    { name: "near", kind: "proximity", radius: ARENA_VOICE_RADIUS },
    { name: "team", kind: "team" },
    { name: "all", kind: "global" },
  ],
};
