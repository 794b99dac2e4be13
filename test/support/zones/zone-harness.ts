// Several zone cores of one world and their players' world clients in one process, on a
// manual clock: `step(ms)` advances time 1 ms at a time, delivers what is due on every
// client–zone link (seeded simulated transports: latency, jitter, retransmissions) and
// every zone–zone link (ordered, with latency, as DO-to-DO calls are), and updates every
// zone and client. It keeps the books the invariants are checked against: every world
// input each zone applied, per player name. Tests only.

import { resolveNetcodeOptions } from "../../../client/src/netcode-options.js";
import { SimulatedLink } from "../../../client/src/simulated-link.js";
import {
  type SimulatedTransportOptions,
  type SimulatedTransportPair,
  simulatedTransportPair,
} from "../../../client/src/transport/simulated-transport.js";
import { WorldClient } from "../../../client/src/zones/world-client.js";
import { decodeClientMessage } from "../../../shared/protocol/client-messages.js";
import { CLOSE } from "../../../shared/protocol/close-codes.js";
import { NO_JOIN_CONTEXT } from "../../../shared/room/room-handshake.js";
import type { ConnectionId } from "../../../shared/room/room-sink.js";
import { ZoneCore, type ZoneSink } from "../../../shared/zones/zone-core.js";
import type { ZoneId } from "../../../shared/zones/zone-grid.js";
import type { CommitMessage, ZoneMessage } from "../../../shared/zones/zone-messages.js";
import type { ZoneSnapshot } from "../../../shared/zones/zone-snapshot.js";
import type { ZonedGame } from "../../../shared/zones/zoned-game.js";

/** Settings of a {@link ZoneHarness}. */
export interface ZoneHarnessOptions {
  /** Every client–zone link (seeds vary per dial). */
  readonly link?: SimulatedTransportOptions;
  /** One-way delay of zone–zone messages, ms. @default 5 */
  readonly zoneLatencyMs?: number;
  readonly seed?: number;
  /**
   * How often the players' frame loops run (update + render), ms: a late or slow loop runs
   * several input ticks per frame. @default 1
   */
  readonly frameEveryMs?: number;
  /** Whether the clients predict their avatars (the game's `netcode.predicted`). @default false */
  readonly prediction?: boolean;
  /** How a client finds its own avatar in a mirror (WorldClientOptions.avatarOf). */
  readonly avatarOf?: (
    name: string,
  ) => (world: import("../../../shared/world/world.js").World) => number;
}

/** One zone and the links its host accepted. */
export interface HarnessZone<Input> {
  readonly core: ZoneCore<Input>;
  readonly links: Map<ConnectionId, SimulatedTransportPair>;
}

/** A player: its world client. */
export interface HarnessPlayer<Input> {
  readonly name: string;
  readonly world: WorldClient<Input>;
  /** The transports it dialled, newest last (sever one to drop a link). */
  readonly dialled: { zone: ZoneId; pair: SimulatedTransportPair }[];
}

/** A world of zones and its players on a manual clock. */
export class ZoneHarness<Input> {
  now = 1_000;
  readonly zones = new Map<ZoneId, HarnessZone<Input>>();
  readonly players: HarnessPlayer<Input>[] = [];
  /** World inputs applied, per player name, in the order zones applied them. */
  readonly applied = new Map<string, number[]>();
  /** Beside each entry of `applied`: the zone that applied it, and when. */
  readonly #appliedBy = new Map<string, { zone: ZoneId; at: number }[]>();
  /** Commits whose avatar no zone simulates yet (sent, not adopted), by nonce. */
  readonly inTransit = new Map<string, CommitMessage>();
  /**
   * Each zone's stored snapshot, as a host keeps it: taken every 500 ms and whenever the
   * zone asks (ZoneSink.persist), after the call that asked.
   */
  readonly stored = new Map<ZoneId, ZoneSnapshot>();
  /**
   * Persistent data handed between zones (ZoneSink.carryIn), in order: what carryOut gave
   * (`{ zone, playerId }` of the zone and seat it left) and the seat that took it (-1: none).
   */
  readonly carried: { zone: ZoneId; playerId: number; carry: unknown }[] = [];
  /** Per handoff: ms from the commit (old zone) to the adoption (new zone). */
  readonly handoffMs: number[] = [];
  readonly #committedAt = new Map<string, number>();
  readonly #game: ZonedGame<Input>;
  readonly #options: ZoneHarnessOptions;
  readonly #zoneLinks = new Map<string, SimulatedLink<{ to: ZoneId; msg: ZoneMessage }>>();
  readonly #pairs: SimulatedTransportPair[] = [];
  #dials = 0;
  readonly #persist = new Set<ZoneId>();

