// How a GameRoom configured as a zone of a world builds its RoomZone (room-zone.ts): the
// bindings a zone uses besides a room's, its placement (world, zone, region) from the room's
// configuration, what it keeps in storage and was restarted with, and the carrier of its
// players' documents over the room's player data (room-player-data.ts).

import type { DurableObjectsEnv } from "../../server/env.js";
import type { RegisteredGame } from "../../server/games/game-registry.js";
import { configuredRegions } from "../../server/placement/configured-regions.js";
import type { RoomNamespace } from "../../server/placement/placement-env.js";
import type { RoomConfig } from "../../server/placement/room-config.js";
import type { ZonePlacement } from "../../server/worlds/world-zones.js";
import type { RoomOptions } from "../../shared/room/room-options.js";
import type { RoomSink } from "../../shared/room/room-sink.js";
import type { RoomSnapshot } from "../../shared/room/room-snapshot.js";
import type { ZonedGame } from "../../shared/zones/zoned-game.js";
import type { WorldState } from "../world-state/world-state.js";
import type { HeldData } from "./account-data.js";
import type { RoomPlayerData } from "./room-player-data.js";
import { RoomZone } from "./room-zone.js";
import type { LinkBatch } from "./zone-links.js";
import type { ZoneStore } from "./zone-tally.js";

/**
 * How a zone's player data leaves with a traveller and arrives with one, and what a restart
 * keeps of it (room-player-data.ts).
 */
export interface ZoneCarrier {
  carryOut(playerId: number): unknown;
  carryIn(playerId: number, carry: unknown): void;
  held(): readonly HeldData[];
  hold(kept: readonly HeldData[]): void;
}

/** What a zone keeps in its object's storage, and what it was restarted with. */
export interface ZoneStorage {
  /** The object's synchronous storage (its tally and documents are read when it is built). */
  readonly store: ZoneStore;
  /** The object's storage, for the snapshots. */
  readonly storage: DurableObjectStorage;
  /** The snapshot read at start-up (after an eviction or a deploy), if any. */
  readonly saved: { readonly snapshot: RoomSnapshot; readonly now: number } | undefined;
}

/** A zone's carrier over the host's player data (built after the zone: read when used). */
export function zoneCarrier(data: () => RoomPlayerData | undefined): ZoneCarrier {
  return {
    carryOut: (playerId) => data()?.carryOut(playerId),
    carryIn: (playerId, carry) => data()?.carryIn(playerId, carry),
    held: () => data()?.held() ?? [],
    hold: (kept) => data()?.hold(kept),
  };
}

/** A zone object as its neighbours call it. */
export interface ZoneRpc {
  zoneDeliver(room: string, batch: LinkBatch): Promise<void>;
}

/** The bindings a zone uses besides a room's. */
export interface ZoneEnv extends DurableObjectsEnv {
  readonly GAME_ROOM: {
    idFromName(name: string): DurableObjectId;
    get(
      id: DurableObjectId,
      options?: DurableObjectNamespaceGetDurableObjectOptions,
    ): ZoneRpc & ReturnType<RoomNamespace["get"]>;
  };
  readonly WORLD_STATE?: DurableObjectNamespace<WorldState>;
  /** The region list (a var), for the locationHint of a neighbour this zone makes. */
  readonly REGIONS?: string | readonly unknown[];
}

/**
 * The zone part of a room configured (`config`) as zone `zone`, running `game` (a zoned game, or the
 * zone refuses to build: RangeError naming the field). Reads the bindings a zone needs.
 */
export function roomZone(
  env: DurableObjectsEnv,
  zone: NonNullable<RoomConfig["zone"]>,
  config: RoomConfig,
  game: RegisteredGame,
  sink: RoomSink,
  options: RoomOptions,
  kept: ZoneStorage,
  carrier: ZoneCarrier,
): RoomZone {
  // The platform binds every namespace wrangler.toml declares; DurableObjectsEnv names only
  // those every object uses.
  const zoneEnv = env as ZoneEnv;
  const regions = configuredRegions(zoneEnv);
  const region = regions.find((r) => r.id === config.region) ?? regions[0]!;
  const place: ZonePlacement = {
    worldId: zone.worldId,
    zoneId: zone.zoneId,
    game: game.name,
    capacity: config.capacity,
    region: { id: region.id, locationHint: region.locationHint },
  };
  const definition = game.definition as Partial<ZonedGame<unknown>>;
  if (!definition.zones) throw new RangeError(`${game.name} declares no zones`);
  return new RoomZone(
    zoneEnv,
    place,
    definition as ZonedGame<unknown>,
    sink,
    options,
    crypto.randomUUID(),
    kept,
    carrier,
  );
}
