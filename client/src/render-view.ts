// What to draw this frame: for every mirror entity, its replicated components as the
// renderer should show them (remote entities interpolated, predicted ones ahead and
// smoothed). Indexed like the mirror world, so a query made on `room.world` iterates it;
// strings are the mirror's own arrays.

import type { ComponentDef, Schema, StoreOf } from "../../shared/schema/component.js";
import type { NetworkSchema } from "../../shared/schema/network-schema.js";
import { createSchemaStore, type SchemaStore } from "../../shared/world/component-store.js";
import type { World } from "../../shared/world/world.js";
import type { LaneLayout } from "./lane-layout.js";

/**
 * Rendered values of the mirror's entities, refreshed by `room.render(now)`.
 *
 * @example
 * const ships = room.world.query([Ship]); // once
 * room.render(performance.now());
 * const s = room.view.store(Ship);
 * ships.collect();
 * for (let i = 0; i < ships.count; i++) draw(s.pos.x[ships.entities[i]], s.pos.y[ships.entities[i]]);
 */
export class RenderView {
  readonly #schema: NetworkSchema;
  readonly #stores: SchemaStore[];
  /** @internal the mirror's stores, in schema order. */
  readonly mirrorStores: readonly SchemaStore[];

  /** @internal built by the client with its mirror world. */
  constructor(schema: NetworkSchema, mirror: World) {
    this.#schema = schema;
    this.mirrorStores = schema.components.map((def) => mirror.schemaStore(def));
    this.#stores = schema.components.map((def) => {
      const store = createSchemaStore(def, mirror.capacity);
      const mirrorStore = mirror.schemaStore(def);
      const view = store.view;
      for (const f of def.fields)
        if (f.stringAt >= 0) view[f.name] = mirrorStore.strings[f.stringAt];
      return { ...store, strings: mirrorStore.strings };
    });
  }

  /** The rendered values of a replicated component, indexed by mirror entity. */
  store<S extends Schema>(component: ComponentDef<S>): StoreOf<S> {
    const i = this.#schema.indexOf(component);
    if (i < 0) throw new Error(`${component.name} is not replicated by this game`);
    return this.#stores[i]!.view as StoreOf<S>;
  }

  /** @internal the stores the client writes, in schema order. */
  stores(): readonly SchemaStore[] {
    return this.#stores;
  }

  /** @internal writes lanes of entity `e` from `src` (fields passing `only`). */
  write(layout: LaneLayout, src: Float64Array, offset: number, e: number): void {
    layout.write(src, offset, this.#stores, e);
  }
}
