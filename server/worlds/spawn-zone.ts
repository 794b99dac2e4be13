// Where a fresh player of a zoned world appears: the game's own addPlayer decides (a game
// module is the one place that knows its spawn rules), run once on a scratch world with the
// player's name; the zone holding that point is the zone the player joins, so its avatar is
// born inside the zone that runs it. A zoned game's spawn must therefore depend on the name
// only (not on the per-zone player id, nor on who else is there): docs/zones.md#joining.

import type { GameDefinition } from "../../shared/game/game-definition.js";
import { World } from "../../shared/world/world.js";
import type { ZoneGrid, ZoneId } from "../../shared/zones/zone-grid.js";
import type { ZonedGame } from "../../shared/zones/zoned-game.js";

/** The zone in which `game` spawns a player named `name`. */
export function spawnZone(game: ZonedGame<unknown>, grid: ZoneGrid, name: string): ZoneId {
  const definition = game as GameDefinition<unknown>;
  const world = new World({ capacity: game.schema.maxEntities, ...game.world });
  definition.setup?.(world);
  // Player id 1 on a scratch world: the id must not move the spawn (see above).
  definition.addPlayer(world, 1, name, { team: undefined });
  const e = game.zones.avatarOf(world, 1);
  const at = new Float64Array(2);
  if (e < 0 || !game.zones.position(world, e, at)) return grid.ids[0]!;
  return grid.zoneAt(at[0]!, at[1]!);
}
