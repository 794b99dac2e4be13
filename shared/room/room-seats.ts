// A room's seats: each player from its join to its leaving. A join takes a seat (an id, a
// resume token, the game's avatar); a dropped link leaves the player seated, waiting out the
// grace period; the link presenting its resume token takes it back; leaving frees the seat.
// The room core owns the connections and the grace period; this moves players between them
// and tells the game, the other players (room-presence.ts) and the recorder.

import type { PlayerSeat } from "../game/game-definition.js";
import { CLOSE } from "../protocol/close-codes.js";
import type { RoomParts } from "./room-parts.js";
import {
  type Connection,
  type LinkStart,
  mayResume,
  newPlayer,
  type Player,
  type PlayerInfo,
  startLink,
} from "./room-player.js";
import type { PlayerDump } from "./room-snapshot.js";

/** Who a player is, for as long as it holds its seat. */
interface SeatIdentity {
  readonly id: number;
  readonly name: string;
  readonly resumeToken: string;
  readonly accountId: string | undefined;
}

/** What the seats act on. */
export type SeatParts<Input> = Pick<
  RoomParts<Input>,
  | "game"
  | "options"
  | "world"
  | "conns"
  | "detached"
  | "replication"
  | "interest"
  | "rpc"
  | "fairPlay"
  | "rates"
  | "updates"
  | "presence"
  | "broadcast"
  | "voice"
  | "close"
>;

/** Seats, resumes and removes the players of a room. */
export class RoomSeats<Input> {
  readonly #room: SeatParts<Input>;
  readonly #newResumeToken: () => string;
  #taken = 0;
  #nextId = 1;

  constructor(room: SeatParts<Input>, newResumeToken: () => string) {
    this.#room = room;
    this.#newResumeToken = newResumeToken;
  }

  /** Players seated, connected or waiting to resume. */
  get taken(): number {
    return this.#taken;
  }

  /** Where the search for a fresh join's id starts (a snapshot keeps it). */
  get nextId(): number {
    return this.#nextId;
  }

  /** A fresh player for `c` (the caller checked a seat is free): WELCOME, and all hear of it. */
  join(
    c: Connection<Input>,
    name: string,
    accountId: string | undefined,
    seat: PlayerSeat,
    now: number,
  ): void {
    const id = this.#allocateId();
    const resumeToken = this.#newResumeToken();
    this.#admit(c, { id, name, resumeToken, accountId }, seat, now, true);
  }

  /**
   * Seats the player of a socket that had joined before the host restarted, with the same id
   * and a fresh avatar, or gives it back its own if it is still seated. No WELCOME: its
   * client has one.
   */
  reattach(c: Connection<Input>, player: PlayerInfo, seat: PlayerSeat, now: number): void {
    const { accountId } = player;
    // Restored from a snapshot too: the player is back on its socket, entities untouched.
    if (player.resumeToken && this.resume(c, player.resumeToken, accountId, now, false)) return;
    this.#nextId = Math.max(this.#nextId, player.playerId + 1);
    const token = player.resumeToken ?? this.#newResumeToken();
    const identity = { id: player.playerId, name: player.name, resumeToken: token, accountId };
    this.#admit(c, identity, seat, now, false);
  }

