// The sockets of a room that have not been admitted yet (accepted; HELLO not sent, or being
// verified), counted per room and per client address. Each costs the room a connection and
// a handshake timer and speaks for nobody, so a crowd of them from one address, or in all,
// is refused at the door (issue 19: 32 such sockets flooding one room froze it). Admitted
// players are limited elsewhere: seats per account (RoomOptions.maxSeatsPerAccount).

import type { ConnectionId } from "../../shared/room/room-sink.js";

/** Unadmitted sockets one room holds at once; one more is closed at once with 4011. */
export const MAX_UNADMITTED_PER_ROOM = 64;

/** Unadmitted sockets one client address may hold in one room at once. */
export const MAX_UNADMITTED_PER_ADDRESS = 16;

/** Why a socket was not let in, for its close reason. */
export type UnadmittedRefusal = "room" | "address";

/** Counts a room's unadmitted sockets by address. */
export class UnadmittedSockets {
  readonly #address = new Map<ConnectionId, string>();
  readonly #perAddress = new Map<string, number>();

  /** Sockets counted now. */
  get size(): number {
    return this.#address.size;
  }

  /**
   * Counts `conn` from `address`, or says which cap it would cross (and counts nothing).
   * Counting the same connection twice (a restart re-attaching it) counts it once.
   */
  add(conn: ConnectionId, address: string): UnadmittedRefusal | undefined {
    if (this.#address.has(conn)) return undefined;
    if (this.#address.size >= MAX_UNADMITTED_PER_ROOM) return "room";
    const held = this.#perAddress.get(address) ?? 0;
    if (held >= MAX_UNADMITTED_PER_ADDRESS) return "address";
    this.#address.set(conn, address);
    this.#perAddress.set(address, held + 1);
    return undefined;
  }

  /** `conn` was admitted or is gone; nothing is kept for an address with none left. */
  remove(conn: ConnectionId): void {
    const address = this.#address.get(conn);
    if (address === undefined) return;
    this.#address.delete(conn);
    const held = this.#perAddress.get(address)! - 1;
    if (held === 0) this.#perAddress.delete(address);
    else this.#perAddress.set(address, held);
  }

  /** Sockets counted for `address` (tests, stats). */
  heldBy(address: string): number {
    return this.#perAddress.get(address) ?? 0;
  }
}
