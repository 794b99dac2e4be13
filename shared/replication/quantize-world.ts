// Rounds a world's replicated numeric fields to the values clients decode, in place. A room
// runs it after every step, and a client's predictor after every predicted step, so both
// simulate from exactly the state that travels: a client replaying its inputs from the
// received state then reproduces the server's result bit for bit (a deterministic game
// and no frequency other than "tick" assumed). Strings are left as they are, and so are
// predicted fields whose tolerance reaches their step: clients reconstruct those only within
// the tolerance, so rounding the server's value would add error rather than remove it.

import type { NumericField } from "../schema/field.js";
import type { NetworkSchema } from "../schema/network-schema.js";
import type { SchemaStore } from "../world/component-store.js";
import type { Query } from "../world/query.js";
import type { World } from "../world/world.js";

/**
 * Quantizes every replicated numeric field of every entity of a world.
 *
 * @example
 * const quantizer = new WorldQuantizer(world, schema); // once
 * game.step(world, inputs, dt);
 * quantizer.apply(); // every tick, after the step
 */
export class WorldQuantizer {
  readonly #queries: Query[];
  readonly #stores: SchemaStore[];
  /** Codes of one field: a quaternion holds 4, a vec3 3. */
  readonly #codes = new Float64Array(8);

  constructor(world: World, schema: NetworkSchema) {
    this.#queries = schema.components.map((def) => world.query([def]));
    this.#stores = schema.components.map((def) => world.schemaStore(def));
  }

  /** Rounds every alive entity's replicated numeric fields to their declared precision. */
  apply(): void {
    for (let c = 0; c < this.#stores.length; c++) {
      const store = this.#stores[c]!;
      const q = this.#queries[c]!;
      q.collect();
      for (let i = 0; i < q.count; i++) quantizeEntity(store, q.entities[i]!, this.#codes);
    }
  }

  /** Rounds one entity's fields of component index `c` (schema order). */
  applyTo(c: number, e: number): void {
    quantizeEntity(this.#stores[c]!, e, this.#codes);
  }
}

function quantizeEntity(store: SchemaStore, e: number, codes: Float64Array): void {
  const fields = store.def.fields;
  for (let f = 0; f < fields.length; f++) {
    const layout = fields[f]!;
    if (layout.stringAt >= 0) continue;
    const field = layout.field as NumericField;
    if (layout.predictedAt >= 0 && !(layout.predictTolerance < field.tolerance * 2)) continue;
    const lanes = store.lanes[f]!;
    field.quantize(lanes, e, codes, 0);
    field.dequantize(codes, 0, lanes, e);
  }
}
