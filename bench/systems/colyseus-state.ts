// The arena as a Colyseus 0.18 room state, written the way its docs teach: `schema()` and
// `t.*` builders (no decorators), entities in a MapSchema keyed by id, and in scene B the
// map tagged `.view()` so each client's StateView decides which entities it receives.
import { type MapSchema, type Schema, schema, t } from "@colyseus/schema";
import { ARENA_SIZE } from "../scenes/scene-config.js";

/**
 * The Colyseus variants: "float32" (every float field float32), "quantized" (x and y
 * `t.quantized`, the rest float32: the bench's peer since issue 3) and "fair" (every float
 * field `t.quantized` at least as fine as edgetick declares it: the fair peer of issue 21).
 */
export type ColyseusVariant = "float32" | "quantized" | "fair";

/**
 * `t.quantized({ min: 0, max: 2000 })`: 16 bits, clamped, span 2^16 − 1, so one step is
 * 2000 / 65535 ≈ 0.0305 units (the step SCENES.md names) and the worst error is half a step.
 */
export const QUANTIZED_POSITION = { min: 0, max: ARENA_SIZE, bits: 16 } as const;

/** One quantization step of {@link QUANTIZED_POSITION}, in units. */
export const QUANTIZED_POSITION_STEP =
  (QUANTIZED_POSITION.max - QUANTIZED_POSITION.min) / (2 ** QUANTIZED_POSITION.bits - 1);

/**
 * The fair peer's velocity lanes: `t.quantized({ min: -128, max: 128 })`, edgetick's range;
 * symmetric, so the span is 2^16 − 2 and one step is 256 / 65534 ≈ 0.0039 units/s, finer
 * than edgetick's 1/64.
 */
export const FAIR_VELOCITY = { min: -128, max: 128, bits: 16 } as const;

/** One step of {@link FAIR_VELOCITY}, units/s. */
export const FAIR_VELOCITY_STEP =
  (FAIR_VELOCITY.max - FAIR_VELOCITY.min) / (2 ** FAIR_VELOCITY.bits - 2);

/** The fair peer's angle: `t.angle()`, 16 bits wrapping over [0, 2π) (edgetick: 10 bits). */
export const FAIR_ANGLE_BITS = 16;

/** One step of the fair peer's angle, radians. */
export const FAIR_ANGLE_STEP = (2 * Math.PI) / 2 ** FAIR_ANGLE_BITS;

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
 * Defines fresh state classes for one variant, filtered (scene B: `entities` is
 * `.view()`-tagged) or broadcast (scene A). hp and kind are uint8 in every variant.
 *
 * The fair variant's positions are 16-bit over [0, 2000] (step ≈ 0.0305): its worst error,
 * half a step (≈ 0.01526), is below edgetick's (its prediction tolerance, 1/64 ≈ 0.01563),
 * and Colyseus' next width (32 bits) costs as much as a float32.
 */
export function defineColyseusState(
  variant: ColyseusVariant,
  filtered: boolean,
): ColyseusStateClasses {
  const position = () =>
    variant === "float32" ? t.float32() : t.quantized({ ...QUANTIZED_POSITION });
  const velocity = () => (variant === "fair" ? t.quantized({ ...FAIR_VELOCITY }) : t.float32());
  const Entity = schema(
    {
      x: position(),
      y: position(),
      angle: variant === "fair" ? t.angle({ bits: FAIR_ANGLE_BITS }) : t.float32(),
      vx: velocity(),
      vy: velocity(),
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
