// The numeric state of an entity flattened into lanes: every numeric field of every schema
// component, in schema order, with how each field blends (lerp, shortest arc, slerp or
// hold) and its smoothing settings. The snapshot buffer, the predictor and the render view
// all copy values lane by lane through it, so none of them walks component objects per frame.

import { fieldNetcode, type GameNetcode } from "../../shared/game/game-netcode.js";
import type { NumericField } from "../../shared/schema/field.js";
import type { NetworkSchema } from "../../shared/schema/network-schema.js";
import type { SchemaStore } from "../../shared/world/component-store.js";
import type { World } from "../../shared/world/world.js";

/** How a field's lanes move between two values. */
export const BLEND = {
  /** Per-lane linear interpolation (floats, vectors, scales). */
  LINEAR: 0,
  /** Shortest-arc interpolation of an angle in radians, result in [−π, π). */
  ANGLE: 1,
  /** Spherical interpolation of a unit quaternion (4 lanes x, y, z, w). */
  QUAT: 2,
  /** No blending: the older value holds until the newer one's time (ints, bools, enums). */
  HOLD: 3,
} as const;

/** One numeric field in the flat lane block. */
export interface LaneField {
  /** Schema index of the component. */
  readonly component: number;
  /** Field index in the component (its store's lane list). */
  readonly field: number;
  /** First lane in the flat block. */
  readonly at: number;
  readonly lanes: number;
  readonly blend: (typeof BLEND)[keyof typeof BLEND];
  readonly correctionMs: number;
  readonly snapThreshold: number;
  readonly teleportThreshold: number;
  /** Predicted entities step this field locally (its component's `predict`). */
  readonly predict: boolean;
  /** Remote entities interpolate this field (its component's `interpolate`). */
  readonly interpolate: boolean;
}

/** The flat lane layout of a schema. */
export class LaneLayout {
  readonly fields: readonly LaneField[];
  /** Lanes per entity. */
  readonly width: number;
  readonly schema: NetworkSchema;

  constructor(schema: NetworkSchema, netcode: GameNetcode | undefined) {
    const fields: LaneField[] = [];
    let at = 0;
    schema.components.forEach((def, component) => {
      for (const f of def.fields) {
        if (f.stringAt >= 0) continue;
        const field = f.field as NumericField;
        const s = fieldNetcode(netcode, def, f.name);
        const blend =
          field.kind === "angle"
            ? BLEND.ANGLE
            : field.kind === "quat"
              ? BLEND.QUAT
              : field.kind === "float" || field.kind === "vec2" || field.kind === "vec3"
                ? BLEND.LINEAR
                : BLEND.HOLD;
        fields.push({ component, field: f.index, at, lanes: field.lanes, blend, ...s });
        at += field.lanes;
      }
    });
    this.fields = fields;
    this.width = at;
    this.schema = schema;
  }

  /** The stores of `world` for each schema component, in schema order (make once per world). */
  stores(world: World): SchemaStore[] {
    return this.schema.components.map((def) => world.schemaStore(def));
  }

  /** Copies entity `e`'s lanes from `stores` into `out` at `offset`. */
  read(stores: readonly SchemaStore[], e: number, out: Float64Array, offset: number): void {
    for (const f of this.fields) {
      const lanes = stores[f.component]!.lanes[f.field]!;
      for (let l = 0; l < f.lanes; l++) out[offset + f.at + l] = lanes[l]![e]!;
    }
  }

  /** Copies lanes from `src` at `offset` into entity `e` of `stores` (fields passing `only`). */
  write(
    src: Float64Array,
    offset: number,
    stores: readonly SchemaStore[],
    e: number,
    only?: (f: LaneField) => boolean,
  ): void {
    for (const f of this.fields) {
      if (only && !only(f)) continue;
      const lanes = stores[f.component]!.lanes[f.field]!;
      for (let l = 0; l < f.lanes; l++) lanes[l]![e] = src[offset + f.at + l]!;
    }
  }
}
