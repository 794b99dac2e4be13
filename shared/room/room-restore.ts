// A room and its snapshot (room-snapshot.ts holds the format): the snapshot a host saves of a
// running room, and a room's start from one: its world at the snapshot's tick (instead of the
// game's setup), the tick numbering going on from there, and its players seated again.

import type { GameDefinition } from "../game/game-definition.js";
import { World } from "../world/world.js";
import type { RoomParts } from "./room-parts.js";
import type { PlayerInfo } from "./room-player.js";
import type { RoomSeats } from "./room-seats.js";
import {
  dumpWorld,
  ROOM_SNAPSHOT_FORMAT,
  type RoomSnapshot,
  restoreWorld,
} from "./room-snapshot.js";

/** A new world for a room of `game`: set up by the game, or rebuilt from `snapshot`. */
export function roomWorld<Input>(game: GameDefinition<Input>, snapshot?: RoomSnapshot): World {
  const world = new World({ capacity: game.schema.maxEntities, ...game.world });
  // A restored world replaces setup; it is rebuilt before the replication core sees it.
  if (snapshot) {
    const known = [...game.schema.components, ...(game.localComponents ?? [])];
    world.tick = snapshot.tick;
    restoreWorld(world, snapshot.world, known);
  } else game.setup?.(world);
  return world;
}

/** What a room's snapshot is taken from. */
export type SnapshotParts<Input> = Pick<
  RoomParts<Input>,
  "game" | "world" | "replication" | "interest"
>;

/**
 * The room's persistent state at `now`: world, tick, its `players` and the id fresh joins
 * start from (allocates; call it from a coarse timer, never from the tick).
 */
export function roomSnapshot<Input>(
  room: SnapshotParts<Input>,
  players: readonly PlayerInfo[],
  nextPlayerId: number,
  now: number,
): RoomSnapshot {
  return {
    format: ROOM_SNAPSHOT_FORMAT,
    game: room.game.name,
    schema: room.game.schema.fingerprint,
    tick: room.replication.tick,
    nextPlayerId,
    savedAt: now,
    players: players.map(({ playerId, name, resumeToken, accountId }) => {
      const viewRadius = room.interest?.ownRadius(playerId);
      const dump = { playerId, name, resumeToken: resumeToken ?? "" };
      const owned = accountId === undefined ? dump : { ...dump, accountId };
      return viewRadius === undefined ? owned : { ...owned, viewRadius };
    }),
    world: dumpWorld(room.world),
  };
}

/**
 * Continues a room whose world came from `snapshot` (roomWorld) at `now` (ms): ticks go on
 * from the snapshot's, and every player of it waits, disconnected, for a resume within the
 * grace period.
 */
export function restoreRoom<Input>(
  room: Pick<RoomParts<Input>, "replication">,
  seats: RoomSeats<Input>,
  snapshot: RoomSnapshot,
  now: number,
): void {
  room.replication.startAt(snapshot.tick);
  seats.restore(snapshot.players, snapshot.nextPlayerId, now);
  // The tick starts with the first connection (the host is still building this core);
  // players nobody resumed by then are removed at its first update past their deadline.
}
