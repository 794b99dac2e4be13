// Seeks through the client package's ReplayPlayer, as a viewer does: the recorded chunks
// served from memory by `loadChunk` (no network), the player keeping its default few
// decoded chunks, `await player.seek(ms)` timed. Each landing is compared field by field with
// the bench's own seek to the same tick (replay-seek.ts), which the recording run checked
// against the live room: the player must hold exactly the same world.
import { performance } from "node:perf_hooks";
import { createReplayPlayer, type ReplayPlayer } from "../../client/src/index.js";
import type { GameDefinition } from "../../shared/game/game-definition.js";
import { chunkOfTick, type ReplayManifest } from "../../shared/replay/index.js";
import { EdgetickClient } from "../systems/edgetick-client.js";
import { Kind, Motion, Vitals } from "../systems/edgetick-schema.js";
import type { EntitySample } from "../systems/system.js";
import { seekInChunk } from "./replay-seek.js";

/** What the client's seeks measured. */
export interface ClientSeeks {
  /** Every seek's time, ms. */
  readonly seekMs: Float64Array;
  /** The first landing that differed from the bench's seek, or null. */
  readonly failure: string | null;
}

/** Reads entity `id` of the player's world into `out`; false when it holds none. */
function readPlayer(player: ReplayPlayer<unknown>, id: number, out: EntitySample): boolean {
  const e = player.entityOf(id);
  if (e < 0) return false;
  const m = player.world.store(Motion);
  out.x = m.pos.x[e]!;
  out.y = m.pos.y[e]!;
  out.vx = m.vel.x[e]!;
  out.vy = m.vel.y[e]!;
  out.angle = m.angle[e]!;
  out.hp = player.world.store(Vitals).hp[e]!;
  out.kind = player.world.store(Kind).kind[e]!;
  return true;
}

/** Why `player` differs from `reference` over ids 0..entityCount−1, or null when it does not. */
function difference(
  player: ReplayPlayer<unknown>,
  reference: EdgetickClient,
  entityCount: number,
): string | null {
  // The scene's entities all live for the whole match: both must hold every one of them.
  if (reference.size() !== entityCount)
    return `the bench's seek holds ${reference.size()} entities of ${entityCount}`;
  const a: EntitySample = { x: 0, y: 0, vx: 0, vy: 0, angle: 0, hp: 0, kind: 0 };
  const b: EntitySample = { ...a };
  for (let id = 0; id < entityCount; id++) {
    const has = readPlayer(player, id, a);
    if (has !== reference.read(id, b)) return `entity ${id} ${has ? "extra" : "missing"}`;
    if (!has) continue;
    for (const field of ["x", "y", "vx", "vy", "angle", "hp", "kind"] as const)
      if (!Object.is(a[field], b[field]))
        return `entity ${id} ${field} = ${a[field]}, the bench's seek has ${b[field]}`;
  }
  return null;
}

/**
 * Seeks a ReplayPlayer of `game` to each tick of `targets` (in this order) in the replay of
 * `manifest` and `chunks`; checks each landing against the bench's seek.
 */
export async function clientSeeks(
  game: GameDefinition<unknown>,
  manifest: ReplayManifest,
  chunks: readonly Uint8Array[],
  targets: readonly number[],
  entityCount: number,
): Promise<ClientSeeks> {
  const player = createReplayPlayer({
    game,
    manifest,
    loadChunk: (n) => Promise.resolve(chunks[n]!),
  });
  const reference = new EdgetickClient(game.schema);
  const seekMs = new Float64Array(targets.length);
  for (let i = 0; i < targets.length; i++) {
    const tick = targets[i]!;
    const ms = ((tick - manifest.startTick) * 1000) / manifest.tickRate;
    const t0 = performance.now();
    await player.seek(ms);
    seekMs[i] = performance.now() - t0;
    const entry = chunkOfTick(manifest, tick)!;
    seekInChunk(chunks[entry.index]!, tick, reference);
    const why =
      player.tick !== tick
        ? `landed on tick ${player.tick}`
        : difference(player, reference, entityCount);
    if (why !== null)
      return { seekMs: seekMs.subarray(0, i), failure: `client seek to tick ${tick}: ${why}` };
  }
  return { seekMs, failure: null };
}
