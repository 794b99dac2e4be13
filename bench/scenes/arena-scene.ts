// The arena scene of SCENES.md, simulated exactly and independently of any replication
// system: every system under test mirrors this one source of truth and is checked against it.
import {
  ARENA_SIZE,
  DT,
  HP_CHANGE_SHARE,
  KIND_COUNT,
  RESTING_SHARE,
  ROTATION_SHARE,
  SCENE_SEED,
  type SceneMotion,
  SPEED_MAX,
  SPEED_MIN,
  STEERING_ACCEL,
} from "./scene-config.js";
import { SceneRandom } from "./scene-random.js";

/** Options of {@link ArenaScene}. */
export interface ArenaSceneOptions {
  /** N, the number of entities. */
  entityCount: number;
  /**
   * Number of client positions to draw (scene B); drawn after the entities.
   * @default 0
   */
  clientCount?: number;
  /**
   * Seed of the mulberry32 generator.
   * @default 12345
   */
  seed?: number;
  /**
   * "steering" kicks every mover's velocity every tick (see STEERING_ACCEL).
   * @default "coasting"
   */
  motion?: SceneMotion;
}

/**
 * The deterministic arena: N entities `{x, y, angle, vx, vy, hp, kind}` stored as float32
 * (positions, velocities, angle) and uint8 (hp, kind) typed arrays, stepped at a fixed dt.
 *
 * After each {@link ArenaScene.step}, the change lists say what the tick wrote, so a system
 * mirrors the scene by touching only what changed: every mover's position, the velocity and
 * angle of `velocityChanged` (stops, starts, wall reflections), the hp of `hpChanged`.
 *
 * @example
 * const scene = new ArenaScene({ entityCount: 500 });
 * scene.step();
 * for (let i = 0; i < scene.moverCount; i++) mirror(scene.movers[i]);
 */
export class ArenaScene {
  /** N. */
  readonly entityCount: number;
  /** Position x, units, in [0, ARENA_SIZE]. */
  readonly x: Float32Array;
  /** Position y, units, in [0, ARENA_SIZE]. */
  readonly y: Float32Array;
  /** Velocity x, units/s (0 at rest). */
  readonly vx: Float32Array;
  /** Velocity y, units/s (0 at rest). */
  readonly vy: Float32Array;
  /** atan2(vy, vx), radians, rewritten only when the velocity changes (0 at rest). */
  readonly angle: Float32Array;
  /** Hit points, uint8. */
  readonly hp: Uint8Array;
  /** Entity kind, uint8 in [0, KIND_COUNT); never changes. */
  readonly kind: Uint8Array;
  /** Client positions (scene B): fixed for the whole run. */
  readonly clientX: Float32Array;
  /** Client positions (scene B): fixed for the whole run. */
  readonly clientY: Float32Array;
  /** Ids of the moving entities; the first {@link moverCount} are valid. Order rotates. */
  readonly movers: Int32Array;
  /** Number of movers: N − round(N · 0.2), constant. */
  readonly moverCount: number;
  /** Ids of the resting entities; the first {@link restingCount} are valid. */
  readonly resting: Int32Array;
  /** Number of resting entities: round(N · 0.2), constant. */
  readonly restingCount: number;
  /** Ids whose velocity and angle changed in the last step (distinct). */
  readonly velocityChanged: Int32Array;
  /** Valid length of {@link velocityChanged}. */
  velocityChangedCount = 0;
  /** Ids whose hp changed in the last step (distinct). */
  readonly hpChanged: Int32Array;
  /** Valid length of {@link hpChanged}: round(N · 0.02) after every step. */
  hpChangedCount = 0;
  /** Ticks stepped so far. */
  tick = 0;

  readonly #random: SceneRandom;
  readonly #steering: boolean;
  readonly #rotationCount: number;
  readonly #hpChangeCount: number;
  /** Tick (+1) at which an id last entered velocityChanged, to keep that list distinct. */
  readonly #velocityStamp: Uint32Array;
  /** Tick (+1) at which an id last had its hp changed, to draw distinct ids. */
  readonly #hpStamp: Uint32Array;
  /** Tick (+1) at which an id was last launched: its angle is due in #move. */
  readonly #launchStamp: Uint32Array;

