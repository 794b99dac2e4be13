// The world's persistent player data: one document, "world.explorer", kept by the zone the
// player is in. A zone hands it to the next one with the avatar (docs/zones.md, "Player data
// follows the player"): each zone's onLoad counts one more zone entered, whether the document
// came from storage (the join) or from the zone the player walked out of.

import type { PlayerData, PlayerDocuments, RoomDataHooks } from "@edgetick/game";

/** The key of the explorer document. */
export const WORLD_EXPLORER_KEY = "world.explorer";

/** The explorer document, schema version 1. */
export interface WorldExplorer {
  /** Zones entered, joins and handoffs alike. */
  zonesEntered: number;
  /** The zone (room id) entered last. */
  lastZone: string | null;
}

/** The player's explorer document (a fresh one before the first save). */
export function explorerOf(data: PlayerData): WorldExplorer {
  return (
    (data.get(WORLD_EXPLORER_KEY) as WorldExplorer | undefined) ?? {
      zonesEntered: 0,
      lastZone: null,
    }
  );
}

/** Counts the zones a player enters, in the zone entered. */
export function worldDataHooks(): RoomDataHooks {
  return {
    keys: [WORLD_EXPLORER_KEY],
    onLoad(data, { roomId }) {
      const e = explorerOf(data);
      data.set(WORLD_EXPLORER_KEY, { zonesEntered: e.zonesEntered + 1, lastZone: roomId });
    },
  };
}

/** The world's player documents. */
export const WORLD_PLAYER_DATA: PlayerDocuments = {
  schemas: { [WORLD_EXPLORER_KEY]: { version: 1 } },
  hooks: worldDataHooks,
};
