// Which players a server-to-client RPC reaches: one player, everyone, the players whose
// visible set holds an entity this tick, or a team (the interest rules' teams).

import type { RpcTarget } from "../rpc/rpc-server.js";
import type { EntitySet } from "../world/entity-set.js";
import type { RelevancyRules } from "./relevancy-rules.js";

/**
 * True when player `playerId` (holding `visible`, null: everything) is in `target`.
 * @example
 * if (rpcTargetIncludes({ to: "interested", entity: e }, p.id, p.visible, rules)) send(p);
 */
export function rpcTargetIncludes(
  target: RpcTarget,
  playerId: number,
  visible: EntitySet | null,
  rules: RelevancyRules | undefined,
): boolean {
  switch (target.to) {
    case "player":
      return target.playerId === playerId;
    case "all":
      return true;
    case "interested":
      return visible === null || visible.has(target.entity);
    case "team":
      return rules?.teamOf(playerId) === target.team;
  }
}
