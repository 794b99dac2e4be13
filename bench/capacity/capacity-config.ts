// The rooms `npm run bench:capacity` measures: issue 8's room (200 clients × 5,000 coasting
// entities), the same room under a per-client state budget, and issue 21's room (1,000
// players × 10,000 steering entities), all at radius 300 (SCENES.md's arena rules).
import type { SceneMotion } from "../scenes/scene-config.js";

/** One capacity room: its clients, its entities and how they move. */
export interface CapacityConfig {
  clients: number;
  entities: number;
  motion: SceneMotion;
  /** Clients (the first ones) whose decoded world is checked after every tick. @default 0 */
  verifiedClients?: number;
}

/** Issue 8's room: clients, entities, tick rate and interest radius (coasting motion). */
export const CLIENTS = 200;
export const ENTITIES = 5_000;
export const RADIUS = 300;

/** Issue 8's room itself: every client, every entity, coasting. */
export const BASE: CapacityConfig = { clients: CLIENTS, entities: ENTITIES, motion: "coasting" };

/** Clients of the 1,000-player room that decode every update, verified against the scene. */
export const VERIFIED_CLIENTS = 10;

/** Issue 21's room: 1,000 players × 10,000 entities, radius 300, every mover steering. */
export const LARGE: CapacityConfig = {
  clients: 1_000,
  entities: 10_000,
  motion: "steering",
  verifiedClients: VERIFIED_CLIENTS,
};

/** The budgeted run's per-client state budget: about 60% of what the views change by. */
export const BUDGETED_BYTES_PER_SECOND = 1536;
/** Clients of the budgeted run that decode their snapshots, for freshness. */
export const SAMPLED_CLIENTS = 20;
