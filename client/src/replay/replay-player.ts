// Plays a recorded match: the manifest says which chunks hold which ticks; chunks load on
// demand (the next one prefetched) and their states go through a mirror, the live client's
// snapshot buffer and its RenderView, on a virtual clock the caller's frames drive.
//
// Time and ticks: `time` runs from 0 to `duration` (ms); it sits at fractional tick
// r = startTick + time × tickRate / 1000. The mirror holds the state of ceil(r) (the latest
// state the view needs) and the view blends the states around r, so at a whole tick's time
// the world and the view are exactly that tick's recorded state. Seeking loads the chunk
// holding the target tick, applies its last keyframe at or before it, then the deltas up
// to it: the same states, so the same world, as playing there from the start.

import type { GameDefinition } from "../../../shared/game/game-definition.js";
import type { ReplayChunk } from "../../../shared/replay/replay-chunk-decoder.js";
import { chunkOfTick, type ReplayManifest } from "../../../shared/replay/replay-manifest.js";
import type { ReplayRecord } from "../../../shared/replay/replay-record.js";
import type { RpcDeclarations, RpcTable } from "../../../shared/rpc/rpc-table.js";
import type { Entity, World } from "../../../shared/world/world.js";
import { Emitter } from "../emitter.js";
import type { RenderView } from "../render-view.js";
import { now } from "../room-connection.js";
import { RoomRpc } from "../room-rpc.js";
import { avatarOfGame, FollowTarget } from "../spectate/follow-target.js";
import type { RpcEvents } from "../spectate/spectator-connection.js";
import { ReplayChunks } from "./replay-chunks.js";
import { ReplayClock } from "./replay-clock.js";
import { REPLAY_ERROR, ReplayError } from "./replay-error.js";
import { ReplayMirror } from "./replay-mirror.js";
import { type ReplayPlayerOptions, resolveReplayPlayerOptions } from "./replay-player-options.js";

/** A position this close below a whole tick counts as on it (float error of ms ↔ ticks). */
const TICK_EPSILON = 1e-6;

/** Events of a ReplayPlayer, with their payloads. */
export interface ReplayEvents {
  /** The mirror reached tick `tick` while playing (not for the ticks a seek jumps over). */
  tick: { readonly tick: number; readonly world: World };
  /**
   * An RPC event the room broadcast during `tick`, after that tick's `tick` event. `frame`
   * is a view into the chunk: copy it to keep it. `rpc(table).on(name, …)` decodes them.
   */
  rpc: { readonly tick: number; readonly frame: Uint8Array };
  /** A seek landed: the world is the state of `tick`. */
  seeked: { readonly time: number; readonly tick: number };
  /** Playback reached the end and paused. */
  ended: { readonly time: number };
  /** A chunk failed to load or to apply (playback paused), or an RPC event did not decode. */
  error: ReplayError;
}

/**
 * A recorded match, played through the live render path: `render(now)` each frame and
 * draw the view it returns.
 * @example
 * const replay = createReplayPlayer({ game: arenaGame, manifest, loadChunk: (n) => http.getReplayChunk(id, n) });
 * await replay.seek(0);
 * replay.play();
 * function frame(t: number) { draw(replay.render(t), replay.followed); requestAnimationFrame(frame); }
 */
export class ReplayPlayer<Input> {
  /** The validated manifest. */
  readonly manifest: ReplayManifest;
  readonly game: GameDefinition<Input>;
  readonly #mirror: ReplayMirror;
  readonly #chunks: ReplayChunks;
  readonly #clock: ReplayClock;
  readonly #follow: FollowTarget;
  readonly #events = new Emitter<ReplayEvents>();
  readonly #players: ReadonlyMap<number, string>;
  #rpc: RoomRpc<RpcDeclarations> | undefined;
  /** The chunk the next state comes from, and that state's record index in it. */
  #chunk: ReplayChunk | undefined;
  #at = 0;
  /** Seeks started; only the latest one lands. */
  #seeks = 0;
  #seeking = false;
  /** The chunk playback waits for (undefined: none). */
  #waitingFor: number | undefined;

