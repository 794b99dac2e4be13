// RoomZone: what a GameRoom adds when it is a zone of a world (its configuration names one,
// server/worlds): the zone core (shared/zones) in place of a plain RoomCore, its links to
// the neighbouring zones' objects (ZoneLinks out, ZoneInbox in, over RPC), the travellers a
// neighbour announced (zone-travellers.ts: a zone ticket's HELLO is admitted as that account
// without a signature: its nonce came over RPC from the zone that issued it), and the world-state
// outbox (zone visits and load reports, sent off the tick), and what a restart continues
// from (zone-persistence.ts). The room host stays one class: it drives `driver` as it drives
// a RoomCore and calls the few hooks below; zone-setup.ts builds it from the room's
// configuration.

import { openZone, type ZonePlacement, zoneRoomName } from "../../server/worlds/world-zones.js";
import type { HelloMessage } from "../../shared/protocol/client-messages.js";
import type { RoomOptions } from "../../shared/room/room-options.js";
import type { RoomSink } from "../../shared/room/room-sink.js";
import { ZoneCore } from "../../shared/zones/zone-core.js";
import type { ZoneId } from "../../shared/zones/zone-grid.js";
import type { ZoneSnapshot } from "../../shared/zones/zone-snapshot.js";
import type { ZonedGame } from "../../shared/zones/zoned-game.js";
import { WorldStateOutbox } from "../world-state/world-state-outbox.js";
import type { HeldData } from "./account-data.js";
import type { InputStint } from "./zone-input-ledger.js";
import { type LinkBatch, type LinkCounts, ZoneInbox, ZoneLinks } from "./zone-links.js";
import {
  heldDocuments,
  type RoomDriver,
  ZONE_DOCUMENTS_KEY,
  ZonePersistence,
} from "./zone-persistence.js";
import type { ZoneCarrier, ZoneEnv, ZoneStorage } from "./zone-setup.js";
import { ZONE_TALLY_KEY, ZoneTally } from "./zone-tally.js";
import { type Traveller, ZONE_TRAVELLERS_KEY, ZoneTravellers } from "./zone-travellers.js";

/** How often a zone reports its load to the world, ms (and sends its visits). */
export const ZONE_REPORT_MS = 2_000;

/** A zone's figures (GET /v1/admin/worlds/:worldId/zones/:zoneId, bench:zones). */
export interface ZoneFigures {
  readonly zoneId: string;
  readonly tick: number;
  readonly players: number;
  readonly arriving: number;
  readonly departing: number;
  readonly ghosts: number;
  /** Ghost batch bytes sent to neighbours over RPC (resends excluded). */
  readonly ghostBytesSent: number;
  readonly links: LinkCounts;
  readonly stints: readonly InputStint[];
  /**
   * Handoffs out of this zone, commit sent -> adoption received, ms (the newest
   * MAX_HANDOFF_SAMPLES, zone-tally.ts): how long the avatar's authority was in flight
   * between objects.
   */
  readonly handoffMs: readonly number[];
}

/** The zone part of a GameRoom. */
export class RoomZone {
  readonly core: ZoneCore<unknown>;
  /** What the host drives the zone's connections and clock through. */
  readonly driver: RoomDriver;
  readonly persistence: ZonePersistence;
  readonly links: ZoneLinks;
  readonly #tally: ZoneTally;
  readonly #place: ZonePlacement;
  readonly #inbox = new ZoneInbox();
  readonly #outbox: WorldStateOutbox | undefined;
  /** The travellers neighbours announced, and those that arrived (zone-travellers.ts). */
  readonly #travellers: ZoneTravellers;
  readonly #carrier: ZoneCarrier;
  /** The documents held at the restored snapshot, until the host's player data takes them. */
  #kept: readonly HeldData[];
  #reportedAt = 0;
  /**
   * Every flush's calls so far: an idle zone keeps its tally once all of them settled (a
   * message queued behind a call in flight leaves when that call settles, possibly one a
   * tick's flush started).
   */
  #calls: Promise<unknown> = Promise.resolve();

