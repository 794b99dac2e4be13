// Typed RPC for the client: `call` sends a CALL and returns a promise of the declared result
// (rejected with the server's status and reason), `on` subscribes to server-to-client RPCs
// with their declared argument types. Transport-agnostic: it is handed a `send` and fed the
// RPC frames (type 0x47 / 0x48) the connection receives.

import { ByteWriter } from "../../shared/codec/byte-writer.js";
import { RPC_OP, RpcClient } from "../../shared/rpc/index.js";
import type {
  RpcArgs,
  RpcDeclarations,
  RpcNames,
  RpcResult,
  RpcTable,
} from "../../shared/rpc/rpc-table.js";

/** A call the server refused or that failed in its handler. */
export class RpcError extends Error {
  /** RPC_STATUS of the answer (1 unknown, 2 bad arguments, 3 rate limited, 4 handler failed); −1: the connection closed first. */
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

/**
 * @example
 * const rpc = new RoomRpc(rpcs, (bytes) => socket.send(bytes));
 * rpc.on("emoted", ({ player, kind }) => showEmote(player, kind));
 * await rpc.call("emote", { kind: "wave" });
 * // for every frame: if (RoomRpc.isRpcFrame(bytes)) rpc.receive(bytes);
 */
export class RoomRpc<D extends RpcDeclarations> {
  readonly #client: RpcClient<D>;
  readonly #send: (bytes: Uint8Array) => void;
  readonly #out = new ByteWriter(64);
  readonly #pending = new Map<number, Pending>();
  readonly #listeners = new Map<string, Set<(args: never) => void>>();

  constructor(table: RpcTable<D>, send: (bytes: Uint8Array) => void) {
    this.#client = new RpcClient(table);
    this.#send = send;
  }

  /** True for the frame types this class reads. */
  static isRpcFrame(bytes: Uint8Array): boolean {
    return bytes[0] === RPC_OP.RESULT || bytes[0] === RPC_OP.EVENT;
  }

  /** Calls client-to-server RPC `name`; resolves with its declared result. */
  call<N extends RpcNames<D, "client-to-server">>(
    name: N,
    args: RpcArgs<D, N>,
  ): Promise<RpcResult<D, N>> {
    this.#out.reset();
    const callId = this.#client.writeCall(name, args, this.#out);
    return new Promise<RpcResult<D, N>>((resolve, reject) => {
      this.#pending.set(callId, { resolve: resolve as (v: unknown) => void, reject });
      this.#send(this.#out.view().slice());
    });
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

  /** Rejects every call still waiting (the connection closed). */
  close(reason = "connection closed"): void {
    for (const p of this.#pending.values()) p.reject(new RpcError(-1, reason));
    this.#pending.clear();
  }
}
