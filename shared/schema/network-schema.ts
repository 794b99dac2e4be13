// The replicated components of a game in wire order, plus the numbers both ends must agree
// on (tick length for prediction, the id space). The fingerprint lets a handshake refuse a
// client built against another schema instead of misreading its bits.

import { bitsFor } from "../bits/universal-codes.js";
import type { ComponentDef } from "./component.js";

/** Options of {@link defineNetworkSchema}. */
export interface NetworkSchemaOptions {
  /**
   * Seconds per replication tick: predicted fields advance by rate · tickSeconds per tick.
   * @default 1 / 30
   */
  tickSeconds?: number;
  /**
   * Size of the NetworkId space: ids are in [0, maxEntities). Worlds on both ends are
   * created with at least this capacity.
   * @default 4096
   */
  maxEntities?: number;
}

/** The defaults of {@link NetworkSchemaOptions}. */
export const DEFAULT_NETWORK_SCHEMA_OPTIONS: Readonly<Required<NetworkSchemaOptions>> = {
  tickSeconds: 1 / 30,
  maxEntities: 4096,
};

/** Fills in and checks {@link NetworkSchemaOptions}; throws naming the bad field. */
export function resolveNetworkSchemaOptions(
  options: NetworkSchemaOptions = {},
): Required<NetworkSchemaOptions> {
  const resolved = { ...DEFAULT_NETWORK_SCHEMA_OPTIONS, ...options };
  if (!(resolved.tickSeconds > 0) || !Number.isFinite(resolved.tickSeconds))
    throw new Error("networkSchema.tickSeconds must be > 0");
  if (
    !Number.isInteger(resolved.maxEntities) ||
    resolved.maxEntities < 1 ||
    resolved.maxEntities > 1 << 24
  )
    throw new Error("networkSchema.maxEntities must be an integer in 1..2^24");
  return resolved;
}

/** The replicated components and shared constants of one game. */
export interface NetworkSchema {
  /** Replicated components, in wire order (the presence mask's bit order). */
  readonly components: readonly ComponentDef[];
  readonly tickSeconds: number;
  readonly maxEntities: number;
  /** Bits of an absolute NetworkId: bitsFor(maxEntities − 1). */
  readonly idBits: number;
  /** FNV-1a hash of every declaration; equal on both ends or the handshake should refuse. */
  readonly fingerprint: number;
  /** Wire index of a component, or −1 when it is not in the schema. */
  indexOf(component: { readonly id: number }): number;
}

/**
 * Declares the network schema.
 *
 * @example
 * const schema = defineNetworkSchema([Body, Stats], { tickSeconds: 1 / 30, maxEntities: 2048 });
 * @throws when a component is server-only or listed twice, or an option is invalid.
 */
export function defineNetworkSchema(
  components: readonly ComponentDef[],
  options?: NetworkSchemaOptions,
): NetworkSchema {
  const { tickSeconds, maxEntities } = resolveNetworkSchemaOptions(options);
  if (components.length > 32) throw new Error("networkSchema: at most 32 replicated components");
  const byId: number[] = [];
  let text = `${tickSeconds};${maxEntities}`;
  components.forEach((c, i) => {
    if (c.sync.mode !== "replicated")
      throw new Error(`networkSchema: ${c.name} is server-only; leave it out`);
    if (byId[c.id] !== undefined) throw new Error(`networkSchema: ${c.name} is listed twice`);
    byId[c.id] = i;
    text += `|${c.name}{${c.fields.map((f) => `${f.name}:${f.field.signature}`).join(",")}}`;
  });
  return {
    components,
    tickSeconds,
    maxEntities,
    idBits: bitsFor(maxEntities - 1),
    fingerprint: fnv1a(text),
    indexOf: (component) => byId[component.id] ?? -1,
  };
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