  constructor(options: ArenaSceneOptions) {
    const n = options.entityCount;
    if (!Number.isInteger(n) || n < 1) throw new Error("entityCount must be an integer ≥ 1");
    const clientCount = options.clientCount ?? 0;
    this.entityCount = n;
    this.#random = new SceneRandom(options.seed ?? SCENE_SEED);
    this.#steering = options.motion === "steering";
    this.x = new Float32Array(n);
    this.y = new Float32Array(n);
    this.vx = new Float32Array(n);
    this.vy = new Float32Array(n);
    this.angle = new Float32Array(n);
    this.hp = new Uint8Array(n);
    this.kind = new Uint8Array(n);
    this.restingCount = Math.round(n * RESTING_SHARE);
    this.moverCount = n - this.restingCount;
    this.#rotationCount = Math.min(
      Math.round(n * ROTATION_SHARE),
      this.restingCount,
      this.moverCount,
    );
    this.#hpChangeCount = Math.round(n * HP_CHANGE_SHARE);
    this.movers = new Int32Array(this.moverCount);
    this.resting = new Int32Array(this.restingCount);
    this.velocityChanged = new Int32Array(n);
    this.hpChanged = new Int32Array(this.#hpChangeCount);
    this.#velocityStamp = new Uint32Array(n);
    this.#hpStamp = new Uint32Array(n);
    this.#launchStamp = new Uint32Array(n);

    const random = this.#random;
    for (let i = 0; i < n; i++) {
      this.x[i] = random.next() * ARENA_SIZE;
      this.y[i] = random.next() * ARENA_SIZE;
      this.hp[i] = random.below(256);
      this.kind[i] = random.below(KIND_COUNT);
      this.#launch(i);
      this.angle[i] = Math.atan2(this.vy[i]!, this.vx[i]!);
    }
    // The resting set: a partial Fisher–Yates over all ids picks round(N · 0.2) of them.
    const ids = new Int32Array(n);
    for (let i = 0; i < n; i++) ids[i] = i;
    for (let j = 0; j < this.restingCount; j++) {
      const r = j + random.below(n - j);
      const id = ids[r]!;
      ids[r] = ids[j]!;
      ids[j] = id;
      this.#halt(id);
      this.resting[j] = id;
    }
    this.movers.set(ids.subarray(this.restingCount));

    this.clientX = new Float32Array(clientCount);
    this.clientY = new Float32Array(clientCount);
    for (let c = 0; c < clientCount; c++) {
      this.clientX[c] = random.next() * ARENA_SIZE;
      this.clientY[c] = random.next() * ARENA_SIZE;
    }
  }

  /**
   * Advances one tick of dt = 1/30 s: round(N · 0.5%) movers stop and as many resting
   * entities start; every mover moves and reflects off the walls; round(N · 2%) distinct
   * entities get a new hp.
   */
  step(): void {
    this.tick++;
    this.velocityChangedCount = 0;
    this.#rotateResting();
    if (this.#steering) this.#steer();
    this.#move();
    this.#changeHp();
  }

  /** Stops k movers and starts k entities that were resting at the start of the tick. */
  #rotateResting(): void {
    const k = this.#rotationCount;
    const random = this.#random;
    const movers = this.movers;
    const resting = this.resting;
    // Partial Fisher–Yates on both lists brings k distinct picks to their fronts; swapping
    // the fronts moves the picks across, so a just-stopped entity cannot restart this tick.
    for (let j = 0; j < k; j++) {
      const m = j + random.below(this.moverCount - j);
      const moverId = movers[m]!;
      movers[m] = movers[j]!;
      movers[j] = moverId;
      const r = j + random.below(this.restingCount - j);
      const restingId = resting[r]!;
      resting[r] = resting[j]!;
      resting[j] = restingId;
    }
    for (let j = 0; j < k; j++) {
      const stopping = movers[j]!;
      const starting = resting[j]!;
      this.#halt(stopping);
      this.#launch(starting);
      movers[j] = starting;
      resting[j] = stopping;
      this.#markVelocityChanged(stopping);
      this.#markVelocityChanged(starting);
    }
  }

