// What the process holds after a full collection: the V8 heap in use plus the backing stores
// of ArrayBuffers (typed arrays, which is where the room keeps most of its state). The
// difference of two readings is what was made between them and is still referenced.
// `gc` comes from a fresh context once --expose-gc is set, so no bench needs a Node flag.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

setFlagsFromString("--expose-gc");
const collect = runInNewContext("gc") as () => void;

/**
 * Bytes held after a full garbage collection (heap used + ArrayBuffer backing stores). Pass
 * what is being measured as arguments: a caller's local that is not read after the call is
 * dead to V8's optimized code, and the collection would free it before the reading.
 *
 * @example
 * const before = heldBytes();
 * const room = new RoomCore(game, "r", host);
 * heldBytes(room) - before; // what the room holds
 */
export function heldBytes(..._kept: unknown[]): number {
  // The arguments stay referenced by this call's frame through the collection. Twice: after
  // one, the capacity bench still read the previous room of the process (48 MB of it, gone
  // at the next; what kept it one collection longer was not found).
  collect();
  collect();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}
