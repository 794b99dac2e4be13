// What a game tells the client netcode: which entities a player predicts, and how each
// component is smoothed when a prediction is corrected or interpolated between snapshots.
// All optional: a game without it is mirrored and interpolated, never predicted.

import type { ComponentDef } from "../schema/component.js";
import type { Entity, World } from "../world/world.js";

/** Smoothing settings of one numeric field (or, as defaults, of a whole component). */
export interface FieldNetcode {
  /**
   * Milliseconds over which a prediction correction is blended away instead of snapping.
   * @default 100
   */
  correctionMs?: number;
  /**
   * A prediction correction larger than this snaps at once: units of the field (Euclidean
   * over its lanes; radians for angles).
   * @default Infinity
   */
  snapThreshold?: number;
  /**
   * A jump between two consecutive snapshots larger than this is a teleport: shown at once,
   * not interpolated. Units of the field (Euclidean over its lanes; radians for angles).
   * @default Infinity
   */
  teleportThreshold?: number;
}

/** Netcode settings of one component. */
export interface ComponentNetcode extends FieldNetcode {
  readonly component: ComponentDef;
  /**
   * Predicted entities step this component locally; false renders it from the server's
   * values (interpolated) even on a predicted entity.
   * @default true
   */
  predict?: boolean;
  /**
   * Remote entities render this component interpolated between snapshots; false shows the
   * latest received value.
   * @default true
   */
  interpolate?: boolean;
  /** Per-field overrides of the component's smoothing settings, by field name. */
  fields?: Readonly<Record<string, FieldNetcode>>;
}

/** Client-side netcode declarations of a game. */
export interface GameNetcode {
  /**
   * True when player `playerId` predicts `entity` of its mirror (its avatar): the client
   * steps it with the game's `step` on every input. Asked once when the entity appears.
   * Omitted: nothing is predicted.
   */
  predicted?(world: World, playerId: number, entity: Entity): boolean;
  /** Settings per component; components not listed use the defaults. */
  components?: readonly ComponentNetcode[];
}

/** Defaults of {@link FieldNetcode}. */
export const DEFAULT_FIELD_NETCODE: Readonly<Required<FieldNetcode>> = {
  correctionMs: 100,
  snapThreshold: Number.POSITIVE_INFINITY,
  teleportThreshold: Number.POSITIVE_INFINITY,
};

/** The settings of `component`'s field `field` in `netcode`, defaults filled in. */
export function fieldNetcode(
  netcode: GameNetcode | undefined,
  component: ComponentDef,
  field: string,
): Required<FieldNetcode> & { predict: boolean; interpolate: boolean } {
  const c = netcode?.components?.find((x) => x.component === component);
  const f = c?.fields?.[field];
  const resolved = {
    correctionMs: f?.correctionMs ?? c?.correctionMs ?? DEFAULT_FIELD_NETCODE.correctionMs,
    snapThreshold: f?.snapThreshold ?? c?.snapThreshold ?? DEFAULT_FIELD_NETCODE.snapThreshold,
    teleportThreshold:
      f?.teleportThreshold ?? c?.teleportThreshold ?? DEFAULT_FIELD_NETCODE.teleportThreshold,
    predict: c?.predict ?? true,
    interpolate: c?.interpolate ?? true,
  };
  const where = `${component.name}.${field}`;
  if (!(resolved.correctionMs >= 0)) throw new RangeError(`${where}.correctionMs must be ≥ 0`);
  if (!(resolved.snapThreshold > 0)) throw new RangeError(`${where}.snapThreshold must be > 0`);
  if (!(resolved.teleportThreshold > 0))
    throw new RangeError(`${where}.teleportThreshold must be > 0`);
  return resolved;
}
