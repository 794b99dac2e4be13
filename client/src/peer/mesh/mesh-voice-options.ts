// Options of createMeshVoice(): the game's voice declaration, read as a room reads it, with
// what a mesh lacks supplied by the app. A mesh runs no spatial interest and seats nobody, so
// a proximity channel takes the position of a peer's avatar from `position` (or its own) and
// a team channel the team from `team` (or its own); each is asked in the world of the peer it
// is about — this peer's `local`, or the mirror of the other's — since every peer owns its
// avatar. Resolved once, throwing a RangeError that names the field.

import type { Viewpoint } from "../../../../shared/room/room-interest.js";
import {
  type ResolvedVoiceChannel,
  resolveVoiceOptions,
  type VoiceOptions,
} from "../../../../shared/voice/voice-options.js";
import type { World } from "../../../../shared/world/world.js";

/** How a mesh peer talks and listens. */
export interface MeshVoiceOptions {
  /** The game's voice declaration (`GameDefinition.voice`): every peer must pass the same. */
  readonly voice: VoiceOptions;
  /**
   * Where `peerId`'s avatar is, written into `out`; false when it has none. `world` is that
   * peer's own world (this peer's `local`, or the mirror of the other peer), so the lookup
   * is the owner's, e.g. its ship by `Ship.owner`. Used by proximity channels that declare no
   * `position` of their own: a mesh has no spatial interest to take it from.
   * @default the channel's own `position` (a proximity channel without one throws)
   */
  position?(world: World, peerId: number, out: Viewpoint): boolean;
  /**
   * The team of `peerId`, where the app keeps it (a lobby's choice that every peer learnt
   * alike): what a room's seat team is to a team channel that declares no `team` function.
   * @default no team (a team channel without its own `team` then carries nothing)
   */
  team?(peerId: number): number | undefined;
  /**
   * Bytes per second this peer accepts from one speaker (frames with their 4-byte headers),
   * up to one second's worth in a burst; more is dropped on arrival.
   * @default 16_200 (Opus at 128 kbit/s, the client's highest bitrate: 16,000 B/s, plus 50
   * headers of 4 bytes)
   */
  peerBytesPerSecond?: number;
  /**
   * The clock the per-speaker budgets read, ms.
   * @default performance.now
   */
  clock?: () => number;
}

/** MeshVoiceOptions resolved against a mesh: channels whose lookups find each peer's world. */
export interface ResolvedMeshVoiceOptions {
  readonly channels: readonly ResolvedVoiceChannel[];
  /** A speaker's VOICE frames per second on arrival, and its burst (the game's). */
  readonly framesPerSecond: number;
  readonly frameBurst: number;
  /** A link holding more unsent gets no voice frame (the game's `listenerBacklogBytes`). */
  readonly backlogBytes: number;
  readonly peerBytesPerSecond: number;
  /** The game's block list, asked in the listener's own world. */
  readonly blocked: ((listener: number, speaker: number) => boolean) | undefined;
  readonly team: ((peerId: number) => number | undefined) | undefined;
  readonly clock: () => number;
}

/** Defaults of MeshVoiceOptions. */
export const DEFAULT_MESH_VOICE_OPTIONS = {
  peerBytesPerSecond: 128_000 / 8 + 50 * 4,
} as const;

/**
 * Resolves `options` for a mesh whose worlds `worldOf` finds (undefined: a peer not in it).
 * @throws RangeError naming the field, e.g. `meshVoice.position is needed: voice.channels[0]
 * is a proximity channel without one, and a mesh runs no spatial interest`
 */
export function resolveMeshVoiceOptions(
  options: MeshVoiceOptions,
  worldOf: (peerId: number) => World | undefined,
): ResolvedMeshVoiceOptions {
  const declared = options.voice?.channels;
  declared?.forEach((c, i) => {
    if (c.kind !== "proximity") return;
    if (c.radius === undefined)
      throw new RangeError(
        `voice.channels[${i}].radius is needed in a mesh: it runs no spatial interest`,
      );
    if (!c.position && !options.position)
      throw new RangeError(
        `meshVoice.position is needed: voice.channels[${i}] is a proximity channel without one, and a mesh runs no spatial interest`,
      );
  });
  const peerBytesPerSecond =
    options.peerBytesPerSecond ?? DEFAULT_MESH_VOICE_OPTIONS.peerBytesPerSecond;
  if (!Number.isInteger(peerBytesPerSecond) || peerBytesPerSecond < 1024)
    throw new RangeError(`meshVoice.peerBytesPerSecond must be an integer >= 1024`);
  const resolved = resolveVoiceOptions({
    ...options.voice,
    channels: declared?.map((c) =>
      c.kind === "proximity" ? { ...c, position: c.position ?? options.position } : c,
    ),
  });
  // Each lookup is asked about one peer: give it that peer's world, whatever world the
  // router holds (made once here, so routing a frame allocates nothing).
  const channels = resolved.channels.map((c): ResolvedVoiceChannel => {
    const position = c.position;
    const team = c.team;
    return {
      ...c,
      position:
        position &&
        ((_world, peerId, out) => {
          const world = worldOf(peerId);
          return world !== undefined && position(world, peerId, out);
        }),
      team:
        team &&
        ((_world, peerId) => {
          const world = worldOf(peerId);
          return world === undefined ? undefined : team(world, peerId);
        }),
    };
  });
  const blocked = resolved.blocked;
  return {
    channels,
    framesPerSecond: resolved.framesPerSecond,
    frameBurst: resolved.frameBurst,
    backlogBytes: resolved.listenerBacklogBytes,
    peerBytesPerSecond,
    blocked:
      blocked &&
      ((listener, speaker) => {
        const world = worldOf(listener);
        return world !== undefined && blocked(world, listener, speaker);
      }),
    team: options.team,
    clock: options.clock ?? (() => globalThis.performance.now()),
  };
}
