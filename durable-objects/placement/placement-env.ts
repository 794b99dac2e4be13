// The bindings of objects that place game rooms (lobbies, the matchmaker) and of the
// Worker routes that do the same.

import type { DurableObjectsEnv } from "../env.js";
import type { GameRoom } from "../game-room/game-room.js";

/** What placing a room and handing out its tickets needs. */
export interface PlacementEnv extends DurableObjectsEnv {
  readonly GAME_ROOM: DurableObjectNamespace<GameRoom>;
  /** The region list, a JSON var (docs/deploy.md); unset means the built-in list. */
  readonly REGIONS?: string | readonly unknown[];
  /** Expected round trip above which a player gets a cross-region warning, ms (a var). */
  readonly CROSS_REGION_WARNING_MS?: string | number;
}
