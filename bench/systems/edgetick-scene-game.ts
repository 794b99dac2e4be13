// The arena scene as an edgetick game: a GameDefinition whose step advances the bench's
// ArenaScene and writes what changed into the room's world and which, in scene B, declares
// spatial interest: the room's own grid (shared/room/room-interest.ts) finds the entities
// near each player's seat. The room core runs it as it runs any game; no shortcut path.
import { performance } from "node:perf_hooks";
import type { GameDefinition, InputCodec } from "../../shared/game/game-definition.js";
import type { EntityPositions, RoomInterest } from "../../shared/room/index.js";
import type { EntitySet, World } from "../../shared/world/index.js";
import type { ArenaScene } from "../scenes/arena-scene.js";
import { ARENA_SIZE, TICK_RATE } from "../scenes/scene-config.js";
import { arenaNetworkSchema, Kind, Motion, Vitals } from "./edgetick-schema.js";

/** The bench's players send nothing: the scene moves on its own. */
type NoInput = null;

/** No input travels; a frame claiming one is refused. */
const NO_INPUT_CODEC: InputCodec<NoInput> = {
  bytes: 0,
  encode() {},
  decode: () => undefined,
};

/** The player name that seats a player at client position `c` (what its HELLO carries). */
export function seatName(c: number): string {
  return `seat ${c}`;
}

const SEAT_NAME = /^seat (\d+)$/;

/**
 * Builds the scene's game and times its work, so the room's tick can be split into the
 * game's side (step + interest) and the room's replication (encode, framing, sends).
 *
 * @example
 * const game = new ArenaSceneGame(scene, 300, clientCount);
 * const room = new RoomCore(game.definition, "bench", host);
 * game.timeInterest(room.interest!);
 * game.resetHookMs();
 * room.update(now);
 * const encodeMs = tickMs - game.hookMs;
 */
export class ArenaSceneGame {
  /** The definition handed to RoomCore. */
  readonly definition: GameDefinition<NoInput>;
  /**
   * Milliseconds spent in `step` and in the room's interest (grid update + per-player
   * queries, once {@link timeInterest} wrapped them) since the last {@link resetHookMs}.
   */
  hookMs = 0;
  /** The part of {@link hookMs} spent in the room's interest (grid update and queries). */
  interestMs = 0;
  readonly #scene: ArenaScene;
  readonly #seatCount: number;
  /** Scene B: players look from seats. */
  readonly #withInterest: boolean;
  readonly #capacity: number;
  /** False once {@link stopTiming} ran: the hooks then read no clock. */
  #timed = true;
  /** Each player's seat: the client position it looks from. */
  readonly #seats = new Map<number, number>();

