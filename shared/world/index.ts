// The entity world: entities, schema and local components, queries, lifecycle events.
export type { ComponentStore, LocalStore, SchemaStore } from "./component-store.js";
export { EntitySet, popcount } from "./entity-set.js";
export { Query } from "./query.js";
export { type AnyComponent, type Entity, type EntityListener, World } from "./world.js";
export { DEFAULT_WORLD_OPTIONS, resolveWorldOptions, type WorldOptions } from "./world-options.js";
