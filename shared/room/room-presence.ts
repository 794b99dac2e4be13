// Who is in a room, and what its players are told about each other: a new or resumed link
// gets WELCOME and then everyone present (and who of them is disconnected); every joined link,
// a spectator's too, hears of each join (PLAYER_JOINED), dropped or resumed link
// (PLAYER_STATUS) and departure (PLAYER_LEFT). The room core owns the connections and the
// grace period; this reads them.

import { PROTOCOL_VERSION } from "../protocol/limits.js";
import type { GracePeriod } from "./grace-period.js";
import type { RoomOutbox } from "./room-outbox.js";
import { type Connection, type Player, type PlayerInfo, playerInfo } from "./room-player.js";
import type { ConnectionId } from "./room-sink.js";

/** A room's players, connected or waiting to resume, and the messages about them. */
export class RoomPresence<Input> {
  readonly #roomId: string;
  readonly #tickRate: number;
  readonly #outbox: RoomOutbox;
  readonly #conns: ReadonlyMap<ConnectionId, Connection<Input>>;
  readonly #detached: GracePeriod<Player<Input>>;

  constructor(
    roomId: string,
    tickRate: number,
    outbox: RoomOutbox,
    conns: ReadonlyMap<ConnectionId, Connection<Input>>,
    detached: GracePeriod<Player<Input>>,
  ) {
    this.#roomId = roomId;
    this.#tickRate = tickRate;
    this.#outbox = outbox;
    this.#conns = conns;
    this.#detached = detached;
  }

  /** Players who completed the handshake, connected first. */
  players(): PlayerInfo[] {
    const out: PlayerInfo[] = [];
    for (const c of this.#conns.values()) {
      if (c.player) out.push(playerInfo(c.player, true));
    }
    for (const p of this.#detached.players()) out.push(playerInfo(p, false));
    return out;
  }

  /** The player of `playerId` if a connection holds it. */
  connected(playerId: number): Player<Input> | undefined {
    for (const c of this.#conns.values()) if (c.player?.id === playerId) return c.player;
    return undefined;
  }

  /** The first free player id from `next` on: u16, skipping 0 and any id present, wrapping. */
  freeId(next: number): number {
    const inUse = new Set<number>();
    for (const c of this.#conns.values()) if (c.player) inUse.add(c.player.id);
    for (const p of this.#detached.players()) inUse.add(p.id);
    let id = next;
    while (id === 0 || id > 0xffff || inUse.has(id)) id = id > 0xffff ? 1 : id + 1;
    return id;
  }

  /**
   * WELCOME to `c`, then every other player (and who of them is disconnected). `tick`: the
   * room's next tick, the least the first SNAPSHOT carries; `now`: the server time, ms.
   */
  welcome(
    c: Connection<Input>,
    player: Player<Input>,
    resumed: boolean,
    tick: number,
    now: number,
  ): void {
    this.#outbox.welcome(c.id, {
      version: PROTOCOL_VERSION,
      playerId: player.id,
      tickRate: this.#tickRate,
      tick,
      serverTime: now,
      roomId: this.#roomId,
      resumed,
      resumeToken: player.resumeToken,
    });
    this.roster(c);
    // A fresh join hears of itself with everyone (joined() below); a resumed link starts a
    // fresh client view too, so it is told of its own player here.
    if (resumed) this.#outbox.joined(c.id, player.id, player.name);
  }

  /**
   * PLAYER_JOINED to `c` for every player but its own, and PLAYER_STATUS for those
   * disconnected: what a new link (a player's or a spectator's) learns of who is there.
   */
  roster(c: Connection<Input>): void {
    for (const other of this.#conns.values()) {
      if (other.player && other !== c)
        this.#outbox.joined(c.id, other.player.id, other.player.name);
    }
    for (const p of this.#detached.players()) {
      this.#outbox.joined(c.id, p.id, p.name);
      this.#outbox.status(c.id, p.id, false);
    }
  }

  /** PLAYER_JOINED to every joined connection (spectators too), the new player's own included. */
  joined(player: Player<Input>): void {
    for (const c of this.#conns.values()) {
      if (hears(c)) this.#outbox.joined(c.id, player.id, player.name);
    }
  }

  /** PLAYER_STATUS to every joined connection but `except` (the player's own new link). */
  status(player: Player<Input>, connected: boolean, except?: Connection<Input>): void {
    for (const c of this.#conns.values()) {
      if (hears(c) && c !== except) this.#outbox.status(c.id, player.id, connected);
    }
  }

  /** PLAYER_LEFT to every joined connection. */
  left(playerId: number): void {
    for (const c of this.#conns.values()) if (hears(c)) this.#outbox.left(c.id, playerId);
  }
}

/** Whether a connection hears who comes and goes: its player or spectator hello was accepted. */
function hears<Input>(c: Connection<Input>): boolean {
  return c.player !== undefined || c.spectator === true;
}
