// The client's side of typed RPC: writes CALLs with numbered call ids and matches RESULTs to
// them; decodes server EVENTs against the same declarations. Typed from the table on both
// sides: `call("emote", { kind: "wave" })` checks the arguments, `onResult` gets the result
// type. The transport (socket, promise plumbing) belongs to the client package.

import { ByteReader } from "../codec/byte-reader.js";
import type { ByteWriter } from "../codec/byte-writer.js";
import { err, ok, type Result } from "../codec/result.js";
import { readArgs, writeArgs } from "./rpc-arg-codec.js";
import { RPC_OP, RPC_STATUS, writeCallHeader } from "./rpc-frames.js";
import type { RpcArgs, RpcDeclarations, RpcNames, RpcResult, RpcTable } from "./rpc-table.js";

/** A decoded server RPC frame. */
export type RpcIncoming<D extends RpcDeclarations> =
  | {
      readonly type: "result";
      readonly callId: number;
      /** The RPC the call named (undefined when the call id is unknown, e.g. callId 0). */
      readonly name: string | undefined;
      readonly status: number;
      /** The decoded result (status OK), else undefined. */
      readonly value: unknown;
      /** The server's reason (status not OK). */
      readonly error: string | undefined;
    }
  | {
      [N in RpcNames<D, "server-to-client">]: {
        readonly type: "event";
        readonly name: N;
        readonly args: RpcArgs<D, N>;
      };
    }[RpcNames<D, "server-to-client">];

/**
 * @example
 * const rpc = new RpcClient(rpcs);
 * const id = rpc.writeCall("emote", { kind: "wave" }, w); socket.send(w.view());
 * const msg = rpc.read(frame); // { type: "result", callId: id, … } or { type: "event", … }
 */
export class RpcClient<D extends RpcDeclarations> {
  readonly table: RpcTable<D>;
  /** Pending calls: callId → rpc name. */
  readonly #pending = new Map<number, string>();
  #nextCallId = 1;

  constructor(table: RpcTable<D>) {
    this.table = table;
  }

  /** Writes a CALL of `name` into `out` (reset by the caller); returns its call id (1..65535). */
  writeCall<N extends RpcNames<D, "client-to-server">>(
    name: N,
    args: RpcArgs<D, N>,
    out: ByteWriter,
  ): number {
    const entry = this.table.byName(name);
    const callId = this.#nextCallId;
    // 0 is left for "no call" (a RESULT the server could not tie to a call id).
    this.#nextCallId = callId === 0xffff ? 1 : callId + 1;
    writeCallHeader(out, entry.id, callId);
    writeArgs(entry.declaration.args, args, out);
    this.#pending.set(callId, name);
    return callId;
  }

  /** Forgets call `callId` (a call the client dropped before sending it; no RESULT comes). */
  cancel(callId: number): void {
    this.#pending.delete(callId);
  }

  /** Narrows an OK result of `name` to its declared type. */
  resultOf<N extends RpcNames<D, "client-to-server">>(_name: N, value: unknown): RpcResult<D, N> {
    return value as RpcResult<D, N>;
  }

  /** Reads a RESULT or EVENT frame from hostile bytes. */
  read(frame: Uint8Array): Result<RpcIncoming<D>> {
    const r = new ByteReader(frame);
    const op = r.u8();
    if (op === RPC_OP.RESULT) {
      const callId = r.u16();
      const status = r.u8();
      if (r.failed) return err("rpc result truncated");
      const name = this.#pending.get(callId);
      this.#pending.delete(callId);
      if (status !== RPC_STATUS.OK) {
        const error = r.str8();
        if (r.failed || r.remaining !== 0) return err("rpc error malformed");
        return ok({ type: "result", callId, name, status, value: undefined, error });
      }
      if (name === undefined) return err(`rpc result for unknown call ${callId}`);
      const schema = this.table.byName(name).declaration.result ?? {};
      const value = readArgs(schema, r.rest());
      if (!value.ok) return err(`rpc result of ${name}: ${value.error}`);
      return ok({ type: "result", callId, name, status, value: value.value, error: undefined });
    }
    if (op === RPC_OP.EVENT) {
      const rpcId = r.u8();
      if (r.failed) return err("rpc event truncated");
      const entry = this.table.byId(rpcId);
      if (entry === undefined || entry.declaration.direction !== "server-to-client")
        return err(`no server rpc with id ${rpcId}`);
      const args = readArgs(entry.declaration.args, r.rest());
      if (!args.ok) return err(`rpc event ${entry.name}: ${args.error}`);
      return ok({ type: "event", name: entry.name, args: args.value } as RpcIncoming<D>);
    }
    return err(`not an rpc frame: 0x${op.toString(16)}`);
  }
}