  /** @throws as {@link createReplayPlayer} */
  constructor(options: ReplayPlayerOptions<Input>) {
    const o = resolveReplayPlayerOptions(options);
    this.manifest = o.manifest;
    this.game = o.game;
    this.#mirror = new ReplayMirror(o.game as GameDefinition<unknown>);
    this.#chunks = new ReplayChunks(o.manifest, o.loadChunk, o.cacheChunks);
    this.#clock = new ReplayClock(o.manifest.durationMs);
    const avatarOf = o.avatarOf ?? avatarOfGame(o.game as GameDefinition<unknown>);
    this.#follow = new FollowTarget(avatarOf, o.game.name);
    this.#players = new Map(o.manifest.players.map((p) => [p.playerId, p.name]));
    // Land on the first state; a failure is an `error` event (seek(0) again to retry).
    this.seek(0).catch(() => {});
  }

  /** Position, ms from the start, in [0, duration]. */
  get time(): number {
    return this.#clock.time;
  }

  /** The replay's length, ms (the manifest's durationMs). */
  get duration(): number {
    return this.#clock.duration;
  }

  /** True while playing (false when paused or ended). */
  get playing(): boolean {
    return this.#clock.playing;
  }

  /** Playback speed, 0.25–8 (1: real time). Settable while playing. */
  get speed(): number {
    return this.#clock.speed;
  }

  /** @throws RangeError outside [0.25, 8] */
  set speed(speed: number) {
    this.#clock.speed = speed;
  }

  /** True while a seek or the chunk playback needs is loading (time holds meanwhile). */
  get buffering(): boolean {
    return this.#seeking || this.#waitingFor !== undefined;
  }

  /** The recorded tick the world holds (−1 before the first landing). */
  get tick(): number {
    return this.#mirror.tick;
  }

  /** The mirror of the recorded world, at {@link tick}. */
  get world(): World {
    return this.#mirror.world;
  }

  /** What to draw, refreshed by {@link render}. Indexed like {@link world}. */
  get view(): RenderView {
    return this.#mirror.view;
  }

  /** Everyone who played while the room recorded, id → name. */
  get players(): ReadonlyMap<number, string> {
    return this.#players;
  }

  /** The mirror entity of a recorded NetworkId, or −1. */
  entityOf(networkId: number): Entity {
    return this.#mirror.entityOf(networkId);
  }

  /** The recorded NetworkId of a mirror entity, or −1. */
  networkIdOf(entity: Entity): number {
    return this.#mirror.networkIdOf(entity);
  }