  constructor(game: ZonedGame<Input>, options: ZoneHarnessOptions = {}) {
    this.#game = game;
    this.#options = options;
    const grid = new ZoneCore(game, { worldId: "w", zoneId: "0.0" }, this.#sinkFor("0.0"));
    for (const id of grid.zones.partition.ids) {
      const core =
        id === "0.0" ? grid : new ZoneCore(game, { worldId: "w", zoneId: id }, this.#sinkFor(id));
      this.zones.set(id, { core, links: new Map() });
    }
  }

  /** A player joins zone `zone` (placement's choice) with an access token. */
  join(name: string, zone: ZoneId): HarnessPlayer<Input> {
    const dialled: HarnessPlayer<Input>["dialled"] = [];
    const find = this.#options.avatarOf?.(name);
    const world = new WorldClient(this.#game, {
      sendRate: 30,
      maxInputsPerFrame: 8,
      pingIntervalMs: 1000,
      netcode: resolveNetcodeOptions({
        prediction: { enabled: this.#options.prediction ?? false },
      }),
      name,
      clock: () => this.now,
      dial: (to, token) => {
        const pair = this.#accept(to, token);
        dialled.push({ zone: to, pair });
        return pair.a;
      },
      ...(find ? { avatarOf: (w) => find(w) } : {}),
    });
    const player = { name, world, dialled };
    this.players.push(player);
    this.applied.set(name, []);
    this.#appliedBy.set(name, []);
    world.start(zone, "access-token");
    return player;
  }

  /**
   * Cuts `player`'s link to its current zone as a network failure would (1006, retryable):
   * the zone keeps the player for its grace period, the world client redials and resumes.
   */
  sever(player: HarnessPlayer<Input>): void {
    const zone = player.world.zone;
    const link = player.dialled.findLast((d) => d.zone === zone);
    link?.pair.sever(1006, "link cut");
  }

  /**
   * Restarts zone `id` as a deploy restarts its object: every socket drops (1001, retryable)
   * and a new core continues from `snapshot` (by default the one last stored), through a
   * structured clone as storage gives it back; with null the zone starts fresh.
   */
  restart(id: ZoneId, snapshot: ZoneSnapshot | null = this.stored.get(id) ?? null): void {
    const old = this.zones.get(id)!;
    for (const pair of old.links.values()) pair.sever(1001, "deploy");
    // World inputs the zone applied after its snapshot are undone: the zone applies them
    // again as its players' clients send them again.
    if (snapshot) this.#rollBack(id, snapshot.savedAt);
    // A commit the snapshot holds is in transit again: no zone simulates its avatar until
    // the restored zone adopts it at its first tick boundary.
    for (const c of snapshot?.zone?.commits ?? []) this.inTransit.set(c.nonce, c);
    const restore = snapshot ? { snapshot: structuredClone(snapshot), now: this.now } : undefined;
    const core = new ZoneCore(
      this.#game,
      { worldId: "w", zoneId: id },
      this.#sinkFor(id),
      {},
      restore,
    );
    this.zones.set(id, { core, links: new Map() });
  }

  /** Advances the clock by `ms`, 1 ms at a time. */
  step(ms: number): void {
    for (let i = 0; i < ms; i++) {
      this.now++;
      for (const pair of this.#pairs) pair.poll(this.now);
      for (const link of this.#zoneLinks.values())
        for (const { to, msg } of link.poll(this.now)) {
          this.zones.get(to)!.core.fromZone(msg, this.now);
        }
      for (const z of this.zones.values()) z.core.update(this.now);
      for (const [id, z] of this.zones)
        if (this.#persist.delete(id) || this.now % 500 === 0)
          this.stored.set(id, z.core.snapshot(this.now));
      if (this.now % (this.#options.frameEveryMs ?? 1) !== 0) continue;
      for (const p of this.players) {
        p.world.update(this.now);
        p.world.render(this.now);
      }
    }
  }

  /** Ends player `playerId`'s seat in zone `id` for good, as its client closing (1000) would. */
  leave(id: ZoneId, playerId: number): void {
    const z = this.zones.get(id)!;
    for (const [conn] of z.links)
      if (z.core.room.playerOf(conn)?.playerId === playerId)
        z.core.disconnect(conn, this.now, false);
  }

  /** A client–zone link as a zone host accepts it: frames in, the sink's frames out. */
  #accept(zone: ZoneId, _token: string): SimulatedTransportPair {
    const seed = (this.#options.seed ?? 1) * 7919 + this.#dials++;
    const pair = simulatedTransportPair({ ...this.#options.link, unreliableChannel: false, seed });
    const z = this.zones.get(zone)!;
    const conn = `c${this.#dials}`;
    let said = false;
    const end = pair.b;
    end.onopen = () => {
      z.links.set(conn, pair);
      z.core.open(conn, this.now);
    };
    end.onmessage = (bytes) => {
      if (!said) {
        said = true;
        const hello = decodeClientMessage(bytes, this.#game.input.bytes);
        if (hello.ok && hello.value.type === "hello")
          return z.core.hello(conn, hello.value, NO_JOIN_CONTEXT, this.now);
      }
      z.core.receive(conn, bytes, this.now);
    };
    // As a zone host does: a clean close (1000) ends the player, any other may resume.
    end.onclose = (code) => {
      if (z.links.delete(conn)) z.core.disconnect(conn, this.now, code !== CLOSE.NORMAL.code);
    };
    this.#pairs.push(pair);
    return pair;
  }

  /** Forgets the world inputs zone `id` applied after `savedAt` (its restore undid them). */
  #rollBack(id: ZoneId, savedAt: number): void {
    for (const [name, by] of this.#appliedBy) {
      const seqs = this.applied.get(name)!;
      for (let i = by.length - 1; i >= 0; i--) {
        if (by[i]!.zone !== id || by[i]!.at <= savedAt) continue;
        by.splice(i, 1);
        seqs.splice(i, 1);
      }
    }
  }

  #sinkFor(id: ZoneId): ZoneSink {
    const latency = this.#options.zoneLatencyMs ?? 5;
    const harness = this;
    return {
      send(conn, bytes) {
        harness.zones.get(id)!.links.get(conn)?.b.send(bytes.slice());
      },
      close(conn, code, reason) {
        const pair = harness.zones.get(id)!.links.get(conn);
        harness.zones.get(id)!.links.delete(conn);
        pair?.b.close(code, reason);
      },
      setTicking() {},
      toZone(to, msg) {
        const key = `${id}>${to}`;
        let link = harness.#zoneLinks.get(key);
        if (!link) {
          link = new SimulatedLink({ latencyMs: latency, ordered: true });
          harness.#zoneLinks.set(key, link);
        }
        // In transit from the commit until the next zone adopts the avatar (its tick boundary).
        if (msg.type === "commit") {
          harness.inTransit.set(msg.nonce, msg);
          harness.#committedAt.set(msg.nonce, harness.now);
        }
        if (msg.type === "adopted") {
          harness.inTransit.delete(msg.nonce);
          const at = harness.#committedAt.get(msg.nonce);
          if (at !== undefined) harness.handoffMs.push(harness.now - at);
        }
        link.send({ to, msg }, harness.now);
      },
      persist() {
        harness.#persist.add(id);
      },
      carryOut: (playerId) => ({ zone: id, playerId }),
      carryIn(playerId, carry) {
        harness.carried.push({ zone: id, playerId, carry });
      },
      inputApplied(playerId, seq) {
        const name = harness.zones
          .get(id)!
          .core.room.players()
          .find((p) => p.playerId === playerId)?.name;
        if (name === undefined) return;
        harness.applied.get(name)?.push(seq);
        harness.#appliedBy.get(name)?.push({ zone: id, at: harness.now });
      },
    };
  }
}
