// Per-component accounting of what updates cost against sending raw values: "raw" is every
// visible entity's component at its raw width (float32 per float lane, the declared width of
// integers, 8 bits per bool or enum …) in every update, i.e. a naive full-state sender;
// "sent" is the bits the component's values and flags took. Headers, counts, entity
// addressing and presence masks are "overhead".

import type { NetworkSchema } from "../schema/network-schema.js";

/** One component's line in a {@link CompressionReport}. */
export interface ComponentCompression {
  readonly name: string;
  /** Bytes a naive full-state-per-update encoding would have spent on this component. */
  readonly rawBytes: number;
  /** Bytes this component's values and change flags took. */
  readonly sentBytes: number;
  /** sentBytes / rawBytes (0 when nothing was raw). */
  readonly ratio: number;
}

/** What the updates written so far cost, per component. */
export interface CompressionReport {
  /** Updates written. */
  readonly updates: number;
  /** Bytes of all updates (reserved prefix bytes excluded). */
  readonly totalBytes: number;
  /** Bytes not attributable to a component: headers, counts, ids and gaps, presence, padding. */
  readonly overheadBytes: number;
  readonly components: readonly ComponentCompression[];
}

/** Counters behind a {@link CompressionReport}. */
export class CompressionStats {
  readonly rawBits: Float64Array;
  readonly sentBits: Float64Array;
  totalBits = 0;
  updates = 0;
  readonly #schema: NetworkSchema;

  constructor(schema: NetworkSchema) {
    this.#schema = schema;
    this.rawBits = new Float64Array(schema.components.length);
    this.sentBits = new Float64Array(schema.components.length);
  }

  /** Zeroes every counter. */
  reset(): void {
    this.rawBits.fill(0);
    this.sentBits.fill(0);
    this.totalBits = 0;
    this.updates = 0;
  }

  /** A snapshot of the counters as bytes. */
  report(): CompressionReport {
    let attributed = 0;
    const components = this.#schema.components.map((def, c) => {
      const raw = this.rawBits[c]! / 8;
      const sent = this.sentBits[c]! / 8;
      attributed += sent;
      return { name: def.name, rawBytes: raw, sentBytes: sent, ratio: raw > 0 ? sent / raw : 0 };
    });
    const totalBytes = this.totalBits / 8;
    return {
      updates: this.updates,
      totalBytes,
      overheadBytes: totalBytes - attributed,
      components,
    };
  }
}
