// The zone's players and their handoffs, on both sides. As the current zone it issues a
// ticket when an avatar enters the band along a neighbour's edge, and commits at a tick
// boundary once the avatar is past the edge by the margin and the next zone buffers every
// input after the last one applied here; as the next zone it parks the ticket's player,
// buffers its inputs, and adopts the avatar at its own next tick boundary. Invariants
// (test/zones/zone-handoff.property.test.ts): every world input is applied exactly once, in
// order; a player's avatar is simulated by exactly one zone at a time.

import type { HelloMessage } from "../protocol/client-messages.js";
import { CLOSE } from "../protocol/close-codes.js";
import type { RoomCore } from "../room/room-core.js";
import type { ConnectionId } from "../room/room-sink.js";
import type { World } from "../world/world.js";
import { applyRecord, carriedComponents } from "./entity-record.js";
import type { GhostOrigin } from "./ghost-batch.js";
import type { GhostMirror } from "./ghost-mirror.js";
import type { ZoneSink } from "./zone-core.js";
import { ZoneDepartures } from "./zone-departures.js";
import { encodeResumeFrame, encodeSwitchFrame, encodeTicketFrame } from "./zone-frames.js";
import type { ZoneId } from "./zone-grid.js";
import { NO_WORLD_SEQ, ZONE_INPUT_WINDOW, type ZoneInput } from "./zone-input.js";
import type { CommitMessage, ZoneMessage } from "./zone-messages.js";
import { type Arrival, type AvatarPlace, newZonePlayer, type ZonePlayer } from "./zone-player.js";
import type { ZoneDump } from "./zone-snapshot.js";
import { decodeTicket } from "./zone-ticket.js";
import type { ResolvedZones, ZonedGame } from "./zoned-game.js";

/** A ticket another zone told this one to expect. */
interface Expected {
  readonly from: ZoneId;
  readonly expiresAt: number;
}

/** Seats, inputs and handoffs of one zone's players. */
export class ZoneHandoffs<Input> {
  readonly #game: ZonedGame<Input>;
  readonly #zones: ResolvedZones;
  readonly #id: ZoneId;
  readonly #room: RoomCore<ZoneInput<Input>>;
  readonly #mirror: GhostMirror;
  readonly #sink: ZoneSink;
  readonly #now: () => number;
  readonly #players = new Map<number, ZonePlayer<Input>>();
  readonly #expected = new Map<string, Expected>();
  /** The ticket of the HELLO being admitted (set around RoomCore.hello). */
  #arriving: Arrival | undefined;
  /** The player the HELLO being admitted seated (undefined: a resume, or a refusal). */
  #seatedNow: number | undefined;
  /** Travellers here by ticket nonce (a resume presents the ticket again). */
  readonly #byNonce = new Map<string, number>();
  /** Commits waiting for the next tick boundary. */
  readonly #commits: CommitMessage[] = [];
  /**
   * Avatars adopted lately and where they were: ghost batches name the origin for a few
   * batches (ghost-batch.ts, WAS), so third zones keep their ghost of it. Ticks left, by entity.
   */
  readonly #origins = new Map<number, { readonly was: GhostOrigin; ticks: number }>();
  /** Inputs a parked player's line holds: its ticket's lifetime, twice, and a window. */
  readonly #lineCapacity: number;
  readonly #applied = new Map<number, Input>();
  /** The outgoing side: tickets and commits (zone-departures.ts). */
  readonly #departures: ZoneDepartures<Input>;

