// Restarts a room's object as a deploy does: ctx.abort() resets it (its sockets close with
// 1006) and the next request builds it afresh from its storage. A room or zone with players
// cannot be evicted in the test pool (its sockets and its neighbours' calls hold references
// to it), so this reset stands in for the eviction too.
import { runInDurableObject } from "cloudflare:test";

/** Resets `stub`'s object as a deploy does. */
export async function restartObject(stub: DurableObjectStub): Promise<void> {
  // The abort rejects the call that made it: that is the restart, not a failure.
  await runInDurableObject(stub, (_room, state) => state.abort("deploy")).catch(() => {});
}
