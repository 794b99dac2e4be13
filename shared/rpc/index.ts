// Typed RPC: declarations, argument codec, frames, the room's dispatcher and the client side.
// Free-form validators answer with the codec's results, so `ok` and `err` are exported here too.
export { type Err, err, type Ok, ok, type Result } from "../codec/result.js";
export { readArgs, writeArgs } from "./rpc-arg-codec.js";
export type { ArgsOf, ArgValue } from "./rpc-arg-values.js";
export { type ArgSchema, type ArgType, arg } from "./rpc-args.js";
export { RpcClient, type RpcIncoming } from "./rpc-client.js";
export {
  RPC_OP,
  RPC_STATUS,
  type RpcCallFrame,
  type RpcStatus,
  readCall,
  writeCallHeader,
  writeError,
  writeEventHeader,
  writeResultHeader,
} from "./rpc-frames.js";
export type { FreeFormArg, FreeFormValidator, FreeFormValue } from "./rpc-free-form.js";
export { MAX_FREE_FORM_DEPTH } from "./rpc-free-form-scan.js";
export {
  type GameRpc,
  gameRpc,
  type RpcContext,
  type RpcDeliver,
  type RpcHandlers,
  RpcServer,
  type RpcTarget,
} from "./rpc-server.js";
export {
  defineRpcs,
  MAX_RPCS,
  type RpcArgs,
  type RpcDeclaration,
  type RpcDeclarations,
  type RpcDelivery,
  type RpcDirection,
  type RpcEntry,
  type RpcNames,
  type RpcResult,
  RpcTable,
} from "./rpc-table.js";
