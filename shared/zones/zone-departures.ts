// The outgoing side of handoffs: tickets for avatars near an edge, their cancellation, and
// the commit at a tick boundary that moves an avatar's authority to the next zone, with a
// frozen placeholder standing in for it until the next zone names its entity. The incoming
// side and the players' seats and inputs are zone-handoffs.ts.

import { CLOSE } from "../protocol/close-codes.js";
import { seqAfter } from "../protocol/input-sequence.js";
import type { RoomCore } from "../room/room-core.js";
import type { World } from "../world/world.js";
import { carriedComponents, recordEntity } from "./entity-record.js";
import { ghostEntryOf } from "./ghost-batch.js";
import type { GhostMirror } from "./ghost-mirror.js";
import type { ZoneSink } from "./zone-core.js";
import { encodeSwitchFrame } from "./zone-frames.js";
import type { ZoneId } from "./zone-grid.js";
import { NO_WORLD_SEQ, type ZoneInput } from "./zone-input.js";
import type { ZonePlayer } from "./zone-player.js";
import { encodeTicket } from "./zone-ticket.js";
import type { ResolvedZones, ZonedGame } from "./zoned-game.js";

/** What departures act on: the zone's parts and its players (owned by zone-handoffs.ts). */
export interface DepartureParts<Input> {
  readonly game: ZonedGame<Input>;
  readonly zones: ResolvedZones;
  readonly id: ZoneId;
  readonly room: RoomCore<ZoneInput<Input>>;
  readonly mirror: GhostMirror;
  readonly sink: ZoneSink;
  readonly players: ReadonlyMap<number, ZonePlayer<Input>>;
  readonly nonce: () => string;
  readonly now: () => number;
}

/** Tickets and commits of the avatars leaving a zone. */
export class ZoneDepartures<Input> {
  readonly #game: ZonedGame<Input>;
  readonly #zones: ResolvedZones;
  readonly #id: ZoneId;
  readonly #room: RoomCore<ZoneInput<Input>>;
  readonly #mirror: GhostMirror;
  readonly #sink: ZoneSink;
  readonly #players: ReadonlyMap<number, ZonePlayer<Input>>;
  readonly #nonce: () => string;
  readonly #now: () => number;
  /** Placeholders of avatars handed off, by nonce: the ghost key until `adopted` names it. */
  readonly #placeholders = new Map<string, { readonly to: ZoneId; readonly key: number }>();
  #placeholderKeys = 0;
  readonly #xy = new Float64Array(2);

  constructor(parts: DepartureParts<Input>) {
    this.#game = parts.game;
    this.#zones = parts.zones;
    this.#id = parts.id;
    this.#room = parts.room;
    this.#mirror = parts.mirror;
    this.#sink = parts.sink;
    this.#players = parts.players;
    this.#nonce = parts.nonce;
    this.#now = parts.now;
  }

