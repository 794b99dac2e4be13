// Structure-of-arrays storage for one component in one world: each numeric lane is a
// Float64Array indexed by entity, strings a string[]; local components an object per
// entity. Game systems index these arrays directly in their loops.

import type { ComponentDef, Schema } from "../schema/component.js";
import type { LocalComponentDef } from "../schema/local-component.js";

/** Storage of a schema component. */
export interface SchemaStore {
  readonly kind: "schema";
  readonly def: ComponentDef;
  /** Per field: its lanes (empty for strings). */
  readonly lanes: readonly (readonly Float64Array[])[];
  /** Per string field (by stringAt): values by entity. */
  readonly strings: readonly string[][];
  /** The typed view handed to game code (`store.pos.x[e]`). */
  readonly view: Record<string, unknown>;
}

/** Storage of a local component. */
export interface LocalStore {
  readonly kind: "local";
  readonly def: LocalComponentDef<unknown>;
  readonly values: unknown[];
}

/** Storage of any component. */
export type ComponentStore = SchemaStore | LocalStore;

/** Allocates the storage of a schema component for `capacity` entities. */
export function createSchemaStore<S extends Schema>(
  def: ComponentDef<S>,
  capacity: number,
): SchemaStore {
  const lanes: Float64Array[][] = [];
  const strings: string[][] = [];
  const view: Record<string, unknown> = {};
  for (const f of def.fields) {
    if (f.field.kind === "string") {
      const values = new Array<string>(capacity).fill("");
      strings.push(values);
      lanes.push([]);
      view[f.name] = values;
      continue;
    }
    const fieldLanes: Float64Array[] = [];
    for (let l = 0; l < f.field.lanes; l++) fieldLanes.push(new Float64Array(capacity));
    lanes.push(fieldLanes);
    if (f.field.lanes === 1) view[f.name] = fieldLanes[0];
    else {
      const named: Record<string, Float64Array> = {};
      f.field.laneNames.forEach((laneName, l) => {
        named[laneName] = fieldLanes[l]!;
      });
      view[f.name] = named;
    }
  }
  return { kind: "schema", def: def as ComponentDef, lanes, strings, view };
}

/** Writes `values` (a ValuesOf object) into entity `e`; missing fields are left as they are. */
export function assignValues(store: SchemaStore, e: number, values: Record<string, unknown>): void {
  for (const f of store.def.fields) {
    const v = values[f.name];
    if (v === undefined) continue;
    if (f.stringAt >= 0) store.strings[f.stringAt]![e] = String(v);
    else if (typeof v === "number") store.lanes[f.index]![0]![e] = v;
    else if (typeof v === "object" && v !== null && f.field.kind !== "string") {
      const lanes = store.lanes[f.index]!;
      f.field.laneNames.forEach((laneName, l) => {
        const lane = (v as Record<string, unknown>)[laneName];
        if (typeof lane === "number") lanes[l]![e] = lane;
      });
    }
  }
}

/** Resets entity `e` to zeros and empty strings. */
export function clearValues(store: SchemaStore, e: number): void {
  for (const fieldLanes of store.lanes) for (const lane of fieldLanes) lane[e] = 0;
  for (const values of store.strings) values[e] = "";
}
