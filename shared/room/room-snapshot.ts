// A room's persistent state: its world (every component, replicated and server-only), its
// tick and its players. Hosts store it every few seconds and when the room empties, and
// build a RoomCore from it after an eviction or a deploy; reconnecting clients then resume.
// The format is a plain structured-cloneable object (typed arrays, strings, plain values),
// so a Durable Object stores it as is; local components' values must be cloneable too.

import type { AnyComponent, World } from "../world/world.js";

/** One component's values on the entities that have it. */
export interface ComponentDump {
  /** The component's name (ComponentDef.name); restore matches it against the live world's. */
  readonly name: string;
  readonly kind: "schema" | "local";
  /** Entities having the component, ascending. */
  readonly entities: Int32Array;
  /** Schema: per field, per lane, the values of `entities` in order. */
  readonly lanes?: Float64Array[][];
  /** Schema: per string field, the values of `entities` in order. */
  readonly strings?: string[][];
  /** Local: the values of `entities` in order. */
  readonly values?: unknown[];
}

/** Every alive entity with its components. */
export interface WorldDump {
  /** Alive entities, ascending (entity ids are NetworkIds: they must come back unchanged). */
  readonly alive: Int32Array;
  readonly components: ComponentDump[];
}

/** A joined player at the time of the snapshot. */
export interface PlayerDump {
  readonly playerId: number;
  readonly name: string;
  readonly resumeToken: string;
  /** The account the player joined as, when the host verified one: only it may resume. */
  readonly accountId?: string;
  /** The player's own interest radius, when the room set one (absent: the room's default). */
  readonly viewRadius?: number;
}

/** What a room persists. */
export interface RoomSnapshot {
  /** Format version of this object. */
  readonly format: 1;
  /** The game's name and schema fingerprint: a snapshot of another build is not restored. */
  readonly game: string;
  readonly schema: number;
  /** The last simulated tick; the restored room continues from the next one. */
  readonly tick: number;
  readonly nextPlayerId: number;
  /** Host time of the snapshot, ms. */
  readonly savedAt: number;
  readonly players: PlayerDump[];
  readonly world: WorldDump;
}

/** The format version this build writes and reads. */
export const ROOM_SNAPSHOT_FORMAT = 1;

/** Copies the alive entities of `world` and their components (allocates: off the tick path). */
export function dumpWorld(world: World): WorldDump {
  const alive: number[] = [];
  for (let e = 0; e < world.capacity; e++) if (world.isAlive(e)) alive.push(e);
  const components: ComponentDump[] = [];
  for (const def of world.components()) {
    const entities = alive.filter((e) => world.has(e, def));
    if (def.kind === "schema") {
      const store = world.schemaStore(def);
      components.push({
        name: def.name,
        kind: "schema",
        entities: Int32Array.from(entities),
        lanes: store.lanes.map((field) =>
          field.map((lane) => Float64Array.from(entities, (e) => lane[e]!)),
        ),
        strings: store.strings.map((field) => entities.map((e) => field[e]!)),
      });
    } else {
      components.push({
        name: def.name,
        kind: "local",
        entities: Int32Array.from(entities),
        values: entities.map((e) => world.get(e, def)),
      });
    }
  }
  return { alive: Int32Array.from(alive), components };
}

/**
 * Rebuilds `dump` in `world`, which must be fresh (nothing spawned yet) and know the
 * components: `known` lists them (the world's own plus any the game registers lazily).
 * Entity ids come back unchanged: ids below the largest are spawned in order and the gaps
 * despawned, so they return to the free list behind their reuse delay.
 * @throws naming a component of the dump the world does not know
 */
export function restoreWorld(world: World, dump: WorldDump, known: readonly AnyComponent[]): void {
  const byName = new Map(known.map((c) => [c.name, c]));
  const top = dump.alive.length > 0 ? dump.alive[dump.alive.length - 1]! : -1;
  const keep = new Set(dump.alive);
  for (let e = 0; e <= top; e++) {
    const got = world.spawn();
    if (got !== e) throw new Error(`restoreWorld needs a fresh world (spawned ${got}, not ${e})`);
  }
  for (let e = 0; e <= top; e++) if (!keep.has(e)) world.despawn(e);
  for (const c of dump.components) {
    const def = byName.get(c.name);
    if (!def) throw new Error(`restoreWorld: the world has no component "${c.name}"`);
    if (def.kind === "schema") {
      const store = world.schemaStore(def);
      c.entities.forEach((e, k) => {
        world.add(e, def);
        store.lanes.forEach((field, f) => {
          field.forEach((lane, l) => {
            lane[e] = c.lanes![f]![l]![k]!;
          });
        });
        store.strings.forEach((field, f) => {
          field[e] = c.strings![f]![k]!;
        });
      });
    } else {
      c.entities.forEach((e, k) => {
        world.add(e, def, c.values![k]);
      });
    }
  }
}
