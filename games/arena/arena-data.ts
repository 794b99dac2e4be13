// The arena's persistent player data: one document, "arena.stats", kept by the room. It is
// the worked example of server-side data hooks and of schema upgrades: version 1 saved
// `{ joins }`; version 2 adds `ticksPlayed`, and old saves are upgraded on read.

import type { PlayerData, PlayerDocuments, RoomDataHooks } from "@edgetick/game";

/** The key of the arena's stats document. */
export const ARENA_STATS_KEY = "arena.stats";

/** The arena stats document, schema version 2. */
export interface ArenaStats {
  /** Rooms joined. */
  joins: number;
  /** Ticks spent in rooms. */
  ticksPlayed: number;
  /** The room joined last. */
  lastRoom: string | null;
}

function statsOf(data: PlayerData): ArenaStats {
  return (
    (data.get(ARENA_STATS_KEY) as ArenaStats | undefined) ?? {
      joins: 0,
      ticksPlayed: 0,
      lastRoom: null,
    }
  );
}

/** Counts joins when a player's data arrives and ticks played when they leave. */
export function arenaDataHooks(): RoomDataHooks {
  const joinedAt = new Map<string, number>();
  return {
    keys: [ARENA_STATS_KEY],
    onLoad(data, { roomId, tick, playerId }) {
      joinedAt.set(`${data.accountId}/${playerId}`, tick);
      const s = statsOf(data);
      data.set(ARENA_STATS_KEY, { ...s, joins: s.joins + 1, lastRoom: roomId });
    },
    onLeave(data, { tick, playerId }) {
      const id = `${data.accountId}/${playerId}`;
      const from = joinedAt.get(id);
      joinedAt.delete(id);
      if (from === undefined) return;
      const s = statsOf(data);
      data.set(ARENA_STATS_KEY, { ...s, ticksPlayed: s.ticksPlayed + (tick - from) });
    },
  };
}

/** The arena's player documents: the stats schema history and the room hooks. */
export const ARENA_PLAYER_DATA: PlayerDocuments = {
  schemas: {
    [ARENA_STATS_KEY]: {
      version: 2,
      upgrades: {
        1: (v) => ({ ...(v as { joins: number }), ticksPlayed: 0, lastRoom: null }),
      },
    },
  },
  hooks: arenaDataHooks,
};
