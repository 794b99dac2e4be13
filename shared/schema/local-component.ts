// Components without a network schema: any object per entity, never on the wire, e.g.
// server-only bookkeeping that does not fit a schema. (The client's prediction and
// interpolation keep their state in client/src/predictor.ts and snapshot-buffer.ts.)

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
