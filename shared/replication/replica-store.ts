// What a client holds, as integer codes: the server keeps one shared copy (every client
// that is up to date holds exactly this), the client keeps its own. Indexed by NetworkId.
// Predicted fields keep their anchor in `codes`, plus the anchor tick and the per-tick
// rate (in codes) captured when the anchor was set.

import type { ComponentDef } from "../schema/component.js";
import type { NetworkSchema } from "../schema/network-schema.js";

/** The replica of one component for every id. */
export class ComponentReplica {
  readonly def: ComponentDef;
  /** Codes, `codeStride` per id. */
  readonly codes: Float64Array;
  /** Strings, `stringCount` per id. */
  readonly strings: string[];
  /** Anchor tick per predicted field, `predictedCount` per id. */
  readonly anchorTick: Float64Array;
  /** Rate in codes per tick per predicted lane, `rateStride` per id. */
  readonly rate: Float64Array;
  /**
   * Server only: the raw values last quantized, one column of `capacity` ids per lane
   * (lane `laneAt + l` of id e at `(laneAt + l) · capacity + e`). A lane equal to its cached
   * raw value has the same code, so the per-tick comparison skips quantizing it. By column
   * because the comparison goes field by field: a field's pass reads its own lanes' lines,
   * not every lane of the component.
   */
  readonly raw: Float64Array;
  /** Ids the replica holds (the raw cache's column length). */
  readonly capacity: number;

  /** @param withRaw allocate the server's raw-value cache */
  constructor(def: ComponentDef, capacity: number, withRaw = false) {
    this.def = def;
    this.codes = new Float64Array(capacity * def.codeStride);
    this.strings = new Array<string>(capacity * def.stringCount).fill("");
    this.anchorTick = new Float64Array(capacity * def.predictedCount);
    this.rate = new Float64Array(capacity * def.rateStride);
    this.raw = new Float64Array(withRaw ? capacity * def.laneStride : 0);
    this.capacity = capacity;
  }
}

/** Replicas of every component of a schema, plus each id's component presence mask. */
export class ReplicaStore {
  readonly components: readonly ComponentReplica[];
  /** Bit c set when id holds schema component c. */
  readonly presence: Uint32Array;

  /** @param withRaw allocate the server's raw-value caches */
  constructor(schema: NetworkSchema, capacity: number, withRaw = false) {
    this.components = schema.components.map((def) => new ComponentReplica(def, capacity, withRaw));
    this.presence = new Uint32Array(capacity);
  }
}
