// One entity's state as a handoff carries it between zones: every component it has,
// replicated and server-only, as a plain structured-cloneable object (a Durable Object
// passes it over RPC as is). Zones run the same game, so components are matched by name,
// as a room snapshot matches them (room-snapshot.ts); values are copied exactly (float64).

import type { GameDefinition } from "../game/game-definition.js";
import type { AnyComponent, Entity, World } from "../world/world.js";

/** One component of an entity. */
export interface ComponentRecord {
  readonly name: string;
  /** Schema components: per field, per lane, the value (string fields: an empty list). */
  readonly lanes?: readonly (readonly number[])[];
  /** Schema components: the string fields' values, in stringAt order. */
  readonly strings?: readonly string[];
  /** Local components: the value (structured-cloneable, as snapshots require). */
  readonly value?: unknown;
}

/** An entity's components. */
export interface EntityRecord {
  readonly components: readonly ComponentRecord[];
}

/** The components a zone of `game` can carry: the schema's and the declared local ones. */
export function carriedComponents(game: GameDefinition<unknown>): AnyComponent[] {
  return [...game.schema.components, ...(game.localComponents ?? [])];
}

/** Copies entity `e`'s carried components (allocates: a handoff, not every tick). */
export function recordEntity(
  world: World,
  e: Entity,
  carried: readonly AnyComponent[],
): EntityRecord {
  const components: ComponentRecord[] = [];
  for (const def of carried) {
    if (!world.has(e, def)) continue;
    if (def.kind === "local") {
      components.push({ name: def.name, value: world.get(e, def) });
      continue;
    }
    const store = world.schemaStore(def);
    components.push({
      name: def.name,
      lanes: store.lanes.map((field) => field.map((lane) => lane[e]!)),
      strings: store.strings.map((field) => field[e]!),
    });
  }
  return { components };
}

/**
 * Writes `record` onto entity `e` (alive), replacing the carried components it has: a
 * component the record lacks is removed, so `e` ends up exactly as recorded.
 * @throws naming a component the record holds and this zone does not carry
 */
export function applyRecord(
  world: World,
  e: Entity,
  record: EntityRecord,
  carried: readonly AnyComponent[],
): void {
  const byName = new Map(carried.map((c) => [c.name, c]));
  for (const c of record.components)
    if (!byName.has(c.name)) throw new Error(`zone record: no component "${c.name}"`);
  const present = new Set(record.components.map((c) => c.name));
  for (const def of carried) if (!present.has(def.name) && world.has(e, def)) world.remove(e, def);
  for (const c of record.components) {
    const def = byName.get(c.name)!;
    if (def.kind === "local") {
      world.add(e, def, c.value);
      continue;
    }
    if (!world.has(e, def)) world.add(e, def);
    const store = world.schemaStore(def);
    store.lanes.forEach((field, f) => {
      field.forEach((lane, l) => {
        lane[e] = c.lanes?.[f]?.[l] ?? 0;
      });
    });
    store.strings.forEach((field, f) => {
      field[e] = c.strings?.[f] ?? "";
    });
    world.markChanged(e, def);
  }
}
