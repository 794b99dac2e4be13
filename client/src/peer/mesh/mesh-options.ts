// Options of createMesh(): the game and the local peer's id are required, the rest has
// defaults; resolved and checked once, naming the bad field.

import type { GameDefinition } from "../../../../shared/game/game-definition.js";
import { isMeshGameName } from "../../../../shared/peer/mesh-messages.js";

/** Most peers in one mesh, the local one included: traffic grows with the square of it. */
export const MAX_MESH_PEERS = 8;

/**
 * What a mesh needs of a game: its name and schema (checked in every HELLO), its world size
 * and whether replicated fields are rounded to their precision. A full GameDefinition fits;
 * the mesh runs neither `setup` nor `step` (each peer simulates the entities it owns).
 */
export type MeshGame = Pick<GameDefinition<unknown>, "name" | "schema" | "world" | "quantizeState">;

/** How to run one peer of a P2P mesh. */
export interface MeshOptions {
  /** The game every peer of the mesh plays; a peer of another game or schema build is refused. */
  game: MeshGame;
  /** This peer's id in the session (1–65 535, from the signaling WELCOME). */
  peerId: number;
  /**
   * Time a new link has to deliver the other peer's HELLO, ms, counted from the first
   * {@link Mesh.tick} after {@link Mesh.addPeer}; then it is closed (4003).
   * @default 10000
   */
  handshakeTimeoutMs?: number;
  /**
   * What happens to the entities of a peer whose link closes without a HANDOVER (it dropped,
   * or left without handing over): false removes them, true lets the remaining peer with the
   * lowest id adopt them (docs/sessions.md, "Handover").
   * @default false
   */
  handoverOnDrop?: boolean;
  /**
   * Backlog of a link (its `bufferedAmount`) above which the tick's update to that peer is
   * skipped, bytes. A skipped update is a lost one: the next builds on what was acknowledged.
   * @default 262144
   */
  maxBufferedBytes?: number;
  /**
   * Updates remembered per peer: the oldest acknowledged tick a delta can build on. A peer
   * that acknowledged nothing for this many ticks gets a full state.
   * @default 32
   */
  baselineRing?: number;
}

/** MeshOptions with every field present. */
export type ResolvedMeshOptions = Required<MeshOptions>;

/** The defaults of the optional {@link MeshOptions}. */
export const DEFAULT_MESH_OPTIONS: Readonly<Omit<ResolvedMeshOptions, "game" | "peerId">> = {
  handshakeTimeoutMs: 10_000,
  handoverOnDrop: false,
  maxBufferedBytes: 262_144,
  baselineRing: 32,
};

/** Fills in and checks {@link MeshOptions}; throws naming the bad field. */
export function resolveMeshOptions(options: MeshOptions): ResolvedMeshOptions {
  const o: ResolvedMeshOptions = { ...DEFAULT_MESH_OPTIONS, ...options };
  if (!isMeshGameName(o.game.name))
    throw new Error("mesh.game.name must be 1–32 of a-z, 0-9 and -");
  if (!Number.isInteger(o.peerId) || o.peerId < 1 || o.peerId > 65_535)
    throw new Error("mesh.peerId must be an integer in 1..65535");
  if (!(o.handshakeTimeoutMs > 0) || !Number.isFinite(o.handshakeTimeoutMs))
    throw new Error("mesh.handshakeTimeoutMs must be > 0");
  if (typeof o.handoverOnDrop !== "boolean")
    throw new Error("mesh.handoverOnDrop must be a boolean");
  if (!(o.maxBufferedBytes > 0)) throw new Error("mesh.maxBufferedBytes must be > 0");
  if (!Number.isInteger(o.baselineRing) || o.baselineRing < 1 || o.baselineRing > 1024)
    throw new Error("mesh.baselineRing must be an integer in 1..1024");
  return o;
}
