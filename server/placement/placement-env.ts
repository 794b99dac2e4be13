// The bindings of objects that place game rooms (lobbies, the matchmaker) and of the
// Worker routes that do the same.

import type { DurableObjectsEnv } from "../env.js";

/** The part of the game-room namespace placement uses. */
export interface RoomNamespace {
  idFromName(name: string): DurableObjectId;
  get(
    id: DurableObjectId,
    options?: DurableObjectNamespaceGetDurableObjectOptions,
  ): { fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> };
}

/** What placing a room and handing out its tickets needs. */
export interface PlacementEnv extends DurableObjectsEnv {
  /** Game rooms, reached by fetch: this layer does not know the room class. */
  readonly GAME_ROOM: RoomNamespace;
  /** The region list, a JSON var (docs/deploy.md); unset means the built-in list. */
  readonly REGIONS?: string | readonly unknown[];
  /** Expected round trip above which a player gets a cross-region warning, ms (a var). */
  readonly CROSS_REGION_WARNING_MS?: string | number;
}
