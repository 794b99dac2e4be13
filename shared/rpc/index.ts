// Typed RPC: declarations, argument codec, frames, the room's dispatcher and the client side.
export { type ArgSchema, type ArgsOf, type ArgType, arg, readArgs, writeArgs } from "./rpc-args.js";
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
