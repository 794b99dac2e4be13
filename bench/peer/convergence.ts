// The check that makes the peer bench's figures count: once the link is quiet, every
// client's mirror must hold exactly what the room shows it (the ships in its view, every
// field bit for bit: the arena keeps its state on the wire's grid). Lost, late and
// retransmitted frames may delay a client, never leave it wrong.

import { Ship } from "../../games/arena/index.js";
import { EntitySet } from "../../shared/world/entity-set.js";
import type { World } from "../../shared/world/world.js";
import type { LinkRoom } from "./link-room.js";

/** Raised when a client's mirror does not reproduce the room's view of it. */
export class MirrorDivergenceError extends Error {
  override name = "MirrorDivergenceError";
}

/** Most room ticks run while waiting for every client to hold the latest one. */
const MAX_QUIET_TICKS = 64;

/** A ship as the comparison reads it. */
interface ShipRow {
  readonly owner: number;
  readonly x: number;
  readonly y: number;
  readonly vx: number;
  readonly vy: number;
  readonly heading: number;
}

/** The ships of `world` (among `only`, when given), by owner. */
function shipRows(world: World, only?: EntitySet): ShipRow[] {
  const s = world.store(Ship);
  const rows: ShipRow[] = [];
  const visit = (e: number) => {
    if (!world.has(e, Ship)) return;
    const [x, y, vx, vy] = [s.pos.x[e]!, s.pos.y[e]!, s.vel.x[e]!, s.vel.y[e]!];
    rows.push({ owner: s.owner[e]!, x, y, vx, vy, heading: s.heading[e]! });
  };
  if (only) only.forEach(visit);
  else world.alive.forEach(visit);
  return rows.sort((a, b) => a.owner - b.owner);
}

/**
 * Quiets the link (room ticks one at a time, each followed by every frame in flight
 * arriving, until every client holds the room's latest tick), then compares each client's
 * mirror with the room's view of it. Throws a {@link MirrorDivergenceError} naming the
 * client and what differs; returns the ticks it took.
 */
export function verifyConvergence(link: LinkRoom): number {
  const behind = () => link.clients.some((c) => c.net.session.tick !== link.room.tick);
  let ticks = 0;
  link.drain();
  for (; ticks < MAX_QUIET_TICKS && behind(); ticks++) {
    link.tickOnce();
    link.drain();
  }
  const room = link.room;
  for (const c of link.clients) {
    if (c.failure) throw new MirrorDivergenceError(c.failure);
    const held = c.net.session.tick;
    if (held !== room.tick)
      throw new MirrorDivergenceError(`${c.conn} holds tick ${held}, the room is at ${room.tick}`);
    const player = room.playerOf(c.conn)?.playerId;
    if (player === undefined) throw new MirrorDivergenceError(`${c.conn} has no player`);
    const visible = new EntitySet(room.world.capacity);
    room.interest?.fill(player, visible);
    const want = JSON.stringify(shipRows(room.world, room.interest ? visible : undefined));
    const got = JSON.stringify(shipRows(c.net.world));
    if (got !== want)
      throw new MirrorDivergenceError(
        `${c.conn} (player ${player}) holds ${got}, the room shows ${want}`,
      );
  }
  return ticks;
}
