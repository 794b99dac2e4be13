// Handover: when a peer leaves with handover, one remaining peer adopts its entities. The
// rule (docs/sessions.md, "Handover"): the remaining peer with the lowest peer id adopts,
// as the signaling service elects a listen session's new host. The adopter copies each
// entity from its mirror of the leaver into its own world and replicates it from then on;
// the others drop their mirror of the leaver and receive the entities from the adopter.

import type { ReplicationClient } from "../../../../shared/replication/replication-client.js";
import type { NetworkSchema } from "../../../../shared/schema/network-schema.js";
import type { Entity, World } from "../../../../shared/world/world.js";

/** One adopted entity: the leaver's id for it and the adopter's new entity. */
export interface AdoptedEntity {
  /** The entity's id in the leaver's world (its NetworkId in the leaver's updates). */
  readonly previous: number;
  /** The entity in the adopter's `mesh.local`. */
  readonly entity: Entity;
}

/** What an adoption did. */
export interface Adoption {
  /** Adopted entities, by ascending `previous`. */
  readonly entities: readonly AdoptedEntity[];
  /** Entities left behind because the local world was full. */
  readonly refused: number;
}

/** The adopter among the peers that remain (the leaver excluded): the lowest id, or null. */
export function chooseAdopter(remaining: Iterable<number>): number | null {
  let lowest: number | null = null;
  for (const peerId of remaining) if (lowest === null || peerId < lowest) lowest = peerId;
  return lowest;
}

/**
 * Copies every entity `mirror` holds into `local` as new entities with the same replicated
 * components and values (local components are not replicated, so a mirror has none). The
 * spawns are delivered to `local`'s listeners at its next flush (the mesh's next tick).
 */
export function adoptEntities(
  mirror: ReplicationClient,
  local: World,
  schema: NetworkSchema,
): Adoption {
  const from = mirror.world;
  const ids = Array.from(mirror.networkIds());
  const entities: AdoptedEntity[] = [];
  let refused = 0;
  for (const previous of ids) {
    if (local.spawnable(1) === 0) {
      refused++;
      continue;
    }
    const source = mirror.entityOf(previous);
    const entity = local.spawn();
    for (const def of schema.components) {
      if (!from.has(source, def)) continue;
      local.add(entity, def);
      const src = from.schemaStore(def);
      const dst = local.schemaStore(def);
      for (const f of def.fields) {
        if (f.stringAt >= 0) {
          dst.strings[f.stringAt]![entity] = src.strings[f.stringAt]![source]!;
          continue;
        }
        const srcLanes = src.lanes[f.index]!;
        const dstLanes = dst.lanes[f.index]!;
        for (let l = 0; l < srcLanes.length; l++) dstLanes[l]![entity] = srcLanes[l]![source]!;
      }
    }
    entities.push({ previous, entity });
  }
  return { entities, refused };
}
