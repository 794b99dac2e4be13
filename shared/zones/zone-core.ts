// A zone: a room core running the same game for its area, plus what makes zones one world.
// Hosts (a zone Durable Object, the zone harness) call it as they call a RoomCore — open,
// hello, receive, disconnect, update — and hand it what neighbouring zones send (fromZone);
// it answers through a ZoneSink, a RoomSink that can also reach another zone. The work at
// the room's tick boundary (zone-room-game.ts) is split: handoffs in zone-handoffs.ts,
// ghosts out in zone-ghost-sender.ts, ghosts in in ghost-mirror.ts.

import type { PlayerSeat } from "../game/game-definition.js";
import type { HelloMessage } from "../protocol/client-messages.js";
import { CLOSE } from "../protocol/close-codes.js";
import { resumeTokenSeed, resumeTokenSource } from "../room/resume-token.js";
import { RoomCore } from "../room/room-core.js";
import type { JoinContext } from "../room/room-handshake.js";
import type { RoomOptions } from "../room/room-options.js";
import type { PlayerInfo } from "../room/room-player.js";
import type { ConnectionId, RoomSink } from "../room/room-sink.js";
import type { NetworkSchema } from "../schema/network-schema.js";
import type { World } from "../world/world.js";
import { decodeGhostBatch } from "./ghost-batch.js";
import { GhostMirror } from "./ghost-mirror.js";
import { GhostSender } from "./zone-ghost-sender.js";
import type { ZoneId } from "./zone-grid.js";
import { ZoneHandoffs } from "./zone-handoffs.js";
import type { ZoneInput } from "./zone-input.js";
import type { ZoneMessage } from "./zone-messages.js";
import { zoneRoomGame } from "./zone-room-game.js";
import type { ZoneSnapshot } from "./zone-snapshot.js";
import { decodeTicket, isTicket } from "./zone-ticket.js";
import { type ResolvedZones, resolveZones, type ZonedGame } from "./zoned-game.js";

/** What a zone needs from its host beyond a room's needs. */
export interface ZoneSink extends RoomSink {
  /**
   * Delivers `msg` to zone `to` of the same world (a DO-to-DO call). Messages between two
   * zones must arrive in the order sent; `msg` is the callee's (bytes are a fresh copy).
   */
  toZone(to: ZoneId, msg: ZoneMessage): void;
  /** The persistent data of a player whose avatar leaves (moves with it: one owner). */
  carryOut?(playerId: number): unknown;
  /**
   * The persistent data of a player whose avatar arrived (what carryOut gave). `playerId`
   * is -1 when its client left before the adoption: the host saves the data and lets it go.
   */
  carryIn?(playerId: number, carry: unknown): void;
  /**
   * World input `seq` of player `playerId` was applied (each exactly once in the world):
   * for benches and tests that count lost and duplicated inputs.
   */
  inputApplied?(playerId: number, seq: number): void;
  /**
   * A handoff step (any handoff message sent or taken in: a ticket issued, expected or
   * confirmed, a traveller parked, an avatar committed away or a commit taken in): store `zone.snapshot(now)` once the current call
   * returns, before what the zone sent leaves (a Durable Object's output gate holds outgoing
   * messages until a storage write lands). Omitted: a zone restored from an older snapshot
   * may take back an avatar it handed on, or lose one handed to it.
   */
  persist?(): void;
}

/** Where the zone sits. */
export interface ZonePlace {
  readonly worldId: string;
  readonly zoneId: ZoneId;
}

/** Load figures a zone reports (placement and splitting decisions read them). */
export interface ZoneLoad {
  /** Players whose avatar is here. */
  readonly players: number;
  /** Travellers parked here, on their way in. */
  readonly arriving: number;
  /** Players ticketed for a neighbour, not yet handed off. */
  readonly departing: number;
  /** Ghosts of the neighbours' entities held. */
  readonly ghosts: number;
}

/** One zone of a world: its room core and its part in ghosts and handoffs. */
export class ZoneCore<Input> {
  readonly id: ZoneId;
  readonly zones: ResolvedZones;
  /** The room inside (stats, snapshots, interest…); drive it through the zone. */
  readonly room: RoomCore<ZoneInput<Input>>;
  readonly #sink: ZoneSink;
  readonly #mirror: GhostMirror;
  readonly #handoffs: ZoneHandoffs<Input>;
  readonly #ghostsOut: GhostSender;
  readonly #schema: NetworkSchema;
  /** Whether the room ticked at the last look (a stop flushes the ghosts out). */
  #ticking = false;
  #now = 0;