  /**
   * Gives `c` the player of `token` back if it waits in its grace period (or is still held
   * by a connection the client gave up on, which is replaced). The player keeps its id,
   * entities and state; its client starts from a fresh baseline (a full update), and inputs
   * queued for the old link are dropped. False: no such player, or one that joined as
   * another account than `accountId` (a leaked token hands over nothing): join fresh.
   */
  resume(
    c: Connection<Input>,
    token: string,
    accountId: string | undefined,
    now: number,
    welcome = true,
  ): boolean {
    const { detached, conns, game } = this.#room;
    const waiting = detached.peek(token);
    if (waiting && !mayResume(waiting, accountId)) return false;
    let player = waiting && detached.claim(token);
    if (!player) {
      for (const old of conns.values()) {
        if (old === c || old.player?.resumeToken !== token) continue;
        if (!mayResume(old.player, accountId)) return false;
        player = old.player;
        old.player = undefined;
        this.#room.close(old, CLOSE.REPLACED);
        break;
      }
      if (!player) return false;
    } else game.onReconnect?.(this.#room.world, player.id);
    startLink(player, this.#freshLink(player.id));
    // A new link's inputs are counted afresh; a re-attached one's acks may run ahead of a
    // room restored from an older snapshot.
    this.#room.fairPlay?.linked(player.id, now, !welcome);
    c.player = player;
    if (welcome) this.#welcome(c, player, true, now);
    this.#room.presence.status(player, true, c);
    return true;
  }

  /**
   * Whether a HELLO of `accountId` carrying resume token `token` would get a player back
   * (one waiting out its grace period or still on another connection).
   */
  resumes(token: string, accountId: string): boolean {
    if (token === "") return false;
    const waiting = this.#room.detached.peek(token);
    if (waiting) return mayResume(waiting, accountId);
    for (const c of this.#room.conns.values())
      if (c.player?.resumeToken === token) return mayResume(c.player, accountId);
    return false;
  }

  /**
   * The resume tokens of the seats `accountId` holds, connected or waiting out a grace
   * period, oldest (lowest player id) first.
   */
  seatsOf(accountId: string): string[] {
    const held: Player<Input>[] = [];
    for (const c of this.#room.conns.values())
      if (c.player?.accountId === accountId) held.push(c.player);
    for (const p of this.#room.detached.players()) if (p.accountId === accountId) held.push(p);
    return held.sort((a, b) => a.id - b.id).map((p) => p.resumeToken);
  }

  /**
   * Seats the players of a snapshot, all disconnected, to wait for a resume within the grace
   * period; fresh joins take ids from `nextId` on.
   */
  restore(players: readonly PlayerDump[], nextId: number, now: number): void {
    const { broadcast, interest, detached } = this.#room;
    this.#nextId = nextId;
    const grace = this.#room.options.reconnectGraceMs;
    for (const p of players) {
      const { playerId: id, name, resumeToken, accountId } = p;
      const identity = { id, name, resumeToken, ...(accountId === undefined ? {} : { accountId }) };
      const player = newPlayer(identity, this.#room.updates.newView(), this.#freshLink(id));
      this.#taken++;
      this.#room.fairPlay?.seated(id, accountId, now, true);
      broadcast.addPlayer(id, name, accountId);
      // A zoomed view survives the restart, as the player's entities do.
      if (p.viewRadius !== undefined) interest?.setRadius(p.playerId, p.viewRadius);
      // Deadlines count from the restore: a deploy's downtime does not eat the grace period.
      detached.hold(p.resumeToken, player, now + grace);
    }
  }

  /**
   * The link of `p` is gone: the player waits out the grace period when `resumable` (a
   * dropped link) and the room grants one; otherwise (left, kicked) it leaves at once.
   */
  drop(p: Player<Input>, resumable: boolean, now: number): void {
    const { options, game, world } = this.#room;
    if (!resumable || options.reconnectGraceMs === 0) return this.#remove(p);
    this.#room.detached.hold(p.resumeToken, p, now + options.reconnectGraceMs);
    game.onDisconnect?.(world, p.id);
    this.#room.presence.status(p, false);
  }

  /** Removes the disconnected players whose grace period ended by `now`. */
  expire(now: number): void {
    for (const p of this.#room.detached.expire(now)) this.#remove(p);
  }

  #admit(
    c: Connection<Input>,
    identity: SeatIdentity,
    seat: PlayerSeat,
    now: number,
    welcome: boolean,
  ): void {
    const { game, world } = this.#room;
    const { id: playerId, name } = identity;
    const player = newPlayer(identity, this.#room.updates.newView(), this.#freshLink(playerId));
    c.player = player;
    this.#taken++;
    this.#room.fairPlay?.seated(playerId, identity.accountId, now, !welcome);
    game.addPlayer(world, playerId, name, seat);
    this.#room.voice?.seated(playerId, seat.team);
    game.onJoin?.(world, playerId, name);
    this.#room.broadcast.addPlayer(playerId, name, identity.accountId);
    if (welcome) this.#welcome(c, player, false, now);
    this.#room.presence.joined(player);
    this.#room.voice?.joined(player, c);
  }

  #welcome(c: Connection<Input>, player: Player<Input>, resumed: boolean, now: number): void {
    this.#room.presence.welcome(c, player, resumed, this.#room.replication.tick + 1, now);
    this.#room.voice?.welcome(c);
  }

  /** The player leaves for good: its entities go and everyone hears PLAYER_LEFT. */
  #remove(p: Player<Input>): void {
    const { game, world } = this.#room;
    this.#taken--;
    game.onLeave?.(world, p.id);
    this.#room.interest?.removePlayer(p.id);
    this.#room.rates.forget(p.id);
    this.#room.rpc?.removePlayer(p.id);
    this.#room.fairPlay?.removed(p.id);
    this.#room.voice?.removed(p.id);
    game.removePlayer(world, p.id);
    this.#room.presence.left(p.id);
  }

  /**
   * The start of a player's link: a new replica (a full state next) with the player's
   * budget, a fresh rate (no client cap until it sends RATE), queue and acks.
   */
  #freshLink(playerId: number): LinkStart<Input> {
    const replica = this.#room.replication.connect();
    return {
      replica,
      rate: this.#room.rates.start(playerId, replica),
      maxQueuedInputs: this.#room.options.maxQueuedInputs,
      idleInput: this.#room.game.idleInput,
    };
  }

  #allocateId(): number {
    const id = this.#room.presence.freeId(this.#nextId);
    this.#nextId = id + 1;
    return id;
  }
}
