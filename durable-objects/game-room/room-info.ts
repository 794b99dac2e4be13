// What GET /v1/rooms/:roomId tells anyone about a room without joining it: its game, how it
// was made, who plays in it and how many watch — never resume tokens (bearer secrets) or
// accounts.

import type { RoomConfig } from "../../server/placement/room-config.js";
import type { RoomCore } from "../../shared/room/room-core.js";

/** Room information served at GET /v1/rooms/:roomId. */
export interface RoomInfo {
  readonly roomId: string;
  readonly game: string;
  /** The mode it was made for (absent for a room opened by id). */
  readonly mode?: string;
  readonly access: RoomConfig["access"];
  /** Seats: players at once. */
  readonly capacity: number;
  readonly tick: number;
  readonly tickRate: number;
  readonly running: boolean;
  /** Players in the room; `connected` is false while one waits out its grace period. */
  readonly players: readonly {
    readonly playerId: number;
    readonly name: string;
    readonly connected: boolean;
  }[];
  /** Spectators watching now (they hold no seat). */
  readonly spectators: number;
}

/** The description of a room made with `config` and run by `core`. */
export function roomInfo(roomId: string, config: RoomConfig, core: RoomCore<unknown>): RoomInfo {
  return {
    roomId,
    game: config.game,
    ...(config.mode === undefined ? {} : { mode: config.mode }),
    access: config.access,
    capacity: core.options.maxPlayers,
    tick: core.tick,
    tickRate: core.options.tickRate,
    running: core.ticking,
    players: core.players().map(({ playerId, name, connected }) => ({
      playerId,
      name,
      connected: connected !== false,
    })),
    spectators: core.spectatorCount,
  };
}
