// The replication core: server and client sides, budgets and the wire format's constants.
// Schemas and worlds have their own entries (shared/schema, shared/world); a game imports
// neither, only the contract (shared/game/contract.ts).
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
export { ReplicationStream } from "./replication-stream.js";
export type { PriorityFactor } from "./update-selection.js";
export {
  REMOVAL_REASON,
  type RemovalReason,
  UPDATE_KIND,
  type UpdateKind,
  WIRE_BITS,
} from "./wire-format.js";