  constructor(
    game: ZonedGame<Input>,
    zones: ResolvedZones,
    id: ZoneId,
    room: RoomCore<ZoneInput<Input>>,
    mirror: GhostMirror,
    sink: ZoneSink,
    nonce: () => string,
    now: () => number,
  ) {
    this.#game = game;
    this.#zones = zones;
    this.#id = id;
    this.#room = room;
    this.#mirror = mirror;
    this.#sink = sink;
    this.#now = now;
    const players = this.#players;
    this.#departures = new ZoneDepartures({
      game,
      zones,
      id,
      room,
      mirror,
      sink,
      players,
      nonce,
      now,
    });
    const ticks = Math.ceil((zones.ticketTtlMs / 1000) * room.options.tickRate);
    this.#lineCapacity = 2 * ticks + ZONE_INPUT_WINDOW;
  }

  /** The players and expected tickets, for a snapshot (zone-snapshot.ts). */
  dump(): Pick<ZoneDump, "players" | "expected" | "commits"> {
    const players = [...this.#players.values()].map((p) => ({
      id: p.id,
      place: p.place,
      applied: p.line.applied,
      ...(p.departure ? { departure: { ...p.departure } } : {}),
      ...(p.arrival ? { arrival: { ...p.arrival } } : {}),
    }));
    const expected = [...this.#expected].map(([nonce, e]) => ({ nonce, ...e }));
    return { players, expected, commits: [...this.#commits] };
  }

  /**
   * Continues from a snapshot's players (their room restored them, disconnected). A line
   * starts after the last input applied; what a parked traveller had buffered is gone, and
   * its client resends it on resume (ZONE_RESUME).
   */
  load(dump: Pick<ZoneDump, "players" | "expected" | "commits">): void {
    this.#commits.push(...dump.commits);
    for (const d of dump.players) {
      const p = newZonePlayer(d.id, d.place, this.#game.idleInput, this.#lineCapacity);
      if (d.applied !== NO_WORLD_SEQ) p.line.startAfter(d.applied);
      if (d.departure) p.departure = { ...d.departure };
      if (d.arrival) {
        p.arrival = { ...d.arrival };
        this.#byNonce.set(d.arrival.nonce, d.id);
      }
      this.#players.set(d.id, p);
    }
    for (const e of dump.expected)
      this.#expected.set(e.nonce, { from: e.from, expiresAt: e.expiresAt });
  }

  /** Whether player `id` is one of this zone's (a re-attached socket's player may not be). */
  has(id: number): boolean {
    return this.#players.has(id);
  }

  /** Whether ticket `nonce` is expected and live at `now`. */
  expects(nonce: string, now: number): boolean {
    const e = this.#expected.get(nonce);
    return e !== undefined && e.expiresAt > now;
  }

  /** Where player `id`'s avatar is, for this zone (undefined: no such player). */
  placeOf(id: number): AvatarPlace | undefined {
    return this.#players.get(id)?.place;
  }

  /** Players by place. */
  counts(): { players: number; arriving: number; departing: number } {
    let players = 0;
    let arriving = 0;
    let departing = 0;
    for (const p of this.#players.values()) {
      if (p.place === "here") players++;
      if (p.place === "parked") arriving++;
      if (p.place === "here" && p.departure) departing++;
    }
    return { players, arriving, departing };
  }

  /**
   * A ticket's HELLO: true when it may go on to the room (an expected live ticket, taken; or
   * a traveller here presenting it again with its resume token).
   */
  arrive(msg: HelloMessage, now: number): boolean {
    const t = decodeTicket(msg.token);
    if (!t.ok || t.value.to !== this.#id) return false;
    const { nonce } = t.value;
    if (this.#byNonce.has(nonce)) return msg.resume !== "";
    const e = this.#expected.get(nonce);
    if (!e || e.expiresAt <= now) return false;
    this.#expected.delete(nonce);
    this.#arriving = { from: e.from, nonce, parkedSent: false };
    return true;
  }

  /** The room seated player `id`: true when it is the arriving traveller (parked). */
  seated(id: number): boolean {
    const arrival = this.#arriving;
    const p = newZonePlayer(
      id,
      arrival ? "parked" : "here",
      this.#game.idleInput,
      this.#lineCapacity,
    );
    this.#players.set(id, p);
    this.#seatedNow = id;
    if (!arrival) return false;
    p.arrival = arrival;
    this.#byNonce.set(arrival.nonce, id);
    this.#arriving = undefined;
    return true;
  }

  /** The HELLO of `conn` was handled; `id` is its player if admitted (a join or a resume). */
  linked(conn: ConnectionId, id: number | undefined): void {
    this.#arriving = undefined;
    const fresh = this.#seatedNow;
    this.#seatedNow = undefined;
    const p = id === undefined ? undefined : this.#players.get(id);
    if (!p) return;
    p.conn = conn;
    // The room dropped what the old link had queued: the client sends again what follows.
    if (id !== fresh) this.#sink.send(conn, encodeResumeFrame(p.line.newest));
    // A resumed link lost what the old one had not delivered: say it again.
    const d = p.departure;
    // (Only a ticket the next zone expects: sent before, its HELLO would be refused.)
    if (d?.ticketed && p.place === "here")
      this.#sink.send(conn, encodeTicketFrame(this.#departures.ticket(d.to, d.nonce)));
    if (d && p.place === "gone") this.#sink.send(conn, encodeSwitchFrame(d.to, p.line.applied));
  }

  /** Player `id`'s link `conn` closed: nothing more is sent on it. */
  unlinked(id: number, conn: ConnectionId): void {
    const p = this.#players.get(id);
    if (p?.conn === conn) p.conn = undefined;
  }

  /** Whether player `id`'s avatar is simulated here. */
  hasAvatar(id: number): boolean {
    return this.#players.get(id)?.place === "here";
  }

  /** Player `id` left the room for good: a handoff it was part of is off. */
  left(id: number): void {
    const p = this.#players.get(id);
    if (!p) return;
    this.#players.delete(id);
    if (p.place === "here" && p.departure)
      this.#departures.cancel(p.departure.to, p.departure.nonce);
    if (p.arrival) {
      this.#byNonce.delete(p.arrival.nonce);
      if (p.place === "parked") this.#departures.cancel(p.arrival.from, p.arrival.nonce);
    }
  }

  /** The inputs of the game's step: each here-player's next world input, in order. */
  inputs(room: ReadonlyMap<number, ZoneInput<Input>>): ReadonlyMap<number, Input> {
    const out = this.#applied;
    out.clear();
    for (const [id, zi] of room) {
      const p = this.#players.get(id);
      if (!p || p.place === "gone") continue;
      p.line.offer(zi);
      if (p.place === "parked") {
        const a = p.arrival!;
        if (!a.parkedSent && p.line.size > 0) {
          a.parkedSent = true;
          const firstSeq = p.line.firstQueued;
          this.#sink.toZone(a.from, { type: "parked", from: this.#id, nonce: a.nonce, firstSeq });
          // The issuer commits on this word: a restart must not forget the traveller.
          this.#sink.persist?.();
        }
        continue;
      }
      const next = p.line.take();
      if (next !== undefined) {
        p.last = next;
        this.#sink.inputApplied?.(id, p.line.applied);
      }
      out.set(id, p.last);
    }
    return out;
  }

  /**
   * Drops the tickets no client used by `now`, both ways. A ticket in use (its client parked
   * in the next zone) lasts while the avatar stays near the edge: a player standing there
   * keeps its standby link rather than redialling every ticketTtlMs.
   */
  expire(now: number): void {
    for (const [nonce, e] of this.#expected) if (e.expiresAt <= now) this.#expected.delete(nonce);
    for (const p of this.#players.values()) {
      const d = p.departure;
      if (p.place !== "here" || !d || d.firstSeq !== NO_WORLD_SEQ || d.expiresAt > now) continue;
      this.#departures.cancel(d.to, d.nonce);
      p.departure = undefined;
    }
  }

  /** A neighbour's handoff message (ghost batches go to the mirror). */
  fromZone(msg: Exclude<ZoneMessage, { type: "ghosts" }>, now: number): void {
    switch (msg.type) {
      case "expect":
        this.#expected.set(msg.nonce, { from: msg.from, expiresAt: now + msg.ttlMs });
        this.#sink.toZone(msg.from, { type: "expecting", from: this.#id, nonce: msg.nonce });
        // The issuer hands out the ticket on this word: a restart must still expect it.
        this.#sink.persist?.();
        return;
      case "expecting": {
        const p = this.#departures.departing(msg.nonce);
        if (!p) return;
        p.departure!.ticketed = true;
        const ticket = this.#departures.ticket(p.departure!.to, msg.nonce);
        if (p.conn !== undefined) this.#sink.send(p.conn, encodeTicketFrame(ticket));
        // Kept, so a restart says the ticket again on its player's resume.
        this.#sink.persist?.();
        return;
      }
      case "parked": {
        const p = this.#departures.departing(msg.nonce);
        if (!p) return;
        p.departure!.firstSeq = msg.firstSeq;
        // Kept, or a restart would wait out the ticket's lifetime before handing off.
        this.#sink.persist?.();
        return;
      }
      case "commit":
        this.#commits.push(msg);
        this.#mirror.pin(msg.from, msg.entity);
        // Authority arrived: stored before anything else leaves (ZoneSink.persist).
        this.#sink.persist?.();
        return;
      case "adopted":
        return this.#departures.adopted(msg.nonce, msg.from, msg.entity, now);
      case "cancel": {
        const out = this.#departures.departing(msg.nonce);
        if (out) out.departure = undefined;
        this.#expected.delete(msg.nonce);
        const id = this.#byNonce.get(msg.nonce);
        const p = id === undefined ? undefined : this.#players.get(id);
        if (p?.place === "parked") this.#closeParked(p, "handoff cancelled");
      }
    }
  }

  /**
   * Tick boundary, before the step: committed avatars become this zone's. Returns the zones
   * they came from (each holds a placeholder until this zone's ghosts name the avatar or
   * leave it out: zone-ghost-sender.ts owes them a batch).
   */
  adoptArrivals(): ZoneId[] {
    const from: ZoneId[] = [];
    const world = this.#room.world;
    for (const c of this.#commits.splice(0)) {
      const id = this.#byNonce.get(c.nonce);
      const p = id === undefined ? undefined : this.#players.get(id);
      if (p?.place !== "parked") {
        // Its client left between parking and the commit: the player left the world, and
        // the ghost of its avatar goes too.
        const ghost = this.#mirror.release(c.from, c.entity);
        if (ghost >= 0) world.despawn(ghost);
        // Its persistent data came along and its old zone forgot it: the host saves it and
        // lets it go (carryIn with no seat here).
        if (c.carry !== undefined) this.#sink.carryIn?.(-1, c.carry);
        this.#sink.toZone(c.from, { type: "adopted", from: this.#id, nonce: c.nonce, entity: -1 });
        continue;
      }
      // The ghost of the avatar, if held, becomes the avatar: same entity on every screen.
      let e = this.#mirror.release(c.from, c.entity);
      if (e < 0) e = world.spawn();
      applyRecord(world, e, c.record, carriedComponents(this.#game as ZonedGame<unknown>));
      p.place = "here";
      p.line.startAfter(c.lastSeq);
      this.#zones.adoptAvatar?.(world, e, p.id);
      const ticks = 4 * this.#zones.ghostEveryTicks;
      this.#origins.set(e, { was: { zone: c.from, key: c.entity }, ticks });
      if (c.carry !== undefined) this.#sink.carryIn?.(p.id, c.carry);
      this.#sink.toZone(c.from, { type: "adopted", from: this.#id, nonce: c.nonce, entity: e });
      from.push(c.from);
    }
    return from;
  }

  /** Where entity `e` was before a handoff brought it here lately (ghost batches say it). */
  wasOf(e: number): GhostOrigin | undefined {
    return this.#origins.get(e)?.was;
  }

  /** Tick boundary, after the step: tickets, cancels and commits of the avatars here. */
  afterStep(world: World): void {
    for (const [e, o] of this.#origins) if (--o.ticks < 0) this.#origins.delete(e);
    this.#departures.afterStep(world);
  }

  #closeParked(p: ZonePlayer<Input>, reason: string): void {
    const conn = p.conn;
    if (conn === undefined) return;
    this.#room.disconnect(conn, this.#now(), false);
    this.#sink.close(conn, CLOSE.NORMAL.code, reason);
  }
}