  /** Plays from the current position (from the start again once ended). */
  play(): void {
    if (this.#clock.time >= this.duration) this.seek(0).catch(() => {});
    this.#clock.play();
  }

  pause(): void {
    this.#clock.pause();
  }

  /**
   * Moves to `ms` (clamped to [0, duration]) and resolves once the world is the state of
   * the tick holding it; a later seek supersedes this one (it then resolves without
   * landing). Playing or paused stays as it was. Fires no `tick` or `rpc` events for the
   * ticks it jumps over.
   * @throws RangeError when `ms` is not a finite number
   */
  seek(ms: number): Promise<void> {
    if (!Number.isFinite(ms)) throw new RangeError(`replay seek time must be finite, got ${ms}`);
    const time = this.#clock.seek(ms);
    const target = this.#tickAt(time);
    const seek = ++this.#seeks;
    this.#seeking = true;
    this.#waitingFor = undefined;
    const entry = chunkOfTick(this.manifest, target)!;
    return this.#chunks.load(entry.index).then(
      (chunk) => {
        if (seek !== this.#seeks) return;
        this.#seeking = false;
        try {
          this.#land(chunk, target);
        } catch (e) {
          this.#fail(e);
          throw e;
        }
        this.#chunks.prefetch(entry.index + 1);
        this.#events.emit("seeked", { time: this.#clock.time, tick: target });
      },
      (e: unknown) => {
        if (seek === this.#seeks) {
          this.#seeking = false;
          // Time goes back to the state the world still holds.
          if (this.#mirror.tick >= 0) this.#clock.seek(this.#timeOf(this.#mirror.tick));
          this.#fail(e);
        }
        throw e;
      },
    );
  }

  /**
   * Follows player `playerId` ({@link followed} is its avatar), or roams with null.
   * @throws RangeError for an id outside [1, 65535]; Error when the game declares no
   *   `netcode.predicted` and no `avatarOf` was given.
   */
  follow(playerId: number | null): void {
    this.#follow.follow(playerId);
  }

  /** The followed player, or null while roaming. */
  get following(): number | null {
    return this.#follow.playerId;
  }

  /** The entity to centre the camera on (the followed player's avatar), or −1. */
  get followed(): Entity {
    return this.#follow.entity(this.#mirror.world);
  }

  /**
   * A frame at real time `now` (ms, `performance.now()` clock; default: now): moves the
   * position by the time since the last frame × speed while playing, applies the states up
   * to it (firing `tick` and `rpc`), and returns the view drawn at it.
   */
  render(at: number = now()): RenderView {
    if (this.#seeking) {
      this.#clock.wait(at);
      return this.view;
    }
    const target = this.#tickAt(this.#clock.advance(at));
    const m = this.#mirror;
    try {
      // A listener may seek: the landing then owns the mirror.
      while (!this.#seeking && m.tick < target) {
        if (this.#step()) continue;
        // The next chunk is not here yet: time waits at the last state there is.
        this.#clock.holdAt(this.#timeOf(Math.max(m.tick, this.manifest.startTick)));
        break;
      }
    } catch (e) {
      this.#fail(e);
    }
    if (m.tick >= 0) m.render(Math.min(this.#position(this.#clock.time), m.tick));
    const end = this.manifest.endTick;
    if (this.#clock.playing && this.#clock.time >= this.duration && m.tick >= end) {
      this.#clock.pause();
      this.#events.emit("ended", { time: this.#clock.time });
    }
    return this.view;
  }

  /** Subscribes to an event; returns the unsubscribe function. */
  on<K extends keyof ReplayEvents>(
    event: K,
    listener: (payload: ReplayEvents[K]) => void,
  ): () => void {
    return this.#events.on(event, listener);
  }

  /**
   * The game's recorded RPC events, typed (`rpc(ARENA_RPCS).on("emoted", …)`), at their
   * ticks while playing. The first call fixes the table.
   */
  rpc<D extends RpcDeclarations>(table: RpcTable<D>): RpcEvents<D> {
    // A replay calls nothing: a send that refuses makes a stray call fail at once.
    this.#rpc ??= new RoomRpc(table, () => false) as unknown as RoomRpc<RpcDeclarations>;
    return this.#rpc as unknown as RoomRpc<D>;
  }

  /** The fractional tick at `time`. */
  #position(time: number): number {
    return this.manifest.startTick + (time * this.manifest.tickRate) / 1000;
  }

  /** The tick whose state the mirror holds at `time`: ceil(position), within the replay. */
  #tickAt(time: number): number {
    const tick = Math.ceil(this.#position(time) - TICK_EPSILON);
    return Math.min(this.manifest.endTick, Math.max(this.manifest.startTick, tick));
  }

  /** The time of tick `tick`'s state, ms. */
  #timeOf(tick: number): number {
    return ((tick - this.manifest.startTick) * 1000) / this.manifest.tickRate;
  }

  /**
   * Brings the mirror to `target` in `chunk`: forward from where it is when it already
   * stands between the chunk's last keyframe before `target` and `target`, else from that
   * keyframe into an emptied mirror. Only the last two states enter the view's history.
   */
  #land(chunk: ReplayChunk, target: number): void {
    const records = chunk.records;
    let key = -1;
    let state = -1;
    for (let i = 0; i < records.length && records[i]!.tick <= target; i++) {
      const r = records[i]!;
      if (r.kind === "key") key = i;
      if (r.kind !== "event") state = i;
    }
    const m = this.#mirror;
    let from = key;
    if (this.#chunk === chunk && m.tick >= records[key]!.tick && m.tick <= target) from = this.#at;
    else m.reset();
    this.#chunk = undefined; // until landed: a failure leaves no cursor to trust
    for (let i = from; i <= state; i++) {
      const r = records[i]!;
      if (r.kind !== "event") this.#apply(chunk, r, r.tick >= target - 1);
    }
    this.#follow.invalidate();
    this.#chunk = chunk;
    this.#at = this.#afterEvents(records, state);
  }

  /** Applies the tick after the mirror's, then fires its events; false: its chunk is not loaded. */
  #step(): boolean {
    let chunk = this.#chunk;
    if (chunk === undefined || this.#at >= chunk.records.length) {
      const m = this.#mirror;
      const next = m.tick < 0 ? this.manifest.startTick : m.tick + 1;
      const entry = chunkOfTick(this.manifest, next)!;
      const loaded = this.#chunks.get(entry.index);
      if (loaded === undefined) {
        this.#wait(entry.index);
        return false;
      }
      this.#chunks.prefetch(entry.index + 1);
      chunk = this.#chunk = loaded;
      this.#at = 0;
    }
    const records = chunk.records;
    const at = this.#at;
    const state = records[at]!;
    this.#apply(chunk, state, true);
    const next = this.#afterEvents(records, at);
    this.#at = next;
    this.#events.emit("tick", { tick: state.tick, world: this.#mirror.world });
    for (let i = at + 1; i < next; i++) this.#event(records[i]!);
    return true;
  }

  #apply(chunk: ReplayChunk, r: ReplayRecord, show: boolean): void {
    const applied = this.#mirror.apply(r.bytes, show);
    if (!applied.ok)
      throw new ReplayError(
        REPLAY_ERROR.INVALID_CHUNK,
        `replay chunk ${chunk.index}, tick ${r.tick}: ${applied.error}`,
      );
  }

  /** The index of the first record after state `i` and its events. */
  #afterEvents(records: readonly ReplayRecord[], i: number): number {
    let j = i + 1;
    while (j < records.length && records[j]!.kind === "event") j++;
    return j;
  }