  /**
   * @param restore a snapshot to continue from (after an eviction or a deploy), restored at
   *   `now`: the players wait to resume, as in a room. A room's snapshot without its zone part
   *   is not restored (its players could not be told where their avatars are): fresh zone.
   * @throws RangeError when the declaration does not resolve or `zoneId` is not in its grid.
   */
  constructor(
    game: ZonedGame<Input>,
    place: ZonePlace,
    sink: ZoneSink,
    options?: RoomOptions,
    restore?: { readonly snapshot: ZoneSnapshot; readonly now: number },
  ) {
    this.zones = resolveZones(game.zones);
    if (!this.zones.partition.has(place.zoneId))
      throw new RangeError(`zone ${place.zoneId} is not in the game's grid`);
    this.id = place.zoneId;
    this.#sink = sink;
    this.#schema = game.schema;
    let handoffs: ZoneHandoffs<Input> | undefined;
    const hooks = {
      seated: (id: number) => handoffs!.seated(id),
      hasAvatar: (id: number) => handoffs!.hasAvatar(id),
      left: (id: number) => handoffs!.left(id),
      beforeStep: (world: World) => this.#beforeStep(world),
      inputs: (inputs: ReadonlyMap<number, ZoneInput<Input>>) => handoffs!.inputs(inputs),
      afterStep: (world: World) => this.#afterStep(world),
    };
    const roomId = `${place.worldId}/${place.zoneId}`;
    const saved = restore?.snapshot.zone && restore;
    this.room = new RoomCore(zoneRoomGame(game, hooks), roomId, sink, options, saved);
    const grace = 2 * this.zones.ghostEveryTicks;
    this.#mirror = new GhostMirror(this.room.world, game.schema, grace, this.zones.ghosted);
    // Ticket nonces come from the host's randomness, like resume tokens.
    // (Seeded by the restored tick too, as the room's: a restart never repeats a nonce.)
    const seed = resumeTokenSeed(`${roomId}#zone`, saved?.snapshot.tick);
    const nonce = resumeTokenSource(sink.random?.bind(sink), seed);
    const now = () => this.#now;
    handoffs = new ZoneHandoffs(
      game,
      this.zones,
      this.id,
      this.room,
      this.#mirror,
      sink,
      nonce,
      now,
    );
    this.#handoffs = handoffs;
    if (saved) {
      this.#now = saved.now;
      const zone = saved.snapshot.zone!;
      // Ghosts are the neighbours' to resend; a stale one kept would show twice.
      for (const e of zone.ghosts) if (this.room.world.isAlive(e)) this.room.world.despawn(e);
      handoffs.load(zone);
    }
    this.#ghostsOut = new GhostSender(
      game as ZonedGame<unknown>,
      this.zones,
      this.id,
      this.#mirror,
      sink,
      (e) => handoffs!.wasOf(e),
    );
  }

  /** Whether HELLO token `token` is a live ticket for this zone (its host skips its auth). */
  admits(token: string): boolean {
    const t = decodeTicket(token);
    return t.ok && t.value.to === this.id && this.#handoffs.expects(t.value.nonce, this.#now);
  }

  /** The zone's load now. */
  load(): ZoneLoad {
    return { ...this.#handoffs.counts(), ghosts: this.#mirror.size };
  }

  /** A socket was accepted (RoomCore.open). */
  open(conn: ConnectionId, now: number): void {
    this.#now = now;
    this.room.open(conn, now);
    this.#checkTicking();
  }

  /**
   * A HELLO the host decoded (RoomCore.hello). A ticket's HELLO seats an arriving traveller,
   * parked until its avatar comes; an unknown, used or expired ticket closes with 4103.
   */
  hello(conn: ConnectionId, msg: HelloMessage, join: JoinContext, now: number): void {
    this.#now = now;
    if (isTicket(msg.token) && !this.#handoffs.arrive(msg, now))
      return this.#refuse(conn, now, "unknown or expired zone ticket");
    // A resume that finds no player is not a fresh join here, as it is in a room: the
    // player's avatar may live in another zone by now (a cut swallowed the switch, or the
    // close that followed it), and a fresh seat would spawn it twice. The world client
    // refused moves to its next link, or the player rejoins the world.
    // (A host that verifies no account seats players without one: "" matches them.)
    if (msg.resume !== "" && !this.room.resumes(msg.resume, join.accountId ?? ""))
      return this.#refuse(conn, now, "no player to resume here: rejoin the world");
    this.room.hello(conn, msg, join, now);
    this.#handoffs.linked(conn, this.room.playerOf(conn)?.playerId);
    this.#checkTicking();
  }

  /**
   * Re-attaches the socket of a player that had joined before the host restarted
   * (RoomCore.restore): it resumes, and ZONE_RESUME tells its client which world inputs to
   * send again (the snapshot may be older than what it sent). A player the zone does not
   * know (no snapshot, or one older than its arrival) is refused as a HELLO would be.
   */
  restore(conn: ConnectionId, player: PlayerInfo, now: number, seat?: PlayerSeat): void {
    this.#now = now;
    if (!this.#handoffs.has(player.playerId)) {
      this.room.open(conn, now);
      return this.#refuse(conn, now, "no player to resume here: rejoin the world");
    }
    this.room.restore(conn, player, now, seat);
    this.#handoffs.linked(conn, player.playerId);
    this.#checkTicking();
  }

  /** Re-attaches a spectator's socket after the host restarted (RoomCore.restoreSpectator). */
  restoreSpectator(conn: ConnectionId, now: number): boolean {
    this.#now = now;
    const admitted = this.room.restoreSpectator(conn, now);
    this.#checkTicking();
    return admitted;
  }

  /**
   * The zone's persistent state (allocates: call it from a coarse timer, as a room's): the
   * room's snapshot and the zone's players, handoffs and expected tickets.
   */
  snapshot(now: number): ZoneSnapshot {
    const zone = { ...this.#handoffs.dump(), ghosts: this.#mirror.entities() };
    return { ...this.room.snapshot(now), zone };
  }

  /** A frame arrived (RoomCore.receive). */
  receive(conn: ConnectionId, data: Uint8Array | string, now: number): void {
    this.#now = now;
    this.room.receive(conn, data, now);
    this.#checkTicking();
  }

  /**
   * The socket closed (RoomCore.disconnect). A player whose avatar already left stays
   * resumable like any other when its link was cut: the cut may have swallowed its
   * ZONE_SWITCH, which the redial hears again; a fresh seat would spawn a second avatar.
   */
  disconnect(conn: ConnectionId, now: number, resumable = true): void {
    this.#now = now;
    const p = this.room.playerOf(conn);
    if (p) this.#handoffs.unlinked(p.playerId, conn);
    this.room.disconnect(conn, now, resumable);
    this.#checkTicking();
  }

  /** Runs what is due at `now`: expired tickets, then the room's ticks (RoomCore.update). */
  update(now: number): void {
    this.#now = now;
    this.#handoffs.expire(now);
    this.room.update(now);
    this.#checkTicking();
  }

  /** A neighbour's message arrived. Ghost batches wait for the next tick boundary. */
  fromZone(msg: ZoneMessage, now: number): void {
    this.#now = now;
    if (msg.type !== "ghosts") {
      this.#handoffs.fromZone(msg, now);
      // A commit waits for the next tick boundary, but a zone nobody is connected to has no
      // tick: it adopts now (its traveller's link is down, or it left and the data goes home).
      if (msg.type === "commit" && !this.room.ticking) this.#beforeStep(this.room.world);
      return this.#checkTicking();
    }
    // Applied on arrival, not at the next tick: a zone nobody is in does not tick, and each
    // batch counts (a ghost goes when two in a row leave it out).
    const batch = decodeGhostBatch(msg.bytes, this.#schema);
    if (batch.ok) this.#mirror.apply(msg.from, batch.value);
  }

  /** Ghost bytes this zone sent its neighbours so far. */
  get ghostBytesSent(): number {
    return this.#ghostsOut.bytesSent;
  }

  #refuse(conn: ConnectionId, now: number, reason: string): void {
    this.room.disconnect(conn, now, false);
    this.#sink.close(conn, CLOSE.EXPIRED_CREDENTIALS.code, reason);
  }

  #beforeStep(_world: World): void {
    for (const from of this.#handoffs.adoptArrivals()) this.#ghostsOut.owe(from);
  }

  /** After anything that may close connections: a room that stopped ticking flushes ghosts. */
  #checkTicking(): void {
    const ticking = this.room.ticking;
    if (this.#ticking && !ticking) this.#ghostsOut.flush(this.room.world, this.room.tick + 1);
    this.#ticking = ticking;
  }

  #afterStep(world: World): void {
    this.#mirror.reassert();
    this.#handoffs.afterStep(world);
    this.#ghostsOut.afterStep(world, this.room.tick + 1);
  }
}
