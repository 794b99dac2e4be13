// What each client's mirror held at each tick, to check that two clients saw the same room:
// a mirror is the room's authoritative state (prediction lives in the view), so at one tick
// a ship both mirrors hold must have the same values in both, however their links fared.
import type { RoomConnection } from "@edgetick/client";
import { type ArenaInput, listShips, type ShipValues } from "../../games/arena/index.js";

/** Ships by tick, as one client's mirror held them. */
export type MirrorLog = Map<number, readonly ShipValues[]>;

/** Most ticks a log keeps (30 Hz × 10 min): a long campaign keeps bounded memory. */
const MAX_TICKS = 30 * 600;

/**
 * Records `room`'s mirror at every snapshot, across resumes (the snapshot event carries the
 * world of the link it came on, so a resumed link's fresh world is read too).
 */
export function recordMirror(room: RoomConnection<ArenaInput>): MirrorLog {
  const log: MirrorLog = new Map();
  room.on("snapshot", ({ tick, world }) => {
    if (log.size >= MAX_TICKS) log.delete(log.keys().next().value!);
    log.set(tick, listShips(world));
  });
  return log;
}

/** The disagreements between two logs at the ticks both hold, and how many ticks compared. */
export function compareMirrors(
  a: MirrorLog,
  b: MirrorLog,
): { compared: number; disagreements: string[] } {
  const disagreements: string[] = [];
  let compared = 0;
  for (const [tick, shipsA] of a) {
    const shipsB = b.get(tick);
    if (!shipsB) continue;
    compared++;
    for (const ship of shipsA) {
      const other = shipsB.find((s) => s.owner === ship.owner);
      if (other && JSON.stringify(other) !== JSON.stringify(ship))
        disagreements.push(`tick ${tick}: ${JSON.stringify(ship)} ≠ ${JSON.stringify(other)}`);
    }
  }
  return { compared, disagreements };
}

/** Owners of ships held more than once by one mirror at one tick (duplicate entities). */
export function duplicateShips(log: MirrorLog): string[] {
  const found: string[] = [];
  for (const [tick, ships] of log) {
    const owners = ships.map((s) => s.owner);
    if (new Set(owners).size !== owners.length) found.push(`tick ${tick}: owners ${owners}`);
  }
  return found;
}
