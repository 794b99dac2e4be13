// The authoritative room: its connections from open to close, behind the API hosts use. It
// knows nothing of Durable Objects: hosts feed it decoded time and bytes, and it answers through
// a RoomSink, so the same core runs in a DO, a Node bench and tests with a manual clock. The
// room-*.ts modules beside it act for it: its parts and their building (room-parts), what
// connections send (room-inbox) and their HELLO (room-handshake), whether they are alive
// (connection-health), the players from join to leave (room-seats), the tick (room-tick), what
// players are told of each other, their state rates, their SNAPSHOTs, RPC delivery, the
// broadcast, and snapshots (room-restore).

import type { FairPlayVerdict } from "../fairplay/fair-play-evidence.js";
import { VIOLATION_CODES } from "../fairplay/protocol-violations.js";
import type { RoomFairPlay } from "../fairplay/room-fair-play.js";
import type { GameDefinition, PlayerSeat } from "../game/game-definition.js";
import type { HelloMessage } from "../protocol/client-messages.js";
import { CLOSE, type CloseCode } from "../protocol/close-codes.js";
import type { ReplayManifest } from "../replay/replay-manifest.js";
import type { CompressionReport } from "../replication/compression-stats.js";
import type { RpcServer } from "../rpc/rpc-server.js";
import type { RpcDeclarations } from "../rpc/rpc-table.js";
import type { World } from "../world/world.js";
import { ConnectionHealth } from "./connection-health.js";
import { GracePeriod } from "./grace-period.js";
import { MatchBudgetWatch } from "./match-budget.js";
import { RateLimiter } from "./rate-limiter.js";
import { resumeTokenSeed, resumeTokenSource } from "./resume-token.js";
import { RoomBudgetPolicy } from "./room-budget-policy.js";
import { type JoinContext, RoomHandshake } from "./room-handshake.js";
import { RoomInbox } from "./room-inbox.js";
import type { RoomInterest } from "./room-interest.js";
import type { ResolvedRoomOptions, RoomOptions } from "./room-options.js";
import { buildRoomParts, type RoomParts } from "./room-parts.js";
import { type Connection, type Player, type PlayerInfo, playerInfo } from "./room-player.js";
import { restoreRoom, roomSnapshot } from "./room-restore.js";
import { RoomSeats } from "./room-seats.js";
import type { ConnectionId, RoomSink } from "./room-sink.js";
import type { RoomSnapshot } from "./room-snapshot.js";
import { RoomTick } from "./room-tick.js";
import { countingSink, type RoomStats, RoomTimings, type RoomTotals } from "./room-timings.js";
import { NO_VOICE_STATS, type RoomVoice } from "./room-voice.js";

export type { JoinContext } from "./room-handshake.js";

const NO_SEAT: PlayerSeat = { team: undefined };

/** Runs one game's authoritative simulation for the connections of one room. */
export class RoomCore<Input> {
  readonly #sink: RoomSink;
  readonly #conns = new Map<ConnectionId, Connection<Input>>();
  /** Joined players whose link dropped, waiting to resume (their entities stay). */
  readonly #detached = new GracePeriod<Player<Input>>();
  /** The game, the world and the modules beside the core (room-parts.ts). */
  readonly #room: RoomParts<Input>;
  /** The players from join to leave (room-seats.ts). */
  readonly #seats: RoomSeats<Input>;
  /** The admission of HELLOs (room-handshake.ts). */
  readonly #handshake: RoomHandshake<Input>;
  /** What connections send (room-inbox.ts). */
  readonly #inbox: RoomInbox<Input>;
  /** When the room ticks, and what a tick does (room-tick.ts). */
  readonly #tick: RoomTick<Input>;
  /** Whether the connections are alive (connection-health.ts). */
  readonly #health: ConnectionHealth<Input>;
  /** The room's own figures (room-timings.ts). */
  readonly #timings: RoomTimings;
  /** The game's match budget and its policy (room-budget-policy.ts); null without one. */
  readonly #budget: RoomBudgetPolicy<Input> | null;
  /** The latest time a host passed in, in ms. */
  #now = 0;

