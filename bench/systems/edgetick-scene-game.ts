// The arena scene as an edgetick game: a GameDefinition whose step advances the bench's
// ArenaScene and writes what changed into the room's world, and whose interest hook (scene B)
// hands each player the entities near its seat. The room core runs it as it runs any game.
import { performance } from "node:perf_hooks";
import type { GameDefinition, InputCodec } from "../../shared/game/game-definition.js";
import { EntitySet, type World } from "../../shared/replication/index.js";
import type { ArenaScene } from "../scenes/arena-scene.js";
import type { Visibility } from "../scenes/interest-grid.js";
import { TICK_RATE } from "../scenes/scene-config.js";
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

/** One player's seat and what it holds, kept up to date from the grid's enter/leave lists. */
interface Seat {
  readonly position: number;
  readonly holds: EntitySet;
}

/**
 * Builds the scene's game and times its hooks, so the room's tick can be split into the
 * game's work (step + interest) and the room's own (replication encode, framing, sends).
 *
 * @example
 * const game = new ArenaSceneGame(scene, interest, clientCount);
 * const room = new RoomCore(game.definition, "bench", host);
 * game.resetHookMs();
 * room.update(now);
 * const encodeMs = tickMs - game.hookMs;
 */
export class ArenaSceneGame {
  /** The definition handed to RoomCore. */
  readonly definition: GameDefinition<NoInput>;
  /** Milliseconds spent inside `step` and `interest` since the last {@link resetHookMs}. */
  hookMs = 0;
  readonly #scene: ArenaScene;
  readonly #visibility: Visibility | null;
  readonly #capacity: number;
  readonly #seats = new Map<number, Seat>();
  /** The scene tick the grid was last updated for. */
  #gridTick: number;

  /**
   * `visibility` (scene B, else null) must describe the scene as it is now; `seats` is the
   * number of client positions, so the room admits them all plus one late joiner.
   */
  constructor(scene: ArenaScene, visibility: Visibility | null, seats: number) {
    this.#scene = scene;
    this.#visibility = visibility;
    this.#gridTick = scene.tick;
    // The id space a game would size for the room: the next power of two ≥ N (same id bits).
    this.#capacity = 2 ** Math.ceil(Math.log2(scene.entityCount));
    const definition: GameDefinition<NoInput> = {
      name: "bench-arena",
      input: NO_INPUT_CODEC,
      idleInput: null,
      schema: arenaNetworkSchema(this.#capacity),
      roomOptions: { tickRate: TICK_RATE, maxPlayers: seats + 1 },
      setup: (world) => this.#setup(world),
      // Players are viewers: no avatar to add or remove.
      addPlayer: (_world, playerId, name) => this.#seat(playerId, name),
      removePlayer: (_world, playerId) => {
        this.#seats.delete(playerId);
      },
      step: (world) => this.#step(world),
    };
    if (visibility !== null) {
      definition.interest = (_world, playerId, visible) => this.#interest(playerId, visible);
    }
    this.definition = definition;
  }

  /** Zeroes {@link hookMs}; call before each `room.update`. */
  resetHookMs(): void {
    this.hookMs = 0;
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
    const t0 = performance.now();
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
    }
    const hp = world.store(Vitals).hp;
    for (let j = 0; j < s.hpChangedCount; j++) {
      const id = s.hpChanged[j]!;
      hp[id] = s.hp[id]!;
      // Vitals are compared only when marked (sync "change").
      world.markChanged(id, Vitals);
    }
    this.hookMs += performance.now() - t0;
  }

  /** A joining player takes the seat its name names and starts holding what that seat sees. */
  #seat(playerId: number, name: string): void {
    const visibility = this.#visibility;
    if (visibility === null) return;
    const match = SEAT_NAME.exec(name);
    const position = match === null ? -1 : Number(match[1]);
    if (!(position >= 0 && position < visibility.clientCount))
      throw new Error(`bench arena: player name "${name}" names no seat`);
    const holds = new EntitySet(this.#capacity);
    const sees = visibility.visible(position);
    for (let k = 0; k < sees.length; k++) holds.add(sees[k]!);
    this.#seats.set(playerId, { position, holds });
  }

  /**
   * Fills `visible` (cleared by the room) for one player. The first call of a tick moves the
   * grid to the new positions; each player's set then follows its seat's enter/leave lists,
   * so the per-player work is what changed plus one word-wise copy.
   */
  #interest(playerId: number, visible: EntitySet): void {
    const t0 = performance.now();
    const visibility = this.#visibility!;
    if (this.#gridTick !== this.#scene.tick) {
      visibility.update(this.#scene);
      this.#gridTick = this.#scene.tick;
    }
    const seat = this.#seats.get(playerId);
    if (seat === undefined) throw new Error(`bench arena: player ${playerId} has no seat`);
    const holds = seat.holds;
    const left = visibility.left(seat.position);
    for (let k = 0; k < left.length; k++) holds.delete(left[k]!);
    const entered = visibility.entered(seat.position);
    for (let k = 0; k < entered.length; k++) holds.add(entered[k]!);
    visible.copyFrom(holds);
    this.hookMs += performance.now() - t0;
  }
}