  /** The player whose ticket `nonce` is out and whose avatar is still here. */
  departing(nonce: string): ZonePlayer<Input> | undefined {
    for (const p of this.#players.values())
      if (p.place === "here" && p.departure?.nonce === nonce) return p;
    return undefined;
  }

  /** Tells zone `to` that handoff `nonce` is off. */
  cancel(to: ZoneId, nonce: string): void {
    this.#sink.toZone(to, { type: "cancel", from: this.#id, nonce });
  }

  /** The ticket text of handoff `nonce` to zone `to`. */
  ticket(to: ZoneId, nonce: string): string {
    return encodeTicket({ from: this.#id, to, nonce });
  }

  /** Tick boundary, after the step: tickets, cancels and commits of the avatars here. */
  afterStep(world: World): void {
    const { partition, border, handoffMargin } = this.#zones;
    const now = this.#now();
    for (const p of this.#players.values()) {
      if (p.place !== "here") continue;
      const e = this.#zones.avatarOf(world, p.id);
      if (e < 0 || !this.#zones.position(world, e, this.#xy)) continue;
      const x = this.#xy[0]!;
      const y = this.#xy[1]!;
      const d = p.departure;
      const at = partition.zoneAt(x, y);
      if (!d) {
        // The zone it stands in, or else the nearest one it is close to.
        const to = at !== this.#id ? at : this.#nearest(x, y, border);
        if (to !== undefined) this.#issue(p, to, now);
      } else if (
        (at !== this.#id && at !== d.to) ||
        partition.distance(d.to, x, y) > border + handoffMargin
      ) {
        // It went round a corner into a third zone, or turned back: that ticket is off.
        this.cancel(d.to, d.nonce);
        p.departure = undefined;
      } else if (
        at === d.to &&
        partition.distance(this.#id, x, y) >= handoffMargin &&
        covers(p.line.applied, d.firstSeq)
      ) {
        this.#commit(world, p, e);
      }
    }
  }

  /** The neighbour whose area is nearest (x, y), if within `band` of it. */
  #nearest(x: number, y: number, band: number): ZoneId | undefined {
    const { partition } = this.#zones;
    let best: ZoneId | undefined;
    let bestDistance = band;
    for (const n of partition.neighbours(this.#id)) {
      const d = partition.distance(n, x, y);
      if (d <= bestDistance) {
        best = n;
        bestDistance = d;
      }
    }
    return best;
  }

  #issue(p: ZonePlayer<Input>, to: ZoneId, now: number): void {
    const nonce = this.#nonce();
    const ttlMs = this.#zones.ticketTtlMs;
    p.departure = { to, nonce, expiresAt: now + ttlMs, ticketed: false, firstSeq: NO_WORLD_SEQ };
    const info = this.#room.players().find((i) => i.playerId === p.id);
    const name = info?.name ?? "";
    const accountId = info?.accountId;
    this.#sink.toZone(to, {
      type: "expect",
      from: this.#id,
      nonce,
      name,
      ttlMs,
      ...(accountId === undefined ? {} : { accountId }),
    });
    // A restart must still know the ticket it may hand out (ZoneSink.persist).
    this.#sink.persist?.();
  }

  /**
   * Authority moves at this tick boundary: the avatar's state after input `applied` goes to
   * the next zone, the game forgets the player's avatar here, and a frozen ghost stands in
   * for it until the next zone says which entity it became.
   */
  #commit(world: World, p: ZonePlayer<Input>, e: number): void {
    const d = p.departure!;
    const record = recordEntity(world, e, carriedComponents(this.#game as ZonedGame<unknown>));
    const key = -1 - this.#placeholderKeys++;
    const entry = ghostEntryOf(world, this.#game.schema, e, key);
    const carry = this.#sink.carryOut?.(p.id);
    const lastSeq = p.line.applied;
    this.#sink.toZone(d.to, {
      type: "commit",
      from: this.#id,
      nonce: d.nonce,
      lastSeq,
      entity: e,
      record,
      ...(carry === undefined ? {} : { carry }),
    });
    p.place = "gone";
    this.#game.removePlayer(world, p.id);
    const stand = world.spawn();
    for (const c of entry.components) world.add(stand, this.#game.schema.components[c.index]!);
    this.#mirror.adopt(d.to, key, stand, entry);
    this.#mirror.reassert();
    this.#placeholders.set(d.nonce, { to: d.to, key });
    if (p.conn !== undefined) this.#sink.send(p.conn, encodeSwitchFrame(d.to, lastSeq));
    // Authority left: stored before the commit leaves (ZoneSink.persist), or a restart
    // would bring the avatar back here while the next zone simulates it.
    this.#sink.persist?.();
  }

  /** The next zone owns the avatar: the placeholder takes its id, the old link closes. */
  adopted(nonce: string, from: ZoneId, entity: number, now: number): void {
    const stand = this.#placeholders.get(nonce);
    if (stand) {
      this.#placeholders.delete(nonce);
      this.#mirror.rekey(stand.to, stand.key, entity);
    }
    for (const p of this.#players.values()) {
      if (p.departure?.nonce !== nonce || p.place !== "gone") continue;
      if (p.conn !== undefined) {
        const conn = p.conn;
        this.#room.disconnect(conn, now, false);
        this.#sink.close(conn, CLOSE.NORMAL.code, `moved to zone ${from}`);
      }
      return;
    }
  }
}

/**
 * Whether a zone that applied up to `applied` may hand off to one buffering from
 * `firstSeq`: the next zone must hold every input after the last one applied here.
 */
function covers(applied: number, firstSeq: number): boolean {
  if (firstSeq === NO_WORLD_SEQ) return false;
  if (applied === NO_WORLD_SEQ) return firstSeq === 0;
  return !seqAfter((firstSeq - 1) >>> 0, applied);
}
