// The room's side of typed RPC: decodes a player's CALL, checks rate limit and arguments,
// runs the game's handler and writes exactly one RESULT for the caller — an unknown RPC,
// bad arguments or a throwing handler answer with an error and never take the room down.
// Also encodes server-to-client EVENTs (the room picks the recipients).

import { ByteWriter } from "../codec/byte-writer.js";
import type { PlayerRewind } from "../fairplay/room-rewind.js";
import { RateLimiter } from "../room/rate-limiter.js";
import type { RoomInterest } from "../room/room-interest.js";
import type { World } from "../world/world.js";
import { readArgs, writeArgs } from "./rpc-arg-codec.js";
import {
  RPC_STATUS,
  readCall,
  writeError,
  writeEventHeader,
  writeResultHeader,
} from "./rpc-frames.js";
import type {
  RpcArgs,
  RpcDeclarations,
  RpcEntry,
  RpcNames,
  RpcResult,
  RpcTable,
} from "./rpc-table.js";

/** Who receives a server-to-client RPC. */
export type RpcTarget =
  | { readonly to: "player"; readonly playerId: number }
  | { readonly to: "all" }
  /** Players whose visible set holds `entity` this tick. */
  | { readonly to: "interested"; readonly entity: number }
  /** Players of `team` (SpatialInterest.rules' teams). */
  | { readonly to: "team"; readonly team: number };

/**
 * Sends an encoded EVENT frame of RPC `rpc` to a target; the room implements it (and picks
 * the lane from `rpc.declaration.delivery`).
 */
export type RpcDeliver = (target: RpcTarget, frame: Uint8Array, rpc: RpcEntry) => void;

/** What a handler knows about the call, and how it answers others. */
export interface RpcContext<D extends RpcDeclarations> {
  readonly playerId: number;
  /** The room's time, ms. */
  readonly now: number;
  /** The room's authoritative world. */
  readonly world: World;
  /**
   * The room's interest management (GameDefinition.spatialInterest), e.g. to change the
   * caller's view radius; null when the game declares none.
   */
  readonly interest: RoomInterest | null;
  /**
   * The world as the caller saw it, for lag-compensated hits (GameDefinition.lagCompensation);
   * null when the game declares none.
   */
  readonly rewind: PlayerRewind | null;
  /**
   * Whether the caller may take action `name` now under the rate the game declares for it
   * (GameDefinition.fairPlay.actions; docs/fair-play.md): false refuses it (skip the shot)
   * and counts against the player (the `actionRate` detector).
   * @throws RangeError for an action the game does not declare
   */
  action(name: string): boolean;
  /** Sends server-to-client RPC `name` to `target`. */
  emit<N extends RpcNames<D, "server-to-client">>(
    target: RpcTarget,
    name: N,
    args: RpcArgs<D, N>,
  ): void;
}

/** Handlers of every client-to-server RPC of `D`, typed from the declarations. */
export type RpcHandlers<D extends RpcDeclarations> = {
  [N in RpcNames<D, "client-to-server">]: (
    call: RpcContext<D>,
    args: RpcArgs<D, N>,
  ) => D[N]["result"] extends object ? RpcResult<D, N> : void;
};

/** The rate limit of a client-to-server RPC that declares none. */
export const DEFAULT_RPC_RATE_LIMIT = { perSecond: 10, burst: 20 } as const;

/** Checks a player's declared action at a time (the room's fair play); see RpcContext.action. */
export type ActionCheck = (playerId: number, name: string, now: number) => boolean;

const NO_ACTIONS: ActionCheck = (_playerId, name) => {
  throw new RangeError(`action "${name}": the game declares no fairPlay.actions`);
};

/**
 * @example
 * const server = new RpcServer(rpcs, { emote: ({ playerId, emit }, { kind }) => { … } }, deliver);
 * server.receive(playerId, frame, now, world, out); // out holds the RESULT to send back
 * server.emit({ to: "all" }, "emoted", { player: 1, kind: "wave" });
 */
export class RpcServer<D extends RpcDeclarations> {
  readonly table: RpcTable<D>;
  readonly #handlers: RpcHandlers<D>;
  readonly #deliver: RpcDeliver;
  readonly #interest: RoomInterest | null;
  readonly #rewindFor: (playerId: number, now: number) => PlayerRewind | null;
  readonly #action: ActionCheck;
  /** Rate limiters by player, then by rpc id, created on first use. */
  readonly #limits = new Map<number, Map<number, RateLimiter>>();

  constructor(
    table: RpcTable<D>,
    handlers: RpcHandlers<D>,
    deliver: RpcDeliver = () => {},
    /** Handed to handlers as `interest`. */
    interest: RoomInterest | null = null,
    /** The caller's rewind, handed to handlers as `rewind`. */
    rewindFor: (playerId: number, now: number) => PlayerRewind | null = () => null,
    /** Handed to handlers as `action`. */
    action: ActionCheck = NO_ACTIONS,
  ) {
    this.table = table;
    this.#action = action;
    this.#handlers = handlers;
    this.#deliver = deliver;
    this.#interest = interest;
    this.#rewindFor = rewindFor;
  }