  /**
   * @param run unique per start of the object: its links and outbox number their calls in it
   */
  constructor(
    env: ZoneEnv,
    place: ZonePlacement,
    game: ZonedGame<unknown>,
    sink: RoomSink,
    options: RoomOptions,
    run: string,
    kept: ZoneStorage,
    carrier: ZoneCarrier,
  ) {
    this.#place = place;
    this.#carrier = carrier;
    const opened = new Set<ZoneId>();
    // A neighbour is made (in this zone's region) before the first message it is sent: a
    // traveller's next zone may not exist yet.
    this.links = new ZoneLinks(place.zoneId, run, async (to, batch) => {
      const neighbour: ZonePlacement = { ...place, zoneId: to };
      if (!opened.has(to)) {
        await openZone(env.GAME_ROOM, neighbour);
        opened.add(to);
      }
      const name = zoneRoomName(place.worldId, to);
      await env.GAME_ROOM.get(env.GAME_ROOM.idFromName(name)).zoneDeliver(name, batch);
    });
    // A restarted zone's object reads back its tally (kept with its snapshot, and when it emptied).
    this.#tally = new ZoneTally(kept.store, this.links.counts);
    const worlds = env.WORLD_STATE;
    this.#outbox =
      worlds &&
      new WorldStateOutbox(place.zoneId, run, (batch) =>
        worlds.get(worlds.idFromName(place.worldId)).apply(batch),
      );
    const restored = (kept.saved?.snapshot as ZoneSnapshot | undefined)?.zone !== undefined;
    const travellers = restored ? kept.store.get<[string, Traveller][]>(ZONE_TRAVELLERS_KEY) : [];
    this.#travellers = new ZoneTravellers(travellers);
    this.core = new ZoneCore(
      game,
      { worldId: place.worldId, zoneId: place.zoneId },
      {
        ...sink,
        toZone: (to, msg) => {
          if (msg.type === "commit") this.#tally.committed(msg.nonce, Date.now());
          this.links.send(to, msg);
        },
        inputApplied: (playerId, seq) => this.#tally.ledger.applied(playerId, seq),
        carryOut: (playerId) => carrier.carryOut(playerId),
        carryIn: (playerId, carry) => carrier.carryIn(playerId, carry),
        persist: () => this.persistence.ask(),
      },
      options,
      // A room's snapshot has no zone part: the zone core starts fresh from it.
      kept.saved,
    );
    this.#kept = restored ? heldDocuments(kept.store.get(ZONE_DOCUMENTS_KEY)) : [];
    this.persistence = new ZonePersistence(
      kept.storage,
      () => this.core.snapshot(Date.now()),
      this.core.room.options.snapshotIntervalMs,
      () => ({
        [ZONE_TALLY_KEY]: this.#tally.kept(),
        [ZONE_DOCUMENTS_KEY]: carrier.held(),
        [ZONE_TRAVELLERS_KEY]: this.#travellers.entries(),
      }),
    );
    this.driver = this.persistence.driver(this.core);
  }

  /**
   * The host's player data exists: a restored zone hands it the documents it held at its
   * snapshot (their seats resume without a second onLoad).
   */
  restoreDocuments(): void {
    const kept = this.#kept;
    this.#kept = [];
    if (kept.length > 0) this.#carrier.hold(kept);
  }

  /**
   * RPC from a neighbour: its messages, once each, in order. Replies they queue leave at once:
   * a zone nobody is in has no tick to flush them after.
   */
  deliver(batch: LinkBatch, now: number, waitUntil: (work: Promise<unknown>) => void): void {
    if (!this.#inbox.take(batch)) return;
    for (const msg of batch.messages) {
      if (msg.type === "expect" && msg.accountId !== undefined)
        this.#travellers.announce(msg.nonce, msg.accountId, now + msg.ttlMs);
      if (msg.type === "adopted") this.#tally.adopted(msg.nonce, now);
      this.core.fromZone(msg, now);
    }
    // Before the replies leave: a handoff step they answer is stored first.
    this.persistence.saveIfAsked();
    if (this.links.backlog === 0) return;
    const sent = this.#flush(now);
    // An idle zone's replies change its figures after it kept them: kept again once sent.
    waitUntil(this.core.room.ticking ? sent : this.#calls.then(() => this.#tally.keep()));
  }

  /** The account a zone ticket's HELLO admits (zone-travellers.ts); undefined for any other. */
  travellerOf(hello: HelloMessage, now: number): string | undefined {
    return this.#travellers.accountOf(hello, this.core, now);
  }

  /**
   * Player `playerId` of account `accountId` entered the zone (joined or arrived; `resumed`: it
   * came back on a new link, or after a restart): a new stint of its inputs, and unless it
   * resumed a visit on the world's leaderboard.
   */
  entered(accountId: string, name: string, playerId: number, resumed = false): void {
    if (!resumed) this.#outbox?.visit(accountId, name);
    this.#tally.ledger.entered(playerId, accountId);
  }

  /** The zone's figures now. */
  figures(): ZoneFigures {
    const load = this.core.load();
    return {
      zoneId: this.#place.zoneId,
      tick: this.core.room.tick,
      ...load,
      ghostBytesSent: this.links.counts.ghostBytes,
      links: { ...this.links.counts },
      stints: this.#tally.ledger.stints,
      handoffMs: [...this.#tally.handoffMs],
    };
  }

  /** Sends what is queued to the neighbours; `#calls` follows every call started. */
  #flush(now: number): Promise<void> {
    const sent = this.links.flush(now);
    this.#calls = Promise.all([this.#calls, sent]);
    return sent;
  }

  /**
   * After a tick: sends the neighbours what the tick queued and, every ZONE_REPORT_MS (or
   * with `force`, when the zone empties), its load and visits to the world. Never awaited by
   * the tick; `waitUntil` keeps the object alive until the calls settle. An emptied zone
   * also keeps its stints in storage (off the tick: it stopped): workerd evicts an idle object.
   */
  afterUpdate(now: number, waitUntil: (work: Promise<unknown>) => void, force = false): void {
    const sent = this.links.backlog > 0 ? this.#flush(now) : undefined;
    if (sent && !force) waitUntil(sent);
    if (force) {
      this.#tally.keep();
      waitUntil(this.#calls.then(() => this.#tally.keep()));
    }
    if (!this.#outbox || (!force && now - this.#reportedAt < ZONE_REPORT_MS)) return;
    this.#reportedAt = now;
    const load = this.core.load();
    const tickP99Ms = this.core.room.stats(now).window.tickMs?.p99 ?? null;
    this.#outbox.load({
      zoneId: this.#place.zoneId,
      players: load.players + load.arriving,
      tickP99Ms,
      region: this.#place.region.id,
      at: now,
    });
    waitUntil(this.#outbox.flush(now));
  }
}