  constructor(
    game: GameDefinition<Input>,
    roomId: string,
    sink: RoomSink,
    options: RoomOptions = {},
    /** A snapshot to continue from (after an eviction or a deploy), restored at `now`. */
    restore?: { readonly snapshot: RoomSnapshot; readonly now: number },
  ) {
    this.#timings = new RoomTimings(sink.clock?.bind(sink));
    // Every frame the room sends is counted on its way to the host.
    sink = countingSink(sink, this.#timings);
    this.#sink = sink;
    const seed = resumeTokenSeed(roomId, restore?.snapshot.tick);
    const newResumeToken = resumeTokenSource(sink.random?.bind(sink), seed);
    const room = buildRoomParts(game, roomId, sink, options, restore?.snapshot, {
      conns: this.#conns,
      detached: this.#detached,
      close: (c, code, detail) => this.#close(c, code, detail),
    });
    this.#room = room;
    this.#seats = new RoomSeats(room, newResumeToken);
    this.#handshake = new RoomHandshake(room, this.#seats);
    this.#inbox = new RoomInbox(room, this.#handshake);
    this.#tick = new RoomTick(room, sink, this.#timings);
    this.#health = new ConnectionHealth(room.options, this.#conns, this.#tick, (c, code, detail) =>
      this.#close(c, code, detail),
    );
    this.#budget = game.budget
      ? new RoomBudgetPolicy(new MatchBudgetWatch(game.budget), room, sink)
      : null;
    if (restore) {
      this.#now = restore.now;
      restoreRoom(room, this.#seats, restore.snapshot, restore.now);
    }
  }

  /**
   * The room's persistent state: world, tick and players (allocates; call it from a coarse
   * timer, never from the tick).
   */
  snapshot(now: number): RoomSnapshot {
    return roomSnapshot(this.#room, this.players(), this.#seats.nextId, now);
  }

  /** What the updates sent so far cost against raw values, per component (stats, benches). */
  compressionReport(): CompressionReport {
    return this.#room.replication.compressionReport();
  }

  /** The room's interest management (radius per player at runtime…); null without one. */
  get interest(): RoomInterest | null {
    return this.#room.interest;
  }

  /** The room's cheat detectors (GameDefinition.fairPlay); null without rules. */
  get fairPlay(): RoomFairPlay<Input> | null {
    return this.#room.fairPlay;
  }

  /** The room's RPC dispatcher (`emit` server-to-client RPCs); null without RPCs. */
  get rpc(): RpcServer<RpcDeclarations> | null {
    return this.#room.rpc;
  }

  /**
   * The room's voice relay (GameDefinition.voice): moderation mutes, blocks, its counts;
   * null in a game without voice.
   */
  get voice(): RoomVoice<Input> | null {
    return this.#room.voice;
  }

  /** The authoritative world (read it; change it only from game code). */
  get world(): World {
    return this.#room.world;
  }

  /**
   * The last simulated tick, numbered from 0 (-1 before the first). SNAPSHOTs carry it, so
   * a client's mirror tick equals the room's.
   */
  get tick(): number {
    return this.#room.replication.tick;
  }

  /** True while the tick timer should run (someone is connected). */
  get ticking(): boolean {
    return this.#tick.running;
  }

  /** The tick interval in milliseconds. */
  get tickIntervalMs(): number {
    return this.#tick.intervalMs;
  }

  /** Options in force. */
  get options(): Readonly<ResolvedRoomOptions> {
    return this.#room.options;
  }

  /** Players who completed the handshake. */
  get playerCount(): number {
    return this.#seats.taken;
  }

  /** Spectators connected now (they hold no seat and are in no players list). */
  get spectatorCount(): number {
    return this.#room.broadcast.spectatorCount;
  }

  /** Broadcast stream updates encoded so far: one a tick while it runs, two on keyframes. */
  get broadcastEncodes(): number {
    return this.#room.broadcast.encodes;
  }

  /**
   * Hands the open replay chunk to the host (RoomSink.recordChunk) and returns the manifest
   * of everything recorded so far; undefined when the room does not record or has nothing
   * yet. The recording goes on, from a keyframe at the next tick.
   */
  replayManifest(): ReplayManifest | undefined {
    return this.#room.broadcast.replayManifest();
  }

  /** Players who completed the handshake, by id. */
  players(): PlayerInfo[] {
    return this.#room.presence.players();
  }

  /** The player behind a connection, once its hello was accepted. */
  playerOf(conn: ConnectionId): PlayerInfo | undefined {
    const p = this.#conns.get(conn)?.player;
    return p && playerInfo(p, true);
  }

  /**
   * Sets one player's state budget, bytes per second (null: back to the room's
   * `bytesPerSecond`); the client's own cap and congestion still lower it.
   * @throws RangeError below 1024 or not finite.
   */
  setClientBudget(playerId: number, bytesPerSecond: number | null): void {
    this.#room.rates.setBudget(playerId, bytesPerSecond, this.#room.presence.connected(playerId));
  }

  /** The state rate in force for a connected player, bytes per second (stats, tests). */
  rateOf(playerId: number): number | undefined {
    return this.#room.presence.connected(playerId)?.rate.bytesPerSecond;
  }

  /**
   * The room's figures at `now` (ms): tick durations, traffic, players, over the last seconds
   * and since the room was built (allocates; for operators, never from the tick).
   */
  stats(now: number): RoomStats {
    let connected = 0;
    for (const c of this.#conns.values()) if (c.player) connected++;
    return {
      tickRate: this.#room.options.tickRate,
      budgetMs: this.#tick.intervalMs,
      running: this.#tick.running,
      tick: this.tick,
      players: this.#seats.taken,
      connectedPlayers: connected,
      spectators: this.spectatorCount,
      connections: this.#conns.size,
      stalledMs: this.#tick.stalledMs(now),
      timed: this.#sink.clock !== undefined,
      poseHistoryBytes: this.#room.rewind?.memoryBytes ?? 0,
      fairPlayStrikes: this.#room.fairPlay?.strikes ?? 0,
      voice: this.#room.voice?.stats ?? NO_VOICE_STATS,
      window: this.#timings.window(now),
      total: this.#timings.total(now),
    };
  }

  /** The room's traffic and ticks since it was built (metering diffs two readings). */
  totals(): RoomTotals {
    return this.#timings.totals();
  }

  /** Copies the whole-tick duration histogram since the room was built; false when untimed. */
  copyTickHistogram(out: Uint32Array): boolean {
    return this.#timings.copyTickHistogram(out);
  }

  /** A socket was accepted; it must say hello within the handshake timeout. */
  open(conn: ConnectionId, now: number): void {
    this.#now = now;
    this.#timings.at(now);
    const { messagesPerSecond, messageBurst } = this.#room.options;
    const stalled = this.#tick.stalledMs(now);
    this.#conns.set(conn, {
      id: conn,
      openedAt: now,
      lastHeard: now,
      heardStalledMs: stalled,
      openedStalledMs: stalled,
      limiter: new RateLimiter(messagesPerSecond, messageBurst, now, stalled),
    });
    this.#updateTicking();
  }

  /**
   * Re-attaches a connection that had joined before the host restarted (a DO woken with
   * its sockets still open); the player comes back with the same id and a fresh avatar.
   */
  restore(conn: ConnectionId, player: PlayerInfo, now: number, seat: PlayerSeat = NO_SEAT): void {
    this.open(conn, now);
    this.#seats.reattach(this.#conns.get(conn)!, player, seat, now);
  }

  /**
   * Re-attaches a spectator's socket after the host restarted (no SPECTATOR_WELCOME: its
   * client has one); it starts again from a keyframe. False when the spectators are full.
   */
  restoreSpectator(conn: ConnectionId, now: number): boolean {
    this.open(conn, now);
    return this.#handshake.reattachSpectator(this.#conns.get(conn)!, now);
  }

  /**
   * A HELLO the host decoded and admitted (its token verified as `accountId`'s): the
   * connection joins, or resumes the player of its resume token when that player joined as
   * the same account. A host that verifies nothing passes HELLO frames to `receive` instead.
   */
  hello(conn: ConnectionId, msg: HelloMessage, join: JoinContext, now: number): void {
    this.#now = now;
    const c = this.#conns.get(conn);
    if (!c) return;
    this.#health.heard(c, now);
    this.#handshake.hello(c, msg, join, now);
  }

  /**
   * Whether a HELLO of `accountId` carrying resume token `token` would get a player back
   * (one waiting out its grace period or still on another connection), so a host can let a
   * resume through where a fresh join would be refused.
   */
  resumes(token: string, accountId: string): boolean {
    return this.#seats.resumes(token, accountId);
  }

  /** A frame arrived. Text frames and anything malformed close only this connection. */
  receive(conn: ConnectionId, data: Uint8Array | string, now: number): void {
    this.#now = now;
    this.#timings.at(now);
    // A text frame's length in UTF-16 units: it is refused anyway.
    this.#timings.received(typeof data === "string" ? data.length : data.byteLength);
    const c = this.#conns.get(conn);
    if (!c) return;
    this.#health.heard(c, now);
    this.#inbox.receive(c, data, now);
    this.#applyVerdicts();
  }

  /**
   * The socket closed or failed. A joined player stays, disconnected, for the grace period
   * when `resumable` (a dropped link); otherwise (left, kicked) it leaves at once.
   */
  disconnect(conn: ConnectionId, now: number, resumable = true): void {
    this.#now = now;
    const c = this.#conns.get(conn);
    if (!c) return;
    this.#forget(c, resumable);
    this.#updateTicking();
  }

  /** Runs every tick that is due at `now` (ms); call it about once per tick interval. */
  update(now: number): void {
    this.#now = now;
    this.#timings.at(now);
    if (!this.#tick.running) return;
    this.#health.check(now);
    this.#expireGrace(now);
    this.#tick.runDue(now);
    // Closed after the check's loop: a close tells the other players, which iterates the
    // connections.
    const limit = this.#room.options.maxBacklogBytes;
    // Usually none: no empty array made to loop over.
    const backlogged = this.#room.delivery.checkBacklogs();
    if (backlogged !== undefined)
      for (const [c, bytes] of backlogged)
        this.#close(c, CLOSE.SLOW_CONSUMER, `${bytes} bytes unsent, limit ${limit}`);
    this.#applyVerdicts();
    this.#budget?.apply(this.#timings.totals(), this.tick);
  }

  /**
   * Acts on the fair-play verdicts reached since the last call (outside the tick's and the
   * inbox's loops): the host hears each; a kick or a ban closes the player's socket, and a
   * player waiting out its grace period leaves.
   */
  #applyVerdicts(): void {
    const fairPlay = this.#room.fairPlay;
    if (!fairPlay?.pending) return;
    for (const v of fairPlay.takeVerdicts()) {
      this.#sink.fairPlay?.(v);
      if (v.step === "kick" || v.step === "ban") this.#expel(v);
    }
  }

  #expel(v: FairPlayVerdict): void {
    const code = v.step === "ban" ? CLOSE.BANNED : CLOSE.KICKED;
    const detail = `fair play: ${v.evidence.detector}`;
    for (const c of this.#conns.values())
      if (c.player?.id === v.playerId) return this.#close(c, code, detail);
    for (const p of this.#detached.players()) {
      if (p.id !== v.playerId) continue;
      this.#detached.claim(p.resumeToken);
      this.#seats.drop(p, false, this.#now);
      return this.#updateTicking();
    }
  }

  /** The earliest deadline of a disconnected player, ms (undefined when none waits). */
  get graceDeadline(): number | undefined {
    return this.#detached.firstDeadline;
  }

  /**
   * Removes the disconnected players whose grace period ended by `now` (the tick does it
   * too; a host calls this from a timer while the room does not tick).
   */
  expireGrace(now: number): void {
    this.#now = now;
    this.#expireGrace(now);
  }

  #expireGrace(now: number): void {
    if (this.#detached.size === 0) return;
    this.#seats.expire(now);
    this.#updateTicking();
  }

  /** Closes `c`; a joined player whose close is retryable (a health cut) may resume. */
  #close(c: Connection<Input>, code: CloseCode, detail?: string): void {
    // Counted while the player is still seated (a close that is no resume removes it).
    if (c.player && VIOLATION_CODES.has(code.code))
      this.#room.fairPlay?.violation(c.player.id, code.code, detail ?? code.reason, this.#now);
    this.#forget(c, code.retryable);
    this.#sink.close(c.id, code.code, detail ? `${code.reason}: ${detail}` : code.reason);
    this.#updateTicking();
  }

  #forget(c: Connection<Input>, resumable: boolean): void {
    this.#conns.delete(c.id);
    this.#room.delivery.forget(c.id);
    if (c.spectator) this.#room.broadcast.remove(c.id);
    if (c.player) this.#seats.drop(c.player, resumable, this.#now);
  }

  #updateTicking(): void {
    // Only connections keep the tick running: with everyone disconnected (a deploy, an
    // outage) the world waits, frozen, and the host hibernates; it calls expireGrace at
    // graceDeadline (an alarm) for the players nobody resumed.
    this.#tick.setRunning(this.#conns.size > 0, this.#now);
  }
}
