// A game's typed RPC declarations: name, argument schema (and result schema for calls that
// answer), direction, delivery mode and rate limit. Ids are the names' sorted positions, so
// both ends derive the same ids from the same declaration; the table's fingerprint lets a
// room refuse a client built against another one.

import type { ArgsOf } from "./rpc-arg-values.js";
import type { ArgSchema } from "./rpc-args.js";

/** Who calls: the client (handled by the room) or the server (handled by clients). */
export type RpcDirection = "client-to-server" | "server-to-client";

/**
 * `reliable`: ordered, never dropped (events, reliable RPC). `unreliable`: latest-wins; the
 * sender may drop or merge it under backpressure, never reorder it behind newer state.
 */
export type RpcDelivery = "reliable" | "unreliable";

/** One RPC's declaration. */
export interface RpcDeclaration {
  readonly direction: RpcDirection;
  readonly args: ArgSchema;
  /** Schema of the answer (client-to-server only); omitted: the call answers "ok" only. */
  readonly result?: ArgSchema;
  /** @default "reliable" */
  readonly delivery?: RpcDelivery;
  /** Calls per second per player, with a burst (client-to-server). @default 10/s, burst 20 */
  readonly rateLimit?: { readonly perSecond: number; readonly burst: number };
}

/** A set of declarations by name. */
export type RpcDeclarations = Readonly<Record<string, RpcDeclaration>>;

/** Names of the RPCs going `direction`. */
export type RpcNames<D extends RpcDeclarations, Dir extends RpcDirection> = {
  [K in keyof D]: D[K]["direction"] extends Dir ? K : never;
}[keyof D] &
  string;

/** Arguments of RPC `N`. */
export type RpcArgs<D extends RpcDeclarations, N extends keyof D> = ArgsOf<D[N]["args"]>;

/** Result of RPC `N` (an empty object when it declares none). */
export type RpcResult<
  D extends RpcDeclarations,
  N extends keyof D,
> = D[N]["result"] extends ArgSchema ? ArgsOf<D[N]["result"]> : Record<string, never>;

/** An RPC with its wire id. */
export interface RpcEntry {
  readonly id: number;
  readonly name: string;
  readonly declaration: RpcDeclaration;
}

/** At most this many RPCs per game (ids are one byte). */
export const MAX_RPCS = 256;

/**
 * @example
 * const rpcs = defineRpcs({
 *   emote: { direction: "client-to-server", args: { kind: arg.enumOf(["wave", "cheer"]) } },
 *   emoted: { direction: "server-to-client", args: { player: arg.u16, kind: arg.enumOf(["wave", "cheer"]) } },
 * });
 */
export class RpcTable<D extends RpcDeclarations> {
  readonly declarations: D;
  readonly entries: readonly RpcEntry[];
  /** FNV-1a over names, directions and field layouts: equal tables, equal fingerprints. */
  readonly fingerprint: number;
  readonly #byName = new Map<string, RpcEntry>();

  constructor(declarations: D) {
    const names = Object.keys(declarations).sort();
    if (names.length > MAX_RPCS) throw new RangeError(`at most ${MAX_RPCS} RPCs`);
    this.declarations = declarations;
    this.entries = names.map((name, id) => ({ id, name, declaration: declarations[name]! }));
    for (const e of this.entries) {
      const limit = e.declaration.rateLimit;
      if (limit !== undefined && !(limit.perSecond > 0 && limit.burst >= 1))
        throw new RangeError(`rpc ${e.name}: rateLimit needs perSecond > 0 and burst ≥ 1`);
      if (e.declaration.result !== undefined && e.declaration.direction !== "client-to-server")
        throw new RangeError(`rpc ${e.name}: only client-to-server calls have a result`);
      this.#byName.set(e.name, e);
    }
    this.fingerprint = fingerprint(this.entries);
  }

  /** The entry of `name` (throws for an undeclared name: our own code asked). */
  byName(name: string): RpcEntry {
    const e = this.#byName.get(name);
    if (e === undefined) throw new Error(`rpc ${name} is not declared`);
    return e;
  }

  /** The entry of wire id `id`, or undefined (hostile ids are possible). */
  byId(id: number): RpcEntry | undefined {
    return this.entries[id];
  }
}

/** Declares a game's RPCs (see {@link RpcTable}). */
export function defineRpcs<const D extends RpcDeclarations>(declarations: D): RpcTable<D> {
  return new RpcTable(declarations);
}

function fingerprint(entries: readonly RpcEntry[]): number {
  let h = 0x811c9dc5;
  const mix = (text: string) => {
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  };
  for (const e of entries) {
    const d = e.declaration;
    mix(`${e.name}|${d.direction}|${d.delivery ?? "reliable"}|`);
    mix(JSON.stringify(d.args));
    mix(JSON.stringify(d.result ?? null));
  }
  return h >>> 0;
}
