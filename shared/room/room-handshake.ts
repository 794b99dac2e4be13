// The admission of a HELLO, a player's or a spectator's: a second HELLO on a link, or one
// checkHello refuses, closes it; a spectator takes a free place and hears who is in the room;
// a player gets back the player of its resume token, or its account's oldest seat when the
// account holds all it may (maxSeatsPerAccount), or else takes a free seat (room-seats.ts). A spectator's socket re-attached after a host restart is admitted here too.

import type { HelloMessage } from "../protocol/client-messages.js";
import { CLOSE } from "../protocol/close-codes.js";
import { checkHello } from "./hello-check.js";
import type { RoomParts } from "./room-parts.js";
import type { Connection } from "./room-player.js";
import type { RoomSeats } from "./room-seats.js";

/** What a host knows of a joining connection beyond its HELLO. */
export interface JoinContext {
  /** The account the host verified (its players may be resumed only by it). */
  readonly accountId: string | undefined;
  /** The team the room's configuration gives that account. */
  readonly team: number | undefined;
}

/** The context of a HELLO no host verified (one that came as a frame to `receive`). */
export const NO_JOIN_CONTEXT: JoinContext = { accountId: undefined, team: undefined };

/** What the handshake acts on. */
export type HandshakeParts<Input> = Pick<
  RoomParts<Input>,
  "game" | "options" | "presence" | "broadcast" | "close"
>;

/** Admits or refuses the HELLOs of a room's connections. */
export class RoomHandshake<Input> {
  readonly #room: HandshakeParts<Input>;
  readonly #seats: RoomSeats<Input>;

  constructor(room: HandshakeParts<Input>, seats: RoomSeats<Input>) {
    this.#room = room;
    this.#seats = seats;
  }

  /** A decoded HELLO on `c` at `now` (ms): `c` is admitted or closed. */
  hello(
    c: Connection<Input>,
    msg: HelloMessage,
    { accountId, team }: JoinContext,
    now: number,
  ): void {
    const { close, broadcast } = this.#room;
    if (c.player || c.spectator) return close(c, CLOSE.UNEXPECTED_MESSAGE, "second hello");
    const refused = checkHello(msg, this.#room.game);
    if (refused) return close(c, refused.code, refused.detail);
    if (msg.role === "spectator") {
      if (broadcast.full) return close(c, CLOSE.ROOM_FULL, this.#spectatorsFull());
      c.spectator = true;
      broadcast.admit(c.id, now, true);
      return this.#room.presence.roster(c);
    }
    if (msg.resume !== "" && this.#seats.resume(c, msg.resume, accountId, now)) return;
    // An account holding all the seats it may have takes over its oldest instead of a new
    // one (the connection on it, if any, is closed with 4302): one token cannot fill the room,
    // and a reload that lost its resume token gets its player back.
    if (accountId !== undefined) {
      const held = this.#seats.seatsOf(accountId);
      if (held.length >= this.#room.options.maxSeatsPerAccount)
        if (this.#seats.resume(c, held[0]!, accountId, now)) return;
    }
    const max = this.#room.options.maxPlayers;
    if (this.#seats.taken >= max) return close(c, CLOSE.ROOM_FULL, `${max} of ${max} seats taken`);
    this.#seats.join(c, msg.name.trim(), accountId, { team }, now);
  }

  /**
   * Admits the spectator of a socket re-attached after the host restarted (no
   * SPECTATOR_WELCOME: its client has one); it starts again from a keyframe. False, and `c`
   * closed, when the spectators are full.
   */
  reattachSpectator(c: Connection<Input>, now: number): boolean {
    if (this.#room.broadcast.full) {
      this.#room.close(c, CLOSE.ROOM_FULL, this.#spectatorsFull());
      return false;
    }
    c.spectator = true;
    this.#room.broadcast.admit(c.id, now, false);
    return true;
  }

  #spectatorsFull(): string {
    const max = this.#room.options.maxSpectators;
    return `${max} of ${max} spectator places taken`;
  }
}
