// A room's fixed tick: when it runs and what one tick does. It runs while the core says so
// (someone is connected), the host's timer calling update about every interval; due ticks run
// back to back, at most maxCatchUpTicks at once. One tick takes each player's input, steps the
// game by the fixed dt, and sends what clients get of it: each player's SNAPSHOT and the
// broadcast stream.

import type { RoomParts } from "./room-parts.js";
import { type Connection, takeInput } from "./room-player.js";
import type { RoomSink } from "./room-sink.js";
import type { RoomTimings } from "./room-timings.js";

/** What the tick acts on. */
export type TickParts<Input> = Pick<
  RoomParts<Input>,
  | "game"
  | "options"
  | "world"
  | "conns"
  | "detached"
  | "quantizer"
  | "replication"
  | "interest"
  | "rewind"
  | "fairPlay"
  | "updates"
  | "broadcast"
>;

/** Schedules and runs the ticks of a room. */
export class RoomTick<Input> {
  readonly #room: TickParts<Input>;
  readonly #sink: RoomSink;
  readonly #timings: RoomTimings;
  readonly #inputs = new Map<number, Input>();
  /** Players whose input the tick being run took so far. */
  #seated = 0;
  /** A connection's player's input into the tick's inputs (a callback made once). */
  readonly #takeInput = (c: Connection<Input>): void => {
    const p = c.player;
    if (!p) return;
    this.#inputs.set(p.id, takeInput(p));
    this.#room.fairPlay?.applied(p.id, p.ackSeq);
    this.#seated++;
  };
  /** Sends a connection's player its update of the tick (a callback made once). */
  readonly #sendUpdate = (c: Connection<Input>): void => {
    if (c.player) this.#room.updates.send(c.id, c.player);
  };
  /** The tick interval, ms. */
  readonly intervalMs: number;
  /**
   * When the next tick is due, ms (slot 0). In a typed array, not a field: a fractional
   * number stored in a field is a fresh 16-byte heap number at every store unless V8 runs the
   * code optimized with the field unboxed, and as a field this one (moved by a fractional
   * interval each tick, in a method called once a tick) cost 16 B a tick still after 6,000
   * ticks of the bench's scene B (measured with Node 24).
   */
  readonly #due = new Float64Array(1);
  /**
   * The game's fixed step, s, boxed once: a frozen array holds its element as a heap object,
   * so passing it to `game.step` allocates nothing. Computed in the call, the double is boxed
   * at every tick wherever V8 cannot inline the game's step (a process that runs rooms of
   * several games: the bench's scenes measured 16 B a tick from the second scene on).
   */
  readonly #dt: readonly number[];
  #running = false;
  #stalledMs = 0;

  constructor(room: TickParts<Input>, sink: RoomSink, timings: RoomTimings) {
    this.#room = room;
    this.#sink = sink;
    this.#timings = timings;
    this.intervalMs = 1000 / room.options.tickRate;
    this.#dt = Object.freeze([1 / room.options.tickRate]);
  }

  /**
   * Time the room could not run by `now`, ms in total: what it dropped or is about to drop
   * behind its tick schedule beyond catching up (a frozen object, a flood of events, a host
   * that did not call). Frames sent meanwhile arrive at once; idle and rate checks do not
   * count this time against a connection.
   */
  stalledMs(now: number): number {
    if (!this.#running) return this.#stalledMs;
    const catchUpMs = (this.#room.options.maxCatchUpTicks - 1) * this.intervalMs;
    // A branch, not Math.max(0, behind): V8 can leave Math.max a builtin call at this site,
    // which boxes its fractional argument on the heap at every update.
    const behind = now - this.#due[0]! - catchUpMs;
    return behind > 0 ? this.#stalledMs + behind : this.#stalledMs;
  }

  /** True while the tick timer should run. */
  get running(): boolean {
    return this.#running;
  }

  /**
   * Starts (the first tick an interval after `now`, ms) or stops the tick, and the host's
   * timer with it (RoomSink.setTicking). A change only: the same state again does nothing.
   */
  setRunning(on: boolean, now: number): void {
    if (on === this.#running) return;
    this.#running = on;
    if (on) this.#due[0] = now + this.intervalMs;
    // The room empties: what it recorded goes to the host, with the manifest.
    else this.#room.broadcast.idle();
    this.#sink.setTicking(on);
  }

  /** Runs every tick that is due at `now` (ms). */
  runDue(now: number): void {
    const due = this.#due;
    let ran = 0;
    while (now >= due[0]! && ran < this.#room.options.maxCatchUpTicks) {
      this.#step(now);
      due[0]! += this.intervalMs;
      ran++;
    }
    // Still behind after catching up: drop the time rather than spiral.
    if (now >= due[0]!) {
      // As stalledMs(now) counted it before these ticks ran.
      this.#stalledMs += now - due[0]! + this.intervalMs;
      due[0] = now + this.intervalMs;
    }
  }

  /** Drops the inputs of players no longer in the room (rare: only after someone left). */
  #dropLeft(): void {
    const seated = new Set<number>();
    for (const c of this.#room.conns.values()) if (c.player) seated.add(c.player.id);
    for (const p of this.#room.detached.players()) seated.add(p.id);
    for (const id of [...this.#inputs.keys()]) if (!seated.has(id)) this.#inputs.delete(id);
  }

  #step(now: number): void {
    const { game, world, conns } = this.#room;
    this.#timings.tickStarted();
    const inputs = this.#inputs;
    // The map is refilled in place: setting a key it holds allocates nothing, where clearing
    // it reallocates its table every tick. A player who left since is dropped below.
    this.#seated = 0;
    conns.forEach(this.#takeInput);
    let seated = this.#seated;
    // Disconnected players stay present, idle; the game's onDisconnect chose their fate.
    const detached = this.#room.detached;
    if (detached.size > 0)
      for (const p of detached.players()) {
        inputs.set(p.id, game.idleInput);
        seated++;
      }
    if (inputs.size !== seated) this.#dropLeft();
    game.step(world, inputs, this.#dt[0]!);
    this.#timings.stepped();
    // The authoritative state is what clients decode: their predictions replay from it exactly.
    this.#room.quantizer?.apply();
    // What changed is encoded once here; each update below selects and copies those bits.
    const tick = this.#room.replication.commit();
    this.#timings.encoded();
    // Hitboxes under the tick number clients see this state as (lag compensation).
    this.#room.rewind?.record(tick, world);
    // Where every avatar got to, against the game's physics (the speed and teleport detectors).
    this.#room.fairPlay?.afterStep(world, tick, now);
    this.#room.interest?.update();
    // forEach with a callback made once: a for-of over the map allocates its iterator.
    conns.forEach(this.#sendUpdate);
    this.#room.broadcast.afterTick(now);
    this.#timings.tickEnded();
  }
}
