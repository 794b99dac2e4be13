// Components without a network schema: any object per entity, never on the wire. The
// client keeps its prediction and interpolation state in them; the server keeps
// server-only bookkeeping that does not fit a schema.

import { allocateComponentId } from "./component.js";

/** A component holding one object of type T per entity. */
export interface LocalComponentDef<T> {
  readonly kind: "local";
  readonly id: number;
  readonly name: string;
  /** Makes the value for an entity the component is added to. */
  readonly create: () => T;
}

/**
 * Declares a local (never replicated) component.
 *
 * @example
 * const Target = defineLocalComponent("Target", () => ({ entity: -1 }));
 * world.add(e, Target);
 * world.get(e, Target).entity = other;
 */
export function defineLocalComponent<T>(name: string, create: () => T): LocalComponentDef<T> {
  return { kind: "local", id: allocateComponentId(), name, create };
}
