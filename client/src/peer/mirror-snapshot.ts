// Host migration's starting state: a RoomSnapshot made of a peer's mirror, so the elected
// peer builds the same RoomCore a Durable Object builds after an eviction. The world is the
// mirror's replicated components written at their NetworkIds' slots (entity ids on a host
// are NetworkIds: every peer's mirror keeps naming the same entities); the players are those
// the mirror knew whose peers are still in the session, each with a fresh resume token, held
// for the room's grace period until their peers resume them. The others (the old host's own
// player, players whose peers left) leave the room there and then, through the game's own
// onLeave and removePlayer: their peers are gone, and with them the clients that could
// resume them.
//
// What a mirror does not hold is lost with the old host: components that are not replicated
// (the game's local and server-only ones), entities outside the elected peer's interest, and
// anything newer than its last snapshot. A game that needs more replicates it.

import type { GameDefinition } from "../../../shared/game/game-definition.js";
import {
  type ComponentDump,
  dumpWorld,
  type PlayerDump,
  ROOM_SNAPSHOT_FORMAT,
  type RoomSnapshot,
  restoreWorld,
  type WorldDump,
} from "../../../shared/room/room-snapshot.js";
import { type Entity, World } from "../../../shared/world/world.js";

/** What a snapshot is made from: a RoomConnection's mirror, as it stands. */
export interface MirrorSource {
  readonly world: World;
  /** The tick of the mirror's latest snapshot. */
  readonly tick: number;
  /** Players the room told of, id → name. */
  readonly players: ReadonlyMap<number, string>;
  networkIdOf(entity: Entity): number;
}

/** A snapshot and the resume token given to each of its players. */
export interface MirrorSnapshot {
  readonly snapshot: RoomSnapshot;
  /** Player id → the resume token the restored room holds its player under. */
  readonly tokens: ReadonlyMap<number, string>;
}

/** Who the snapshot's players are. */
export interface MirrorPlayers {
  /** Whether a player stays (its peer is still in the session). */
  keeps(playerId: number): boolean;
  /** The account a player joined as, when known (only it may resume the player). */
  accountOf(playerId: number): string | undefined;
  /** A fresh, unguessable resume token per call. */
  newToken(): string;
}

/** Builds a RoomSnapshot of `game` from `mirror` (allocates: once per migration). */
export function snapshotFromMirror<Input>(
  game: GameDefinition<Input>,
  mirror: MirrorSource,
  players: MirrorPlayers,
  now: number,
): MirrorSnapshot {
  let world = dumpMirror(game, mirror);
  const leaving = [...mirror.players.keys()].filter((id) => !players.keeps(id));
  if (leaving.length > 0) world = withoutPlayers(game, world, leaving);
  const tokens = new Map<number, string>();
  const dumps: PlayerDump[] = [];
  let top = 0;
  for (const [playerId, name] of mirror.players) {
    top = Math.max(top, playerId);
    if (!players.keeps(playerId)) continue;
    const resumeToken = players.newToken();
    tokens.set(playerId, resumeToken);
    const accountId = players.accountOf(playerId);
    dumps.push(
      accountId === undefined
        ? { playerId, name, resumeToken }
        : { playerId, name, resumeToken, accountId },
    );
  }
  const snapshot: RoomSnapshot = {
    format: ROOM_SNAPSHOT_FORMAT,
    game: game.name,
    schema: game.schema.fingerprint,
    tick: Math.max(mirror.tick, 0),
    nextPlayerId: top + 1,
    savedAt: now,
    players: dumps,
    world,
  };
  return { snapshot, tokens };
}

/** The mirror's replicated components at their NetworkIds' slots. */
function dumpMirror<Input>(game: GameDefinition<Input>, mirror: MirrorSource): WorldDump {
  const { world } = mirror;
  // [networkId, mirror entity], by NetworkId: the dump lists entities ascending.
  const ids: [number, Entity][] = [];
  for (let e = 0; e < world.capacity; e++) {
    if (!world.isAlive(e)) continue;
    const id = mirror.networkIdOf(e);
    if (id >= 0) ids.push([id, e]);
  }
  ids.sort((a, b) => a[0] - b[0]);
  const components: ComponentDump[] = game.schema.components.map((def) => {
    const having = ids.filter(([, e]) => world.has(e, def));
    const store = world.schemaStore(def);
    return {
      name: def.name,
      kind: "schema",
      entities: Int32Array.from(having, ([id]) => id),
      lanes: store.lanes.map((field) =>
        field.map((lane) => Float64Array.from(having, ([, e]) => lane[e]!)),
      ),
      strings: store.strings.map((field) => having.map(([, e]) => field[e]!)),
    };
  });
  return { alive: Int32Array.from(ids, ([id]) => id), components };
}

/** `dump` after the game removed `players` (in a world of its own, as a room would). */
function withoutPlayers<Input>(
  game: GameDefinition<Input>,
  dump: WorldDump,
  players: readonly number[],
): WorldDump {
  const world = new World({ capacity: game.schema.maxEntities, ...game.world });
  restoreWorld(world, dump, game.schema.components);
  for (const id of players) {
    game.onLeave?.(world, id);
    game.removePlayer(world, id);
  }
  world.flushEvents();
  return dumpWorld(world);
}