  /**
   * Steering: every mover's velocity gets a kick, each component uniform in ±accel · dt,
   * its speed capped at SPEED_MAX (so it stays inside every system's declared range), and
   * its angle follows. Draws two numbers per mover, in mover order.
   */
  #steer(): void {
    const { vx, vy, movers } = this;
    const random = this.#random;
    const kick = STEERING_ACCEL * DT;
    for (let j = 0; j < this.moverCount; j++) {
      const id = movers[j]!;
      random.fill(2);
      const nvx = vx[id]! + (2 * random.draws[0]! - 1) * kick;
      const nvy = vy[id]! + (2 * random.draws[1]! - 1) * kick;
      // Math.sqrt, not Math.hypot: hypot's arguments box on the heap every call.
      const speed = Math.sqrt(nvx * nvx + nvy * nvy);
      const scale = speed > SPEED_MAX ? SPEED_MAX / speed : 1;
      vx[id] = nvx * scale;
      vy[id] = nvy * scale;
      this.angle[id] = Math.atan2(vy[id]!, vx[id]!);
      this.#markVelocityChanged(id);
    }
  }

  /** Integrates every mover by dt in float32 and reflects it off the walls. */
  #move(): void {
    const { x, y, vx, vy, movers } = this;
    for (let j = 0; j < this.moverCount; j++) {
      const id = movers[j]!;
      // A step is at most 4 units, so one reflection always lands back inside.
      let nx = Math.fround(x[id]! + vx[id]! * DT);
      let ny = Math.fround(y[id]! + vy[id]! * DT);
      let reflected = false;
      if (nx < 0 || nx > ARENA_SIZE) {
        nx = nx < 0 ? -nx : 2 * ARENA_SIZE - nx;
        vx[id] = -vx[id]!;
        reflected = true;
      }
      if (ny < 0 || ny > ARENA_SIZE) {
        ny = ny < 0 ? -ny : 2 * ARENA_SIZE - ny;
        vy[id] = -vy[id]!;
        reflected = true;
      }
      x[id] = nx;
      y[id] = ny;
      if (reflected) this.#markVelocityChanged(id);
      // A launched entity's angle is written here, in a loop hot enough for V8's top tier,
      // which keeps atan2's arguments and result unboxed (see #launch).
      if (reflected || this.#launchStamp[id] === this.tick)
        this.angle[id] = Math.atan2(vy[id]!, vx[id]!);
    }
  }

  /** Gives round(N · 2%) distinct entities hp + (1..255) mod 256: always a new value. */
  #changeHp(): void {
    const random = this.#random;
    const n = this.entityCount;
    const stamp = this.tick;
    for (let j = 0; j < this.#hpChangeCount; j++) {
      let id = random.below(n);
      // Rejection keeps the picks distinct; k ≤ 2% of N, so retries are rare.
      while (this.#hpStamp[id] === stamp) id = random.below(n);
      this.#hpStamp[id] = stamp;
      this.hp[id] = (this.hp[id]! + 1 + random.below(255)) & 0xff;
      this.hpChanged[j] = id;
    }
    this.hpChangedCount = this.#hpChangeCount;
  }

  /**
   * A fresh velocity: speed uniform in [30, 120) units/s, direction uniform. The angle is
   * left to the caller (#move, or the constructor): called a few times a tick, this method
   * runs in Maglev, which calls Math.atan2 as a builtin and boxes its two arguments and its
   * result (48 B a call).
   */
  #launch(id: number): void {
    const random = this.#random;
    random.fill(2);
    const speed = SPEED_MIN + random.draws[0]! * (SPEED_MAX - SPEED_MIN);
    const direction = random.draws[1]! * 2 * Math.PI;
    this.vx[id] = speed * Math.cos(direction);
    this.vy[id] = speed * Math.sin(direction);
    this.#launchStamp[id] = this.tick;
  }

  /** At rest: zero velocity, and angle = atan2(0, 0) = 0 as the scene's rule says. */
  #halt(id: number): void {
    this.vx[id] = 0;
    this.vy[id] = 0;
    this.angle[id] = 0;
  }

  #markVelocityChanged(id: number): void {
    if (this.#velocityStamp[id] === this.tick) return;
    this.#velocityStamp[id] = this.tick;
    this.velocityChanged[this.velocityChangedCount++] = id;
  }
}
