// Typed RPC for the client: `call` sends a CALL and returns a promise of the declared result
// (rejected with the server's status and reason), `on` subscribes to server-to-client RPCs
// with their declared argument types. Transport-agnostic: it is handed a `send` and fed the
// RPC frames (type 0x47 / 0x48) the connection receives. Unreliable calls (declared
// `delivery: "unreliable"`) are latest-wins: while the socket is backed up the newest call
// per RPC waits, replacing (and rejecting) an older one, and goes out once it drains. A call
// over its RPC's declared rate limit is refused here, unsent, with the status the room would
// answer: an honest client never sends what its declarations forbid, and the room's fair play
// counts refused calls against a player (docs/fair-play.md).

import { ByteWriter } from "../../shared/codec/byte-writer.js";
import { RateLimiter } from "../../shared/room/rate-limiter.js";
import { RPC_OP, RPC_STATUS, RpcClient } from "../../shared/rpc/index.js";
import { DEFAULT_RPC_RATE_LIMIT } from "../../shared/rpc/rpc-server.js";
import type {
  RpcArgs,
  RpcDeclarations,
  RpcNames,
  RpcResult,
  RpcTable,
} from "../../shared/rpc/rpc-table.js";

/** RpcError.status of a call that never reached the server: the connection closed first. */
export const RPC_CONNECTION_CLOSED = -1;

/**
 * RpcError.status of a call whose link dropped before its answer came (the connection may be
 * resuming): the room may or may not have run it, and its answer went to the old link. The
 * game decides whether calling again is safe (a resumed room's state tells).
 */
export const RPC_LINK_LOST = -3;

/**
 * RpcError.status of an unreliable call held while the socket was backed up and replaced by
 * a newer call of the same RPC before it was sent (latest wins; the server never saw it).
 */
export const RPC_SUPERSEDED = -2;

/** A call the server refused or that failed in its handler, or one never sent. */
export class RpcError extends Error {
  /**
   * RPC_STATUS of the answer (1 unknown, 2 bad arguments, 3 rate limited, 4 handler failed);
   * −1 ({@link RPC_CONNECTION_CLOSED}): the connection closed first; −2
   * ({@link RPC_SUPERSEDED}): a newer unreliable call of the same RPC replaced it unsent;
   * −3 ({@link RPC_LINK_LOST}): the link dropped before the answer (or was down at the call).
   */
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.name = "RpcError";
    this.status = status;
  }
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/** An unreliable call waiting for the socket to drain. */
interface Held {
  readonly callId: number;
  readonly frame: Uint8Array;
}

/** How RoomRpc sends unreliable calls. */
export interface RoomRpcOptions {
  /** Bytes the socket holds unsent (`ws.bufferedAmount`); omitted: 0, never backed up. */
  readonly buffered?: () => number;
  /**
   * Unsent bytes above which unreliable calls are held, the latest per RPC, until the
   * socket is back at or below (then {@link RoomRpc.flush} sends them), in bytes.
   * @default 16384 (16 KiB: seconds of a client's input frames; more is a stalled uplink)
   */
  readonly backpressureBytes?: number;
  /** The clock the calls' rate limits run on, ms. @default performance.now */
  readonly now?: () => number;
}

/** Default of RoomRpcOptions.backpressureBytes. */
export const DEFAULT_RPC_BACKPRESSURE_BYTES = 16 * 1024;

/**
 * @example
 * const rpc = new RoomRpc(rpcs, (bytes) => socket.send(bytes), { buffered: () => socket.bufferedAmount });
 * rpc.on("emoted", ({ player, kind }) => showEmote(player, kind));
 * await rpc.call("emote", { kind: "wave" });
 * // for every frame: if (RoomRpc.isRpcFrame(bytes)) rpc.receive(bytes);
 * // every few ms: rpc.flush(); // held unreliable calls go out once the socket drained
 */
export class RoomRpc<D extends RpcDeclarations> {
  readonly #client: RpcClient<D>;
  readonly #send: (bytes: Uint8Array) => unknown;
  readonly #out = new ByteWriter(64);
  readonly #pending = new Map<number, Pending>();
  readonly #listeners = new Map<string, Set<(args: never) => void>>();
  /** Unreliable calls held by rpc name, in call order (Map order: the latest call last). */
  readonly #held = new Map<string, Held>();
  readonly #buffered: () => number;
  readonly #threshold: number;
  readonly #now: () => number;
  /** Each client-to-server RPC's rate limit as the room applies it, made on first call. */
  readonly #limits = new Map<string, RateLimiter>();

  /**
   * @param send writes a frame to the link; false when the link is down (the call is then
   *   refused with {@link RPC_LINK_LOST} at once instead of waiting for an answer never sent)
   */
  constructor(
    table: RpcTable<D>,
    send: (bytes: Uint8Array) => unknown,
    options: RoomRpcOptions = {},
  ) {
    const threshold = options.backpressureBytes ?? DEFAULT_RPC_BACKPRESSURE_BYTES;
    if (!Number.isInteger(threshold) || threshold < 0)
      throw new RangeError(`rpc.backpressureBytes must be an integer ≥ 0, got ${threshold}`);
    this.#client = new RpcClient(table);
    this.#send = send;
    this.#buffered = options.buffered ?? (() => 0);
    this.#threshold = threshold;
    this.#now = options.now ?? (() => performance.now());
  }

  /** True for the frame types this class reads. */
  static isRpcFrame(bytes: Uint8Array): boolean {
    return bytes[0] === RPC_OP.RESULT || bytes[0] === RPC_OP.EVENT;
  }

