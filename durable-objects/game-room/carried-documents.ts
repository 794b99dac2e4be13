// A traveller's documents in a zoned world: they move with the avatar from the zone it leaves
// (carryOut, at the commit's tick) to the zone that adopts it (carryIn, at the adoption's
// tick), with the lease handed over in D1, so one zone at a time holds and writes them.

import { AccountData, type CarriedData, docsOf, isCarriedData } from "./account-data.js";
import { loadAccount, saveAccount } from "./account-store.js";
import type { RoomAccounts } from "./room-accounts.js";

/**
 * Player `playerId`'s avatar leaves for another zone: the game's onLeave runs here (what it
 * writes travels), and this room forgets the account without saving or releasing its lease —
 * the adopting zone takes both. Undefined when the player has no documents here, or its
 * account holds another seat in this room (the documents stay with that seat, and the next
 * zone claims them as a room would).
 */
export function carryOut(accounts: RoomAccounts, playerId: number): CarriedData | undefined {
  const seat = accounts.seat(playerId);
  if (!seat || seat.a.conns.size > 1) return undefined;
  const { conn, a } = seat;
  if (a.loaded) accounts.hooks.onLeave?.(a, accounts.ctx(playerId));
  accounts.byConn.delete(conn);
  a.conns.delete(conn);
  accounts.byAccount.delete(a.accountId);
  // Documents whose lease is still on its way here (`from`) travel on; the next zone moves
  // the lease from where it is.
  const loaded = a.loaded && !a.failed && (a.owned || a.from !== undefined);
  const fromRoom = a.owned ? accounts.roomId : (a.from ?? accounts.roomId);
  a.gone = true;
  a.owned = false;
  return { accountId: a.accountId, fromRoom, loaded, docs: loaded ? docsOf(a) : [] };
}

/**
 * Player `playerId`'s avatar arrived with `carry`: the documents are this room's at once (the
 * game's onLoad runs now), the lease moves here in the background, and saves wait for it. A
 * traveller whose link dropped before the adoption has no seat: its documents are saved and
 * let go, as at a leave.
 */
export function carryIn(accounts: RoomAccounts, playerId: number, carry: unknown): void {
  if (!isCarriedData(carry)) return;
  if (!carry.loaded) return takeOver(accounts, playerId, carry);
  const seat = accounts.seat(playerId);
  let a = seat?.a ?? accounts.byAccount.get(carry.accountId);
  if (!a) {
    a = new AccountData(carry.accountId);
    accounts.byAccount.set(a.accountId, a);
  }
  for (const [key, doc] of carry.docs) {
    // A copy this room loaded itself meanwhile may know a later version: saves expect it.
    const version = Math.max(doc.version, a.docs.get(key)?.version ?? 0);
    a.docs.set(key, { ...doc, version });
  }
  a.loaded = true;
  a.failed = false;
  a.from = carry.fromRoom;
  if (seat) accounts.greet(a, seat.conn, playerId);
  const account = a;
  accounts.enqueue(account, async () => {
    await accounts.moveLease(account);
    if (!account.owned)
      throw new Error(`the lease moved on from ${carry.fromRoom} before it reached here`);
    if (account.conns.size > 0) return;
    await saveAccount(accounts.store, account);
    await accounts.let(account);
  });
}

/**
 * A traveller whose documents the zone it left had not loaded yet (its join's claim or load
 * still running) arrived: this zone takes the lease over from that zone and loads them itself
 * now, rather than at its next periodic save. The zone left lets go of whatever its claim got
 * once it sees the player gone.
 */
function takeOver(accounts: RoomAccounts, playerId: number, carry: CarriedData): void {
  const seat = accounts.seat(playerId);
  if (!seat || seat.a.loaded) return;
  const a = seat.a;
  a.from = carry.fromRoom;
  accounts.enqueue(a, async () => {
    if (a.gone || a.loaded) return;
    if (!a.owned) await accounts.moveLease(a);
    // A third room's lease runs: the periodic save claims the documents once it ends.
    if (!a.owned) return;
    await loadAccount(accounts.store, a);
    for (const [conn, id] of a.conns) accounts.greet(a, conn, id);
  });
}
