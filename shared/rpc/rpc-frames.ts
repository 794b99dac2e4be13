// RPC frames on the room's WebSocket. The type bytes are entries of the protocol's opcode
// tables (shared/protocol/opcodes.ts); decodeServerMessage hands RESULT and EVENT frames over
// whole ({ type: "rpc" }), since their layout depends on the game's declarations.
//
//   CALL   client → server  [0x04][rpcId u8][callId u16][args …]        4 + args bytes
//   RESULT server → client  [0x47][callId u16][status u8][result | str8] 4 + … bytes
//   EVENT  server → client  [0x48][rpcId u8][args …]                     2 + args bytes

import { ByteReader } from "../codec/byte-reader.js";
import type { ByteWriter } from "../codec/byte-writer.js";
import { err, ok, type Result } from "../codec/result.js";
import { CLIENT_OP, SERVER_OP } from "../protocol/opcodes.js";

/** RPC frame type bytes (entries of the protocol's opcode tables). */
export const RPC_OP = {
  CALL: CLIENT_OP.RPC_CALL, //     0x04
  RESULT: SERVER_OP.RPC_RESULT, // 0x47
  EVENT: SERVER_OP.RPC_EVENT, //   0x48
} as const;

/** Outcome of a call, the RESULT's status byte. */
export const RPC_STATUS = {
  OK: 0,
  /** No client-to-server RPC has that id. */
  UNKNOWN_RPC: 1,
  /** The arguments did not decode against the declared schema. */
  BAD_ARGUMENTS: 2,
  /** The caller exceeded the RPC's rate limit; the call was not run. */
  RATE_LIMITED: 3,
  /** The game's handler threw; the room carries on. */
  HANDLER_FAILED: 4,
} as const;

/** A RESULT status. */
export type RpcStatus = (typeof RPC_STATUS)[keyof typeof RPC_STATUS];

/** A decoded CALL (arguments still encoded). */
export interface RpcCallFrame {
  readonly rpcId: number;
  readonly callId: number;
  readonly args: Uint8Array;
}

/** Writes a CALL header; the caller appends the arguments. */
export function writeCallHeader(w: ByteWriter, rpcId: number, callId: number): void {
  w.u8(RPC_OP.CALL).u8(rpcId).u16(callId);
}

/** Reads a CALL from hostile bytes. */
export function readCall(bytes: Uint8Array): Result<RpcCallFrame> {
  const r = new ByteReader(bytes);
  if (r.u8() !== RPC_OP.CALL) return err("not an rpc call");
  const rpcId = r.u8();
  const callId = r.u16();
  if (r.failed) return err("rpc call truncated");
  return ok({ rpcId, callId, args: r.rest() });
}

/** Writes a RESULT header; for OK the caller appends the result, else use {@link writeError}. */
export function writeResultHeader(w: ByteWriter, callId: number, status: RpcStatus): void {
  w.u8(RPC_OP.RESULT).u16(callId).u8(status);
}

/** Writes a whole error RESULT with its message (truncated to 255 bytes of UTF-8). */
export function writeError(
  w: ByteWriter,
  callId: number,
  status: RpcStatus,
  message: string,
): void {
  writeResultHeader(w, callId, status);
  w.str8(message.length > 120 ? `${message.slice(0, 117)}...` : message);
}

/** Writes an EVENT header; the caller appends the arguments. */
export function writeEventHeader(w: ByteWriter, rpcId: number): void {
  w.u8(RPC_OP.EVENT).u8(rpcId);
}
