// The arena as a Colyseus 0.18 room state, written the way its docs teach: `schema()` and
// `t.*` builders (no decorators), entities in a MapSchema keyed by id, and in scene B the
// map tagged `.view()` so each client's StateView decides which entities it receives.
import { type MapSchema, type Schema, schema, t } from "@colyseus/schema";
import { ARENA_SIZE } from "../scenes/scene-config.js";

/** How the x and y fields go on the wire. */
export type ColyseusPositionEncoding = "float32" | "quantized";

/**
 * `t.quantized({ min: 0, max: 2000 })`: 16 bits, clamped, span 2^16 − 1, so one step is
 * 2000 / 65535 ≈ 0.0305 units (the step SCENES.md names) and the worst error is half a step.
 */
export const QUANTIZED_POSITION = { min: 0, max: ARENA_SIZE, bits: 16 } as const;

/** One quantization step of {@link QUANTIZED_POSITION}, in units. */
export const QUANTIZED_POSITION_STEP =
  (QUANTIZED_POSITION.max - QUANTIZED_POSITION.min) / (2 ** QUANTIZED_POSITION.bits - 1);

/** An entity of the Colyseus state, as the server writes it. */
export interface ColyseusEntity extends Schema {
  x: number;
  y: number;
  angle: number;
  vx: number;
  vy: number;
  hp: number;
  kind: number;
}

/** The Colyseus room state: every entity, keyed by its id as a string. */
export interface ColyseusArenaState extends Schema {
  entities: MapSchema<ColyseusEntity>;
}

/** The classes of one Colyseus variant. */
export interface ColyseusStateClasses {
  readonly Entity: new () => ColyseusEntity;
  readonly State: new () => ColyseusArenaState;
}

/**
 * Defines fresh state classes for one variant: float32 or quantized positions, filtered
 * (scene B: `entities` is `.view()`-tagged) or broadcast (scene A). Velocities and angle are
 * float32 and hp, kind uint8 in both variants, as SCENES.md describes the server state.
 */
export function defineColyseusState(
  positions: ColyseusPositionEncoding,
  filtered: boolean,
): ColyseusStateClasses {
  const position = () =>
    positions === "quantized" ? t.quantized({ ...QUANTIZED_POSITION }) : t.float32();
  const Entity = schema(
    {
      x: position(),
      y: position(),
      angle: t.float32(),
      vx: t.float32(),
      vy: t.float32(),
      hp: t.uint8(),
      kind: t.uint8(),
    },
    "Entity",
  );
  const entities = filtered ? t.map(Entity).view() : t.map(Entity);
  const State = schema({ entities }, "ArenaState");
  // schema()'s inferred class types are structurally these interfaces; the casts only
  // name them so the system code reads without the builder's generic machinery.
  return {
    Entity: Entity as unknown as new () => ColyseusEntity,
    State: State as unknown as new () => ColyseusArenaState,
  };
}