  #event(r: ReplayRecord): void {
    this.#events.emit("rpc", { tick: r.tick, frame: r.bytes });
    const refused = this.#rpc?.receive(r.bytes);
    if (refused !== undefined)
      this.#events.emit(
        "error",
        new ReplayError(
          REPLAY_ERROR.INVALID_CHUNK,
          `replay RPC event of tick ${r.tick} does not fit the table: ${refused}`,
        ),
      );
  }

  /** Playback needs chunk `index`: load it (once), and report a failure once. */
  #wait(index: number): void {
    if (this.#waitingFor === index) return;
    this.#waitingFor = index;
    this.#chunks.load(index).then(
      () => {
        if (this.#waitingFor === index) this.#waitingFor = undefined;
      },
      (e: unknown) => {
        if (this.#waitingFor !== index) return;
        this.#waitingFor = undefined;
        this.#fail(e);
      },
    );
  }

  /** Something failed: playback pauses and listeners hear why. */
  #fail(e: unknown): void {
    this.#clock.pause();
    const error =
      e instanceof ReplayError
        ? e
        : new ReplayError(REPLAY_ERROR.INVALID_CHUNK, String(e), { cause: e });
    this.#events.emit("error", error);
  }
}

/**
 * Makes a player for a recorded match.
 * @throws ReplayError for a manifest this build cannot play: another game (`wrong_game`),
 *   another schema (`schema_mismatch`, naming both fingerprints), a format it does not read
 *   (`unsupported_format`) or an invalid one; TypeError or RangeError naming a bad option.
 * @example
 * const replay = createReplayPlayer({ game: arenaGame, manifest, loadChunk: (n) => fetchChunk(n) });
 */
export function createReplayPlayer<Input>(
  options: ReplayPlayerOptions<Input>,
): ReplayPlayer<Input> {
  return new ReplayPlayer(options);
}
