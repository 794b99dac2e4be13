// The replication core: the entry point others use. Re-exports the schema and world APIs
// a game needs to declare components, run a server world and apply updates on a client.
export * from "../bits/index.js";
export * from "../schema/index.js";
export * from "../world/index.js";
export { ByteBudget, type ByteBudgetOptions } from "./byte-budget.js";
export { ClientSession } from "./client-session.js";
export type { ComponentCompression, CompressionReport } from "./compression-stats.js";
export { PriorityAccumulator, starvationBound } from "./priority-accumulator.js";
export { ReplicationClient, type UpdateSummary } from "./replication-client.js";
export {
  DEFAULT_REPLICATION_SERVER_OPTIONS,
  ReplicationServer,
  type ReplicationServerOptions,
  resolveReplicationServerOptions,
} from "./replication-server.js";
export type { PriorityFactor } from "./update-selection.js";
export {
  REMOVAL_REASON,
  type RemovalReason,
  UPDATE_KIND,
  type UpdateKind,
  WIRE_BITS,
} from "./wire-format.js";