  /** Encodes server-to-client RPC `name` once and hands it to the room for `target`. */
  emit<N extends RpcNames<D, "server-to-client">>(
    target: RpcTarget,
    name: N,
    args: RpcArgs<D, N>,
  ): void {
    const entry = this.table.byName(name);
    const w = new ByteWriter(16);
    writeEventHeader(w, entry.id);
    writeArgs(entry.declaration.args, args, w);
    this.#deliver(target, w.view(), entry);
  }

  /**
   * Handles one CALL frame of `playerId` (hostile bytes) and writes its RESULT to `out`
   * (reset by the caller). Returns the status.
   */
  receive(playerId: number, frame: Uint8Array, now: number, world: World, out: ByteWriter): number {
    const call = readCall(frame);
    if (!call.ok) {
      writeError(out, 0, RPC_STATUS.BAD_ARGUMENTS, call.error);
      return RPC_STATUS.BAD_ARGUMENTS;
    }
    const { rpcId, callId, args } = call.value;
    const entry = this.table.byId(rpcId);
    if (entry === undefined || entry.declaration.direction !== "client-to-server") {
      writeError(out, callId, RPC_STATUS.UNKNOWN_RPC, `no client rpc with id ${rpcId}`);
      return RPC_STATUS.UNKNOWN_RPC;
    }
    if (!this.#limiter(playerId, entry.id, entry.declaration.rateLimit, now).take(now)) {
      writeError(out, callId, RPC_STATUS.RATE_LIMITED, `${entry.name}: rate limited`);
      return RPC_STATUS.RATE_LIMITED;
    }
    const decoded = readArgs(entry.declaration.args, args);
    if (!decoded.ok) {
      writeError(out, callId, RPC_STATUS.BAD_ARGUMENTS, `${entry.name}: ${decoded.error}`);
      return RPC_STATUS.BAD_ARGUMENTS;
    }
    const handler = (this.#handlers as Record<string, (c: RpcContext<D>, a: unknown) => unknown>)[
      entry.name
    ];
    let result: unknown;
    try {
      const emit: RpcContext<D>["emit"] = (target, name, args) => this.emit(target, name, args);
      const rewind = this.#rewindFor(playerId, now);
      const action = (name: string) => this.#action(playerId, name, now);
      const context = { playerId, now, world, interest: this.#interest, rewind, action, emit };
      result = handler?.(context, decoded.value);
    } catch (e) {
      // The game's code failed on valid arguments: the caller learns it, the room goes on.
      const message = e instanceof Error ? e.message : String(e);
      writeError(out, callId, RPC_STATUS.HANDLER_FAILED, `${entry.name}: ${message}`);
      return RPC_STATUS.HANDLER_FAILED;
    }
    writeResultHeader(out, callId, RPC_STATUS.OK);
    const schema = entry.declaration.result;
    if (schema !== undefined) writeArgs(schema, result as never, out);
    return RPC_STATUS.OK;
  }

  /** Writes an EVENT of server-to-client RPC `name` to `out` (send it to the recipients). */
  writeEvent<N extends RpcNames<D, "server-to-client">>(
    name: N,
    args: RpcArgs<D, N>,
    out: ByteWriter,
  ): void {
    const entry = this.table.byName(name);
    writeEventHeader(out, entry.id);
    writeArgs(entry.declaration.args, args, out);
  }

  /** Forgets a player's rate limiters. */
  removePlayer(playerId: number): void {
    this.#limits.delete(playerId);
  }

  #limiter(
    playerId: number,
    rpcId: number,
    limit: { perSecond: number; burst: number } | undefined,
    now: number,
  ): RateLimiter {
    let perPlayer = this.#limits.get(playerId);
    if (perPlayer === undefined) {
      perPlayer = new Map();
      this.#limits.set(playerId, perPlayer);
    }
    let limiter = perPlayer.get(rpcId);
    if (limiter === undefined) {
      const { perSecond, burst } = limit ?? DEFAULT_RPC_RATE_LIMIT;
      limiter = new RateLimiter(perSecond, burst, now);
      perPlayer.set(rpcId, limiter);
    }
    return limiter;
  }
}

/** A game's RPCs as the room runs them: the declarations and a per-room dispatcher. */
export interface GameRpc {
  readonly table: RpcTable<RpcDeclarations>;
  /**
   * A dispatcher for one room (rate limits are per room and player); its handlers reach the
   * room's `interest` (null: none).
   */
  createServer(
    deliver: RpcDeliver,
    interest?: RoomInterest | null,
    rewindFor?: (playerId: number, now: number) => PlayerRewind | null,
    action?: ActionCheck,
  ): RpcServer<RpcDeclarations>;
}

/**
 * Binds declarations to their handlers for GameDefinition.rpc, typed from the declarations.
 * @example
 * rpc: gameRpc(rpcs, { emote: ({ playerId, emit }, { kind }) => emit({ to: "all" }, "emoted", { player: playerId, kind }) })
 */
export function gameRpc<D extends RpcDeclarations>(
  table: RpcTable<D>,
  handlers: RpcHandlers<D>,
): GameRpc {
  return {
    table: table as unknown as RpcTable<RpcDeclarations>,
    createServer: (deliver, interest, rewindFor, action) =>
      new RpcServer(
        table,
        handlers,
        deliver,
        interest,
        rewindFor,
        action,
      ) as unknown as RpcServer<RpcDeclarations>,
  };
}
