// A GameRoom's whole verdict on a HELLO its admission holds back (admission.ts): a zone's
// traveller is let in on the zone's word; anyone else's credentials are checked first (of the
// HELLO's role: a join ticket only seats a player, a spectator ticket only admits a
// spectator), then this room's access policy for that role (hello-policy.ts).

import type { DurableObjectsEnv } from "../../server/env.js";
import type { RoomConfig } from "../../server/placement/room-config.js";
import type { HelloMessage } from "../../shared/protocol/client-messages.js";
import { type AdmissionDecision, checkJoin } from "./admission.js";
import { helloPolicy } from "./hello-policy.js";
import type { RoomRun } from "./room-run.js";

/**
 * Whether `hello` may join room `roomId`, and as whom.
 * @param config the room's configuration, read now (backfill may add members)
 * @param run the room's run, undefined before it is built
 */
export async function helloVerdict(
  env: DurableObjectsEnv,
  roomId: string,
  hello: HelloMessage,
  config: RoomConfig | undefined,
  run: RoomRun | undefined,
): Promise<AdmissionDecision> {
  // A zone ticket is no signed token: the zone that issued it announced its holder over RPC.
  const traveller = run?.zone?.travellerOf(hello, Date.now());
  if (traveller !== undefined)
    return { ok: true, identity: { accountId: traveller, roles: [], via: "join" } };
  // An expired join ticket is worth checking only where a seat could resume (a zone's).
  const resuming = hello.resume !== "" && config?.zone !== undefined && run !== undefined;
  const now = Date.now();
  const decision = await checkJoin(env, hello.token, roomId, now, hello.role, resuming);
  if (!config || !run) return decision;
  return helloPolicy(config, hello, decision, (token, id) => run.core.resumes(token, id));
}
