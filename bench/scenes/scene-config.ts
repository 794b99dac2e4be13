// The constants of SCENES.md in one place: the arena, the tick, and scenes A and B.

/** Side of the square arena, in units. Positions live in [0, ARENA_SIZE]. */
export const ARENA_SIZE = 2000;

/** Seed of the mulberry32 generator behind everything random in the scene. */
export const SCENE_SEED = 12345;

/** Simulation rate, in ticks per second. */
export const TICK_RATE = 30;

/** Fixed step, in seconds. */
export const DT = 1 / TICK_RATE;

/** Ticks simulated (and replicated) before anything is measured. */
export const WARMUP_TICKS = 30;

/** Ticks measured after the warm-up. */
export const MEASURED_TICKS = 300;

/** Share of the entities at rest at any time (exactly round(N · 0.2)). */
export const RESTING_SHARE = 0.2;

/** Share of N that stops (and, as many, that start) each tick: round(N · 0.005). */
export const ROTATION_SHARE = 0.005;

/** Share of N whose hp changes each tick: round(N · 0.02). */
export const HP_CHANGE_SHARE = 0.02;

/** Mover speed range, in units per second: uniform in [MIN, MAX). */
export const SPEED_MIN = 30;
/** Upper (exclusive) bound of the mover speed, in units per second. */
export const SPEED_MAX = 120;

/**
 * Steering scenes: each tick every mover's velocity gets a seeded kick, each component
 * uniform in ±STEERING_ACCEL · dt (±2 units/s a tick), and its speed is capped at SPEED_MAX,
 * so nearly every mover's velocity (and heading) changes every tick and no prediction from
 * the last velocity holds. Units/s².
 */
export const STEERING_ACCEL = 60;

/** How movers move: at constant velocity (SCENES.md) or steered every tick. */
export type SceneMotion = "coasting" | "steering";

/** Number of distinct `kind` values drawn at spawn (a uint8 that never changes). */
export const KIND_COUNT = 4;

/** One benchmark scene. */
export interface SceneConfig {
  /** "A" (broadcast) or "B" (interest), or their steering variants. */
  readonly name: "A" | "B" | "steeringA" | "steeringB";
  /** Coasting (SCENES.md's constant velocities) or steering (a kick every tick). */
  readonly motion: SceneMotion;
  /** One line saying what the scene is. */
  readonly title: string;
  /** N, the number of entities. */
  readonly entityCount: number;
  /** M, the number of connected clients. */
  readonly clientCount: number;
  /** Visibility radius in units, or null when every client sees everything. */
  readonly viewRadius: number | null;
}

/** Scene A, broadcast: N = 500, M = 32, every client sees everything. */
export const SCENE_A: SceneConfig = {
  name: "A",
  title: "broadcast (N=500, M=32)",
  motion: "coasting",
  entityCount: 500,
  clientCount: 32,
  viewRadius: null,
};

/** Scene B, interest: N = 2000, M = 64 at fixed random positions, each sees within 300 units. */
export const SCENE_B: SceneConfig = {
  name: "B",
  title: "interest (N=2000, M=64, r=300)",
  motion: "coasting",
  entityCount: 2000,
  clientCount: 64,
  viewRadius: 300,
};

/** Scene A with steering: every mover's velocity changes every tick (motion nobody can predict). */
export const SCENE_STEERING_A: SceneConfig = {
  ...SCENE_A,
  name: "steeringA",
  title: "steering broadcast (N=500, M=32)",
  motion: "steering",
};

/** Scene B with steering. */
export const SCENE_STEERING_B: SceneConfig = {
  ...SCENE_B,
  name: "steeringB",
  title: "steering interest (N=2000, M=64, r=300)",
  motion: "steering",
};

/** Every scene of the replication bench, in report order. */
export const SCENES: readonly SceneConfig[] = [
  SCENE_A,
  SCENE_B,
  SCENE_STEERING_A,
  SCENE_STEERING_B,
];
