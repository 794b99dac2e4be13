// A replay's world: the recorded states applied to a mirror through a ReplicationClient, as
// a live client applies SNAPSHOTs, and drawn through the live client's lane layout, snapshot
// buffer and RenderView. A replay always holds the state after the render time (it is
// recorded), so the view interpolates between whole ticks and never extrapolates.

import type { Result } from "../../../shared/codec/result.js";
import type { GameDefinition } from "../../../shared/game/game-definition.js";
import {
  ReplicationClient,
  type UpdateSummary,
} from "../../../shared/replication/replication-client.js";
import { type Entity, World } from "../../../shared/world/world.js";
import { LaneLayout } from "../lane-layout.js";
import { RenderView } from "../render-view.js";
import { SAMPLE, SnapshotBuffer } from "../snapshot-buffer.js";

/** States kept per entity: the two the view blends and a margin. */
const BUFFER_TICKS = 4;

/** The mirror world of a replay and its rendered view. */
export class ReplayMirror {
  readonly world: World;
  readonly view: RenderView;
  readonly #replication: ReplicationClient;
  readonly #layout: LaneLayout;
  readonly #buffer: SnapshotBuffer;
  readonly #scratch: Float64Array;

  constructor(game: GameDefinition<unknown>) {
    // Mirror slots are not NetworkIds, so they are reused at once (as ClientSession's).
    this.world = new World({
      capacity: game.schema.maxEntities,
      ...game.world,
      idReuseDelayTicks: 0,
    });
    this.#replication = new ReplicationClient(this.world, game.schema);
    this.#layout = new LaneLayout(game.schema, game.netcode);
    this.view = new RenderView(game.schema, this.world);
    this.#buffer = new SnapshotBuffer(this.#layout, this.world.capacity, BUFFER_TICKS);
    this.#scratch = new Float64Array(this.#layout.width);
    // Slots are reused: an entity's history goes with it.
    this.world.on("spawn", (e) => this.#buffer.clear(e));
    this.world.on("despawn", (e) => this.#buffer.clear(e));
  }

  /** The tick of the state applied last (−1 before the first). */
  get tick(): number {
    return this.#replication.tick;
  }

  /** The mirror entity of a recorded NetworkId, or −1. */
  entityOf(networkId: number): Entity {
    return this.#replication.entityOf(networkId);
  }

  /** The recorded NetworkId of a mirror entity, or −1. */
  networkIdOf(entity: Entity): number {
    return this.#replication.networkIdOf(entity);
  }

  /**
   * Applies one recorded state (a KEY or DELTA record's update); with `show`, it also enters
   * the view's history. Refused bytes leave the mirror as it was.
   */
  apply(update: Uint8Array, show: boolean): Result<UpdateSummary> {
    const applied = this.#replication.apply(update);
    if (applied.ok && show) this.show();
    return applied;
  }

  /** Puts the mirror's current state into the view's history at its tick. */
  show(): void {
    const tick = this.tick;
    const stores = this.view.mirrorStores;
    const words = this.world.alive.words;
    for (let wi = 0; wi < words.length; wi++) {
      let bits = words[wi]!;
      while (bits !== 0) {
        const low = bits & -bits;
        bits ^= low;
        const e = (wi << 5) + 31 - Math.clz32(low);
        this.#layout.read(stores, e, this.#scratch, 0);
        this.#buffer.push(e, tick, this.#scratch, 0);
      }
    }
  }

  /** Empties the mirror (and so the view's history): the next state must be a keyframe. */
  reset(): void {
    this.#replication.reset();
  }

  /** Writes every entity's state at fractional tick `tick` into the view. */
  render(tick: number): void {
    const words = this.world.alive.words;
    for (let wi = 0; wi < words.length; wi++) {
      let bits = words[wi]!;
      while (bits !== 0) {
        const low = bits & -bits;
        bits ^= low;
        const e = (wi << 5) + 31 - Math.clz32(low);
        // No extrapolation: past the newest state (the end, a held load) the newest is shown.
        const kind = this.#buffer.sample(e, tick, 0, this.#scratch, 0);
        if (kind !== SAMPLE.EMPTY) this.view.write(this.#layout, this.#scratch, 0, e);
      }
    }
  }
}
