// The entity world: entities, schema and local components, queries, lifecycle events,
// plus the client-side prediction and interpolation components.
export type { ComponentStore, LocalStore, SchemaStore } from "./component-store.js";
export { EntitySet, popcount } from "./entity-set.js";
export {
  DEFAULT_INTERPOLATION_RING_OPTIONS,
  InterpolationBuffer,
  InterpolationRing,
  type InterpolationRingOptions,
} from "./interpolation-buffer.js";
export {
  DEFAULT_PREDICTION_HISTORY_OPTIONS,
  PredictionHistory,
  type PredictionHistoryOptions,
  PredictionState,
} from "./prediction-state.js";
export { Query } from "./query.js";
export { type AnyComponent, type Entity, type EntityListener, World } from "./world.js";
export { DEFAULT_WORLD_OPTIONS, resolveWorldOptions, type WorldOptions } from "./world-options.js";