  /**
   * `viewRadius` (scene B, else null) is the interest radius; `seats` is the number of
   * client positions, so the room admits them all plus one late joiner.
   */
  constructor(scene: ArenaScene, viewRadius: number | null, seats: number) {
    this.#scene = scene;
    this.#seatCount = seats;
    this.#withInterest = viewRadius !== null;
    // The id space a game would size for the room: the next power of two ≥ N (same id bits).
    this.#capacity = 2 ** Math.ceil(Math.log2(scene.entityCount));
    let definition: GameDefinition<NoInput> = {
      name: "bench-arena",
      input: NO_INPUT_CODEC,
      idleInput: null,
      schema: arenaNetworkSchema(this.#capacity),
      roomOptions: {
        tickRate: TICK_RATE,
        maxPlayers: seats + 1,
        // The bench's clients never send (a real client pings): a run lasts far below this.
        idleTimeoutMs: 600_000,
      },
      setup: (world) => this.#setup(world),
      // Players are viewers: no avatar to add or remove.
      addPlayer: (_world, playerId, name) => this.#seat(playerId, name),
      removePlayer: (_world, playerId) => {
        this.#seats.delete(playerId);
      },
      step: (world) => this.#step(world),
    };
    if (viewRadius !== null) {
      const seatsOf = this.#seats;
      definition = {
        ...definition,
        // Built per room; it holds no relevancy state of its own (no rules).
        spatialInterest: () => {
          // The room asks every tick: one object, made at the first call, not one a tick.
          let positions: EntityPositions | undefined;
          return {
            bounds: { width: ARENA_SIZE, height: ARENA_SIZE },
            radius: viewRadius,
            // Every entity of the scene has a position: the alive set is the placed set.
            positions: (world) =>
              (positions ??= { ...world.store(Motion).pos, placed: world.alive }),
            viewpoint(_world, playerId, out) {
              const seat = seatsOf.get(playerId);
              if (seat === undefined) return false;
              out.x = scene.clientX[seat]!;
              out.y = scene.clientY[seat]!;
              return true;
            },
          };
        },
      };
    }
    this.definition = definition;
  }

  /**
   * Times the room's interest work into {@link hookMs} (bench instrumentation: the room's
   * own methods run, wrapped by a stopwatch; shared code reads no clock).
   */
  timeInterest(interest: RoomInterest): void {
    const update = interest.update.bind(interest);
    const fill = interest.fill.bind(interest);
    interest.update = () => {
      const t0 = performance.now();
      update();
      const ms = performance.now() - t0;
      this.hookMs += ms;
      this.interestMs += ms;
    };
    interest.fill = (playerId, visible) => {
      const t0 = performance.now();
      fill(playerId, visible);
      const ms = performance.now() - t0;
      this.hookMs += ms;
      this.interestMs += ms;
    };
  }

  /**
   * The replication bench's timing of the room's interest: the grid update is wrapped as in
   * {@link timeInterest}, but the per-player queries are not — two clock reads per player
   * (`performance.now()` allocates a number each) would be most of what the metered tick
   * allocates. {@link replayQueries} times them instead, after the tick.
   */
  timeInterestUpdate(interest: RoomInterest): void {
    const update = interest.update.bind(interest);
    interest.update = () => {
      if (!this.#timed) return update();
      const t0 = performance.now();
      update();
      const ms = performance.now() - t0;
      this.hookMs += ms;
      this.interestMs += ms;
    };
  }

  /**
   * Runs every seated player's interest query again, as the tick just ran them (a query
   * reads the grid and the viewpoint and keeps no state between players), and adds their
   * time to {@link hookMs}. The rerun finds warm caches, so it can only read low: the encode
   * time (tick minus hooks) errs against edgetick.
   */
  replayQueries(interest: RoomInterest, scratch: EntitySet): void {
    const t0 = performance.now();
    for (const playerId of this.#seats.keys()) {
      scratch.clear();
      interest.fill(playerId, scratch);
    }
    const ms = performance.now() - t0;
    this.hookMs += ms;
    this.interestMs += ms;
  }

  /**
   * Stops the stopwatches of {@link hookMs} for good: the steady-state heap phase measures the
   * room's tick without the bench's clock reads (see ReplicationSystem.stopTiming).
   */
  stopTiming(): void {
    this.#timed = false;
  }

  /** Zeroes {@link hookMs} and {@link interestMs}; call before each `room.update`. */
  resetHookMs(): void {
    this.hookMs = 0;
    this.interestMs = 0;
  }

  /** Spawns the scene's N entities with ids 0..N−1, so scene id = entity id = network id. */
  #setup(world: World): void {
    const s = this.#scene;
    for (let id = 0; id < s.entityCount; id++) {
      const e = world.spawn();
      if (e !== id) throw new Error(`bench arena: spawned entity ${e}, expected ${id}`);
      world.add(e, Motion, {
        vel: { x: s.vx[id]!, y: s.vy[id]! },
        pos: { x: s.x[id]!, y: s.y[id]! },
        angle: s.angle[id]!,
      });
      world.add(e, Vitals, { hp: s.hp[id]! });
      world.add(e, Kind, { kind: s.kind[id]! });
    }
  }

  /** Advances the scene one tick and writes only what it changed into the world. */
  #step(world: World): void {
    const t0 = this.#timed ? performance.now() : 0;
    const s = this.#scene;
    s.step();
    const motion = world.store(Motion);
    const { x: px, y: py } = motion.pos;
    for (let j = 0; j < s.moverCount; j++) {
      const id = s.movers[j]!;
      px[id] = s.x[id]!;
      py[id] = s.y[id]!;
    }
    const { x: vx, y: vy } = motion.vel;
    for (let j = 0; j < s.velocityChangedCount; j++) {
      const id = s.velocityChanged[j]!;
      vx[id] = s.vx[id]!;
      vy[id] = s.vy[id]!;
      motion.angle[id] = s.angle[id]!;
      // Velocity and heading are Motion's change fields: compared only when marked.
      world.markChanged(id, Motion);
    }
    const hp = world.store(Vitals).hp;
    for (let j = 0; j < s.hpChangedCount; j++) {
      const id = s.hpChanged[j]!;
      hp[id] = s.hp[id]!;
      // Vitals are compared only when marked (sync "change").
      world.markChanged(id, Vitals);
    }
    if (this.#timed) this.hookMs += performance.now() - t0;
  }

  /** A joining player takes the seat its name names (scene B). */
  #seat(playerId: number, name: string): void {
    if (!this.#withInterest) return;
    const match = SEAT_NAME.exec(name);
    const position = match === null ? -1 : Number(match[1]);
    if (!(position >= 0 && position < this.#seatCount))
      throw new Error(`bench arena: player name "${name}" names no seat`);
    this.#seats.set(playerId, position);
  }
}
