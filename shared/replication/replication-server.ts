// The server's replication entry point: commit once per tick (shared encoding), then one
// update per client per tick with that client's visible set (per-client bit copying).

import type { NetworkSchema } from "../schema/network-schema.js";
import type { EntitySet } from "../world/entity-set.js";
import type { World } from "../world/world.js";
import { ByteBudget, type ByteBudgetOptions } from "./byte-budget.js";
import { ClientSession } from "./client-session.js";
import { type CompressionReport, CompressionStats } from "./compression-stats.js";
import { ReplicationStream } from "./replication-stream.js";
import { TickEncoder } from "./tick-encoder.js";
import type { PriorityFactor } from "./update-selection.js";
import { UpdateWriter } from "./update-writer.js";

/** Options of {@link ReplicationServer}. */
export interface ReplicationServerOptions {
  /**
   * What deltas are computed against. `"last-sent"` suits an ordered reliable stream
   * (WebSocket): the client surely applies every update in order. `"last-acked"` suits
   * unreliable channels: deltas go against the last tick the client acknowledged, and the
   * client may skip updates.
   * @default "last-sent"
   */
  baseline?: "last-sent" | "last-acked";
  /**
   * Updates remembered per client (the oldest acknowledged tick a delta can use).
   * Must not exceed the world's idReuseDelayTicks.
   * @default 32
   */
  baselineRing?: number;
  /**
   * Zero bytes left at the start of every update for the caller's framing (e.g. 1 for the
   * message-type byte), so the update is sent without a copy.
   * @default 0
   */
  reserveBytes?: number;
}

/** The defaults of {@link ReplicationServerOptions}. */
export const DEFAULT_REPLICATION_SERVER_OPTIONS: Readonly<Required<ReplicationServerOptions>> = {
  baseline: "last-sent",
  baselineRing: 32,
  reserveBytes: 0,
};

/** Fills in and checks {@link ReplicationServerOptions}; throws naming the bad field. */
export function resolveReplicationServerOptions(
  options: ReplicationServerOptions = {},
): Required<ReplicationServerOptions> {
  const resolved = { ...DEFAULT_REPLICATION_SERVER_OPTIONS, ...options };
  if (resolved.baseline !== "last-sent" && resolved.baseline !== "last-acked")
    throw new Error('replication.baseline must be "last-sent" or "last-acked"');
  if (
    !Number.isInteger(resolved.baselineRing) ||
    resolved.baselineRing < 1 ||
    resolved.baselineRing > 1024
  )
    throw new Error("replication.baselineRing must be an integer in 1..1024");
  if (
    !Number.isInteger(resolved.reserveBytes) ||
    resolved.reserveBytes < 0 ||
    resolved.reserveBytes > 64
  )
    throw new Error("replication.reserveBytes must be an integer in 0..64");
  return resolved;
}

/**
 * Replicates a server world to many clients.
 *
 * @example
 * const server = new ReplicationServer(world, schema, { reserveBytes: 1 });
 * const alice = server.connect();
 * // each tick, after the game systems ran:
 * server.commit();
 * const bytes = server.writeUpdate(alice, aliceVisible); // EntitySet, or null for everything
 * bytes[0] = MESSAGE_TYPE_STATE;
 * socket.send(bytes);
 */
export class ReplicationServer {
  readonly world: World;
  readonly schema: NetworkSchema;
  readonly #options: Required<ReplicationServerOptions>;
  readonly #encoder: TickEncoder;
  readonly #writer: UpdateWriter;
  readonly #stats: CompressionStats;