  /**
   * Calls client-to-server RPC `name`; resolves with its declared result. An unreliable RPC
   * made while the socket is backed up is held (see {@link RoomRpcOptions}); a newer call of
   * it replaces the held one, whose promise rejects with status {@link RPC_SUPERSEDED}.
   */
  call<N extends RpcNames<D, "client-to-server">>(
    name: N,
    args: RpcArgs<D, N>,
  ): Promise<RpcResult<D, N>> {
    const declaration = this.#client.table.byName(name).declaration;
    if (!this.#allowed(name, declaration.rateLimit)) {
      const refused = `${name}: over its declared rate (${declaration.rateLimit?.perSecond ?? DEFAULT_RPC_RATE_LIMIT.perSecond}/s), not sent`;
      return Promise.reject(new RpcError(RPC_STATUS.RATE_LIMITED, refused));
    }
    this.#out.reset();
    const callId = this.#client.writeCall(name, args, this.#out);
    const frame = this.#out.view().slice();
    const unreliable = declaration.delivery === "unreliable";
    return new Promise<RpcResult<D, N>>((resolve, reject) => {
      this.#pending.set(callId, { resolve: resolve as (v: unknown) => void, reject });
      if (unreliable) this.#callUnreliable(name, { callId, frame });
      else if (this.#send(frame) === false) this.#unsent(callId, name);
    });
  }

  /** Whether a call of `name` now keeps within its declared rate limit (and takes its token). */
  #allowed(name: string, limit: { perSecond: number; burst: number } | undefined): boolean {
    const now = this.#now();
    let limiter = this.#limits.get(name);
    if (!limiter) {
      const { perSecond, burst } = limit ?? DEFAULT_RPC_RATE_LIMIT;
      limiter = new RateLimiter(perSecond, burst, now);
      this.#limits.set(name, limiter);
    }
    return limiter.take(now);
  }

  /** Sends the held unreliable calls, in call order, once the socket is no longer backed up. */
  flush(): void {
    if (this.#held.size === 0 || this.#backedUp()) return;
    for (const [name, h] of this.#held) {
      // The link went down: the rest stay held for the next one.
      if (this.#send(h.frame) === false) return;
      this.#held.delete(name);
    }
  }

  /** Unreliable calls waiting for the socket to drain. */
  get held(): number {
    return this.#held.size;
  }

  #callUnreliable(name: string, call: Held): void {
    const older = this.#held.get(name);
    if (older !== undefined) {
      this.#held.delete(name);
      this.#supersede(name, older.callId);
    }
    if (this.#backedUp()) {
      this.#held.set(name, call);
      return;
    }
    // Calls held earlier go first: each RPC's calls reach the server in call order.
    this.flush();
    // Not sent (the link is down): held like a backed-up call, for the link that comes back.
    if (this.#held.size > 0 || this.#send(call.frame) === false) this.#held.set(name, call);
  }

  #supersede(name: string, callId: number): void {
    const pending = this.#pending.get(callId);
    this.#pending.delete(callId);
    this.#client.cancel(callId);
    const error = `${name}: superseded by a newer call before it was sent`;
    pending?.reject(new RpcError(RPC_SUPERSEDED, error));
  }

  #backedUp(): boolean {
    return this.#buffered() > this.#threshold;
  }

  /** Subscribes to server-to-client RPC `name`; returns the unsubscribe function. */
  on<N extends RpcNames<D, "server-to-client">>(
    name: N,
    listener: (args: RpcArgs<D, N>) => void,
  ): () => void {
    let set = this.#listeners.get(name);
    if (!set) {
      set = new Set();
      this.#listeners.set(name, set);
    }
    set.add(listener as (args: never) => void);
    return () => set.delete(listener as (args: never) => void);
  }

  /** Feeds one RESULT or EVENT frame; returns the reason when the frame is refused. */
  receive(bytes: Uint8Array): string | undefined {
    const read = this.#client.read(bytes);
    if (!read.ok) return read.error;
    const msg = read.value;
    if (msg.type === "event") {
      for (const l of this.#listeners.get(msg.name) ?? []) (l as (a: unknown) => void)(msg.args);
      return undefined;
    }
    const pending = this.#pending.get(msg.callId);
    if (pending === undefined) return undefined;
    this.#pending.delete(msg.callId);
    if (msg.status === 0) pending.resolve(msg.value);
    else pending.reject(new RpcError(msg.status, msg.error ?? "rpc failed"));
    return undefined;
  }

  /**
   * The link dropped (the connection may resume on a new one): every call sent and not yet
   * answered is rejected with {@link RPC_LINK_LOST}, as its answer would go to the old link.
   * Held unreliable calls were never sent: they stay, and go out on the new link.
   */
  linkLost(reason = "link lost before the answer"): void {
    const held = new Set([...this.#held.values()].map((h) => h.callId));
    for (const [callId, p] of this.#pending) {
      if (held.has(callId)) continue;
      this.#pending.delete(callId);
      this.#client.cancel(callId);
      p.reject(new RpcError(RPC_LINK_LOST, reason));
    }
  }

  /** A call whose frame the link could not take (it is down). */
  #unsent(callId: number, name: string): void {
    const pending = this.#pending.get(callId);
    this.#pending.delete(callId);
    this.#client.cancel(callId);
    pending?.reject(new RpcError(RPC_LINK_LOST, `${name}: the link is down`));
  }

  /** Rejects every call still waiting, held ones included (the connection closed). */
  close(reason = "connection closed"): void {
    for (const p of this.#pending.values()) p.reject(new RpcError(RPC_CONNECTION_CLOSED, reason));
    this.#pending.clear();
    this.#held.clear();
  }
}
