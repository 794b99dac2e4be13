// Ghosts out: every `ghostEveryTicks` ticks, each neighbour gets the zone's own entities
// within `border` of its area (never a ghost: a zone speaks only for what it simulates).
// A neighbour that had ghosts gets two empty batches after the last one, so it drops them
// (a receiver drops a ghost left out of a batch two intervals after its last mention,
// ghost-mirror.ts); then nothing more while the edge stays quiet (the bounded rate: quiet
// edges are free).

import { ByteWriter } from "../codec/byte-writer.js";
import type { Entity, World } from "../world/world.js";
import { encodeGhostBatch, type GhostOrigin } from "./ghost-batch.js";
import type { GhostMirror } from "./ghost-mirror.js";
import type { ZoneSink } from "./zone-core.js";
import type { ZoneId } from "./zone-grid.js";
import type { ResolvedZones, ZonedGame } from "./zoned-game.js";

/** Selects and sends a zone's ghost batches. */
export class GhostSender {
  readonly #game: ZonedGame<unknown>;
  readonly #zones: ResolvedZones;
  readonly #id: ZoneId;
  readonly #neighbours: readonly ZoneId[];
  readonly #mirror: GhostMirror;
  readonly #sink: ZoneSink;
  readonly #wasOf: (e: Entity) => GhostOrigin | undefined;
  readonly #writer = new ByteWriter(1024);
  readonly #xy = new Float64Array(2);
  /** Per neighbour: the entities of this batch (reused). */
  readonly #picked: number[][];
  /** Per neighbour: empty batches sent since the last one with ghosts (2: quiet). */
  readonly #empties: number[];
  #ticks = 0;
  /** Ghost bytes sent so far (bench:zones reports them per tick). */
  bytesSent = 0;

  constructor(
    game: ZonedGame<unknown>,
    zones: ResolvedZones,
    id: ZoneId,
    mirror: GhostMirror,
    sink: ZoneSink,
    wasOf: (e: Entity) => GhostOrigin | undefined,
  ) {
    this.#wasOf = wasOf;
    this.#game = game;
    this.#zones = zones;
    this.#id = id;
    this.#neighbours = zones.partition.neighbours(id);
    this.#mirror = mirror;
    this.#sink = sink;
    this.#picked = this.#neighbours.map(() => []);
    this.#empties = this.#neighbours.map(() => 2);
  }

  /** After a step: on every ghostEveryTicks-th tick, a batch per neighbour that needs one. */
  afterStep(world: World, tick: number): void {
    if (this.#ticks++ % this.#zones.ghostEveryTicks !== 0) return;
    const { partition, border } = this.#zones;
    for (const list of this.#picked) list.length = 0;
    const words = world.alive.words;
    for (let wi = 0; wi < words.length; wi++) {
      let bits = words[wi]!;
      while (bits !== 0) {
        const low = bits & -bits;
        bits ^= low;
        const e = (wi << 5) + 31 - Math.clz32(low);
        if (this.#mirror.isGhost(e) || !this.#zones.position(world, e, this.#xy)) continue;
        const x = this.#xy[0]!;
        const y = this.#xy[1]!;
        this.#neighbours.forEach((n, i) => {
          if (partition.distance(n, x, y) <= border) this.#picked[i]!.push(e);
        });
      }
    }
    this.#neighbours.forEach((_, i) => {
      this.#send(world, tick, i);
    });
  }

  /**
   * Neighbour `zone` gets the next two batches even if empty: it holds a placeholder of an
   * avatar this zone just adopted, which goes unless a batch names it.
   */
  owe(zone: ZoneId): void {
    const i = this.#neighbours.indexOf(zone);
    if (i >= 0) this.#empties[i] = 0;
  }

  /**
   * The zone stops ticking (its last player left): neighbours still holding its ghosts get
   * the empty batches now, since no tick will send them.
   */
  flush(world: World, tick: number): void {
    for (const list of this.#picked) list.length = 0;
    // One empty batch dated past the receivers' grace (2 batch intervals) drops them all.
    const past = tick + 2 * this.#zones.ghostEveryTicks;
    this.#neighbours.forEach((_, i) => {
      if (this.#empties[i]! >= 2) return;
      this.#empties[i] = 1;
      this.#send(world, past, i);
    });
  }

  #send(world: World, tick: number, i: number): void {
    const list = this.#picked[i]!;
    if (list.length === 0 && this.#empties[i]! >= 2) return;
    this.#empties[i] = list.length > 0 ? 0 : this.#empties[i]! + 1;
    const schema = this.#game.schema;
    const view = encodeGhostBatch(this.#writer, world, schema, tick, list, this.#wasOf);
    this.bytesSent += view.byteLength;
    const to = this.#neighbours[i]!;
    this.#sink.toZone(to, { type: "ghosts", from: this.#id, bytes: view.slice() });
  }
}