  /** @throws when the world and the options disagree (capacity, reuse delay). */
  constructor(world: World, schema: NetworkSchema, options?: ReplicationServerOptions) {
    this.#options = resolveReplicationServerOptions(options);
    if (world.idReuseDelayTicks < this.#options.baselineRing)
      throw new Error("world.idReuseDelayTicks must be ≥ replication.baselineRing");
    this.world = world;
    this.schema = schema;
    this.#encoder = new TickEncoder(world, schema);
    this.#stats = new CompressionStats(schema);
    this.#writer = new UpdateWriter(this.#encoder, this.#stats, this.#options.reserveBytes);
  }

  /** The last committed tick (−1 before the first commit). */
  get tick(): number {
    return this.#encoder.tick;
  }

  /**
   * Continues tick numbers after `tick` (a room restored from a snapshot), so the next
   * commit is `tick + 1`. Call before the first commit; clients connect afresh after it.
   */
  startAt(tick: number): void {
    if (this.#encoder.tick !== -1) throw new Error("startAt must come before the first commit");
    this.#encoder.tick = tick;
    this.world.tick = tick;
  }

  /** Entities clients may hold this tick (alive, with at least one replicated component). */
  get replicated(): EntitySet {
    return this.#encoder.replicated;
  }

  /**
   * Advances the tick, compares the world with what clients hold and encodes each changed
   * entity's delta once; flushes the world's lifecycle events. Returns the new tick.
   */
  commit(): number {
    return this.#encoder.commit();
  }

  /** Registers a client; its first update is a full state. */
  connect(): ClientSession {
    const { baseline, baselineRing } = this.#options;
    return new ClientSession(this.world.capacity, baselineRing, baseline === "last-acked");
  }

  /**
   * A writer of whole-world updates over this server's per-tick encoding (the broadcast
   * stream of spectators and replays): its own buffer and counters, the same reserved bytes.
   */
  stream(): ReplicationStream {
    return new ReplicationStream(this.#encoder, this.#options.reserveBytes);
  }

  /** Takes the last tick a client applied (its INPUT's `ackTick`); false when ignored. */
  acknowledge(session: ClientSession, tick: number): boolean {
    return session.acknowledge(tick);
  }

  /**
   * Gives `session` a state budget (null: unlimited, the default), or changes it at runtime.
   * Each update then costs at most the credits saved (`bytesPerSecond / tickRate` a tick, up
   * to `burstBytes`) once its header and removals are paid for; what does not fit waits with
   * growing priority. Needs `"last-sent"` baselines (each update builds on the previous one).
   * @throws naming the bad field.
   */
  setBudget(session: ClientSession, budget: ByteBudgetOptions | null): void {
    if (budget === null) {
      session.budget = null;
      session.priorities?.clear();
      return;
    }
    if (this.#options.baseline !== "last-sent")
      throw new Error('byte budgets need replication.baseline "last-sent"');
    if (session.budget === null) session.budget = new ByteBudget(budget);
    else session.budget.set(budget);
  }

  /**
   * The update of the current tick for `session`: `visible` is what it should hold after
   * it (null: every replicated entity). Under a budget it gets what fits, best first by the
   * components' NetworkSync priority × `factor(entity)` (e.g. nearer is higher), the rest in
   * later ticks. Call once per client per tick, after {@link commit}. The view is valid until
   * the next call: send or copy it first.
   * @throws when called before the first commit or twice in a tick for one client.
   */
  writeUpdate(
    session: ClientSession,
    visible: EntitySet | null,
    factor?: PriorityFactor,
  ): Uint8Array {
    const t = this.#encoder.tick;
    if (t < 0) throw new Error("writeUpdate before the first commit");
    if (session.lastSentTick >= t) throw new Error(`tick ${t} was already sent to this client`);
    const baseline =
      this.#options.baseline === "last-sent" ? session.lastSentTick : session.lastAckedTick;
    return this.#writer.write(session, visible, baseline, factor);
  }

  /** What the updates written so far cost against raw values, per component. */
  compressionReport(): CompressionReport {
    return this.#stats.report();
  }

  /** Zeroes the compression counters (e.g. after a warm-up). */
  resetCompressionReport(): void {
    this.#stats.reset();
  }
}
