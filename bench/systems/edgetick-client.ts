// One edgetick client as the bench stands it in: it decodes each SNAPSHOT frame the room
// sent as ClientSession does (the header read in place, then ReplicationClient.apply on the
// frame past it: nothing allocated) into its own mirror World, and lets the verifier read
// that mirror by the server's entity id.
import {
  readSnapshotHeader,
  SNAPSHOT_HEADER_BYTES,
  type SnapshotHeader,
} from "../../shared/protocol/snapshot-header.js";
import { ReplicationClient } from "../../shared/replication/index.js";
import type { NetworkSchema, StoreOf } from "../../shared/schema/index.js";
import { World } from "../../shared/world/index.js";
import { Kind, Motion, Vitals } from "./edgetick-schema.js";
import type { ClientMirror, EntitySample } from "./system.js";

/**
 * A client's decoder and mirror world (capacity `schema.maxEntities`, no id-reuse delay).
 *
 * @example
 * const client = new EdgetickClient(game.definition.schema);
 * client.receive(snapshotFrame);
 * client.read(id, sample);
 */
export class EdgetickClient implements ClientMirror {
  readonly #replication: ReplicationClient;
  readonly #motion: StoreOf<typeof Motion.schema>;
  readonly #vitals: StoreOf<typeof Vitals.schema>;
  readonly #kind: StoreOf<typeof Kind.schema>;
  readonly #header: SnapshotHeader = { ackSeq: 0, inputBuffer: 0 };

  constructor(schema: NetworkSchema) {
    const world = new World({ capacity: schema.maxEntities, idReuseDelayTicks: 0 });
    this.#replication = new ReplicationClient(world, schema);
    this.#motion = world.store(Motion);
    this.#vitals = world.store(Vitals);
    this.#kind = world.store(Kind);
  }

  /** Applies one SNAPSHOT frame (`[0x42][ackSeq u32][update …]`); throws on anything else. */
  receive(frame: Uint8Array): void {
    if (!readSnapshotHeader(frame, this.#header))
      throw new Error(`edgetick client: expected a snapshot, got type 0x${frame[0]?.toString(16)}`);
    this.apply(frame, SNAPSHOT_HEADER_BYTES);
  }

  /**
   * Applies one update (a SNAPSHOT's payload from `startByte`, or a replay record's); throws
   * when refused.
   */
  apply(update: Uint8Array, startByte = 0): void {
    const applied = this.#replication.apply(update, startByte);
    if (!applied.ok) throw new Error(`edgetick client refused an update: ${applied.error}`);
  }

  /** The tick of the last update applied (−1 before any, or after {@link reset}). */
  get tick(): number {
    return this.#replication.tick;
  }

  /** Forgets everything it holds: the next update must be a FULL (a replay seeks so). */
  reset(): void {
    this.#replication.reset();
  }

  size(): number {
    return this.#replication.size;
  }

  read(id: number, out: EntitySample): boolean {
    const e = this.#replication.entityOf(id);
    if (e < 0) return false;
    const m = this.#motion;
    out.x = m.pos.x[e]!;
    out.y = m.pos.y[e]!;
    out.vx = m.vel.x[e]!;
    out.vy = m.vel.y[e]!;
    out.angle = m.angle[e]!;
    out.hp = this.#vitals.hp[e]!;
    out.kind = this.#kind.kind[e]!;
    return true;
  }
}
