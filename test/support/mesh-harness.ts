// A full mesh of N peers in one process on a manual clock, for mesh tests: every pair of
// peers is joined by a seeded simulated transport pair, and `step()` advances the clock by
// one tick, delivers what is due on every link, then ticks every mesh still in.

import { createMesh, type Mesh } from "../../client/src/peer/mesh/mesh.js";
import type { MeshGame, MeshOptions } from "../../client/src/peer/mesh/mesh-options.js";
import {
  type SimulatedTransportOptions,
  type SimulatedTransportPair,
  simulatedTransportPair,
} from "../../client/src/transport/simulated-transport.js";
import type { Entity, World } from "../../shared/world/world.js";

/** How to build a {@link MeshHarness}. */
export interface MeshHarnessOptions {
  /** Peers, with ids 1..peers. */
  readonly peers: number;
  readonly game: MeshGame;
  /** Conditions of every link; each pair gets its own seed from `seed`. */
  readonly link?: SimulatedTransportOptions;
  /** Options of every mesh but the game and the id. */
  readonly mesh?: Omit<MeshOptions, "game" | "peerId">;
}

/** N meshes, fully linked, on one manual clock. */
export class MeshHarness {
  readonly meshes = new Map<number, Mesh>();
  /** The clock, ms. */
  now = 0;
  readonly tickMs: number;
  readonly #links = new Map<string, SimulatedTransportPair>();
  readonly #left = new Set<number>();

  constructor(options: MeshHarnessOptions) {
    this.tickMs = 1000 * options.game.schema.tickSeconds;
    for (let id = 1; id <= options.peers; id++)
      this.meshes.set(id, createMesh({ ...options.mesh, game: options.game, peerId: id }));
    const seed = options.link?.seed ?? 1;
    for (let a = 1; a <= options.peers; a++)
      for (let b = a + 1; b <= options.peers; b++) {
        const pair = simulatedTransportPair({ ...options.link, seed: seed * 100 + a * 10 + b });
        this.#links.set(`${a}-${b}`, pair);
        this.mesh(a).addPeer(b, pair.a);
        this.mesh(b).addPeer(a, pair.b);
      }
  }

  /** The mesh of peer `id`. */
  mesh(id: number): Mesh {
    const m = this.meshes.get(id);
    if (!m) throw new Error(`no peer ${id}`);
    return m;
  }

  /** The pair between peers `a` and `b`. */
  link(a: number, b: number): SimulatedTransportPair {
    const pair = this.#links.get(a < b ? `${a}-${b}` : `${b}-${a}`);
    if (!pair) throw new Error(`no link ${a}-${b}`);
    return pair;
  }

  /** Advances `ticks` ticks: each delivers what is due, then ticks every mesh still in. */
  step(ticks = 1, beforeTick?: (mesh: Mesh) => void): void {
    for (let i = 0; i < ticks; i++) {
      this.now += this.tickMs;
      this.deliver();
      for (const [id, mesh] of this.meshes) {
        if (this.#left.has(id)) continue;
        beforeTick?.(mesh);
        mesh.tick(this.now);
      }
    }
  }

  /** Delivers what is due at the current time on every link (no ticks). */
  deliver(): void {
    for (const pair of this.#links.values()) pair.poll(this.now);
  }

  /** Peer `id` leaves (its mesh is no longer ticked). */
  leave(id: number, handover: boolean): void {
    this.mesh(id).leave({ handover });
    this.#left.add(id);
  }

  /** Peer `id` drops: every link of it is cut (1006) and it is no longer ticked. */
  drop(id: number): void {
    for (const other of this.meshes.keys()) if (other !== id) this.link(id, other).sever();
    this.#left.add(id);
  }

  /** Ids of the peers still in. */
  remaining(): number[] {
    return [...this.meshes.keys()].filter((id) => !this.#left.has(id));
  }
}

/**
 * Every entity of `world` that has one of `components`, as `[id, ...values]` rows sorted by
 * id: `idOf` names an entity (its own id for an owner's world, the owner's id for a mirror).
 */
export function rowsOf(
  world: World,
  read: (world: World, e: Entity) => readonly (number | string)[] | undefined,
  idOf: (e: Entity) => number = (e) => e,
): (number | string)[][] {
  const rows: (number | string)[][] = [];
  world.alive.forEach((e) => {
    const values = read(world, e);
    if (values) rows.push([idOf(e), ...values]);
  });
  return rows.sort((x, y) => (x[0] as number) - (y[0] as number));
}
