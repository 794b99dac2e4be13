// A game's voice chat declaration (GameDefinition.voice, docs/voice.md): the channels a
// speaker may talk on — proximity (a hearing radius around the speaker's avatar), team, or
// global — and what the room relays at most. Options → defaults → resolveVoiceOptions, which
// throws naming the field. A game without `voice` has none: its rooms refuse VOICE frames.

import { MAX_VOICE_CHANNELS } from "../protocol/voice-messages.js";
import type { Viewpoint } from "../room/room-interest.js";
import type { World } from "../world/world.js";

/** Who hears a channel: players near the speaker, its team, or everyone in the room. */
export type VoiceChannelKind = "proximity" | "team" | "global";

/** One voice channel; a VOICE frame's flags name it by its index in `channels`. */
export interface VoiceChannelOptions {
  /** Shown by clients (a channel picker, the demo); unique in the game, 1–32 characters. */
  readonly name: string;
  readonly kind: VoiceChannelKind;
  /**
   * Proximity: the hearing radius, in world units (the units of the game's positions). A
   * listener whose position is farther than this from the speaker's receives nothing.
   * @default the game's spatial interest radius (SpatialInterest.radius)
   */
  readonly radius?: number;
  /**
   * Whether clients place this channel's speakers in space (an HRTF panner at the speaker's
   * entity). A hint the room passes on untouched; it routes the same either way.
   * @default true for "proximity", false otherwise
   */
  readonly spatial?: boolean;
  /**
   * Proximity: where `playerId` is this tick, written into `out`; false when it has no
   * position (it then neither hears nor is heard on the channel).
   * @default the viewpoint of the game's spatial interest (SpatialInterest.viewpoint)
   */
  position?(world: World, playerId: number, out: Viewpoint): boolean;
  /**
   * Team: the team of `playerId` now (undefined: no team, hears nobody on the channel).
   * @default the team the room seated the player in (PlayerSeat.team)
   */
  team?(world: World, playerId: number): number | undefined;
}

/** GameDefinition.voice: all optional. */
export interface VoiceOptions {
  /**
   * The channels, at most 16 (a frame's 4-bit index).
   * @default [{ name: "all", kind: "global" }]
   */
  readonly channels?: readonly VoiceChannelOptions[];
  /**
   * Bytes per second the room relays to all its listeners together (a frame sent to five
   * listeners counts five times, header included); a frame that does not fit is dropped for
   * the listeners it did not reach. Bursts up to one second's worth.
   * @default 256_000 (8 speakers at 24 kbit/s, 66-byte copies 50 a second, each heard by 9)
   */
  readonly roomBytesPerSecond?: number;
  /**
   * VOICE frames per second one speaker may send: 50 is one 20 ms frame after another, the
   * rest is slack for timer jitter. Beyond it the room closes the link with 4007.
   * @default 60
   */
  readonly framesPerSecond?: number;
  /**
   * Frames a speaker may send in a burst above `framesPerSecond` (a tab that was throttled
   * in the background catching up).
   * @default 50
   */
  readonly frameBurst?: number;
  /**
   * Bytes a listener's link may hold unsent (RoomSink.buffered) before the room stops
   * relaying voice to it; frames are dropped, never queued. Below the room's
   * `backpressureBytes` (64 KiB by default), so voice is cut before state replication slows.
   * @default 16_384
   */
  readonly listenerBacklogBytes?: number;
  /**
   * The game's block list: true when `listener` blocked `speaker` (e.g. recorded by a "block
   * player" RPC in the game's state), who then never reaches it on any channel. Asked per
   * listener per frame: keep it a lookup. Blocks a host sets (`RoomCore.voice.setBlocked`)
   * apply too.
   * @default no blocks but the host's
   */
  blocked?(world: World, listener: number, speaker: number): boolean;
}

/** A channel with its defaults filled in. */
export interface ResolvedVoiceChannel {
  readonly name: string;
  readonly kind: VoiceChannelKind;
  /** Hearing radius, world units (proximity only; Infinity elsewhere). */
  readonly radius: number;
  readonly spatial: boolean;
  readonly position: ((world: World, playerId: number, out: Viewpoint) => boolean) | undefined;
  readonly team: ((world: World, playerId: number) => number | undefined) | undefined;
}

/** VoiceOptions with every field present. */
export interface ResolvedVoiceOptions {
  readonly channels: readonly ResolvedVoiceChannel[];
  readonly roomBytesPerSecond: number;
  readonly framesPerSecond: number;
  readonly frameBurst: number;
  readonly listenerBacklogBytes: number;
  readonly blocked: ((world: World, listener: number, speaker: number) => boolean) | undefined;
}

/** Defaults for VoiceOptions. */
export const DEFAULT_VOICE_OPTIONS = {
  channels: [{ name: "all", kind: "global" }],
  roomBytesPerSecond: 256_000,
  framesPerSecond: 60,
  frameBurst: 50,
  listenerBacklogBytes: 16_384,
} as const satisfies VoiceOptions;

/** What a proximity channel may fall back on: the game's spatial interest. */
export interface VoiceSpatialDefaults {
  readonly radius: number;
  viewpoint(world: World, playerId: number, out: Viewpoint): boolean;
}

/**
 * Fills defaults and validates. `spatial` is the room's spatial interest, which a proximity
 * channel without its own radius or position takes them from.
 * @throws RangeError naming the field, e.g. `voice.channels[0].radius must be a finite number > 0`
 */
export function resolveVoiceOptions(
  options: VoiceOptions,
  spatial?: VoiceSpatialDefaults,
): ResolvedVoiceOptions {
  const channels = options.channels ?? DEFAULT_VOICE_OPTIONS.channels;
  if (channels.length === 0 || channels.length > MAX_VOICE_CHANNELS)
    throw new RangeError(
      `voice.channels must list 1–${MAX_VOICE_CHANNELS} channels, got ${channels.length}`,
    );
  const names = new Set<string>();
  const resolved = channels.map((c, i) => {
    const at = `voice.channels[${i}]`;
    if (typeof c.name !== "string" || c.name.length < 1 || c.name.length > 32)
      throw new RangeError(`${at}.name must be 1–32 characters`);
    if (names.has(c.name)) throw new RangeError(`${at}.name "${c.name}" is used twice`);
    names.add(c.name);
    return resolveChannel(c, at, spatial);
  });
  const o = {
    channels: resolved,
    roomBytesPerSecond: options.roomBytesPerSecond ?? DEFAULT_VOICE_OPTIONS.roomBytesPerSecond,
    framesPerSecond: options.framesPerSecond ?? DEFAULT_VOICE_OPTIONS.framesPerSecond,
    frameBurst: options.frameBurst ?? DEFAULT_VOICE_OPTIONS.frameBurst,
    listenerBacklogBytes:
      options.listenerBacklogBytes ?? DEFAULT_VOICE_OPTIONS.listenerBacklogBytes,
    blocked: options.blocked,
  };
  // One full frame (header and the largest packet) must fit the room's one-second burst.
  integerIn("roomBytesPerSecond", o.roomBytesPerSecond, 1024, 100_000_000);
  integerIn("framesPerSecond", o.framesPerSecond, 1, 1000);
  integerIn("frameBurst", o.frameBurst, 1, 10_000);
  integerIn("listenerBacklogBytes", o.listenerBacklogBytes, 0, 2 ** 30);
  return o;
}

function resolveChannel(
  c: VoiceChannelOptions,
  at: string,
  spatial: VoiceSpatialDefaults | undefined,
): ResolvedVoiceChannel {
  const spatialAudio = c.spatial ?? c.kind === "proximity";
  if (typeof spatialAudio !== "boolean") throw new RangeError(`${at}.spatial must be a boolean`);
  switch (c.kind) {
    case "proximity": {
      const radius = c.radius ?? spatial?.radius;
      if (radius === undefined || !(radius > 0) || !Number.isFinite(radius))
        throw new RangeError(
          `${at}.radius must be a finite number > 0 (or the game must declare spatialInterest)`,
        );
      const position = c.position ?? spatial?.viewpoint;
      if (!position)
        throw new RangeError(`${at}.position is needed: the game declares no spatialInterest`);
      return {
        name: c.name,
        kind: c.kind,
        radius,
        spatial: spatialAudio,
        position,
        team: undefined,
      };
    }
    case "team":
    case "global":
      if (c.radius !== undefined) throw new RangeError(`${at}.radius is for proximity channels`);
      return {
        name: c.name,
        kind: c.kind,
        radius: Number.POSITIVE_INFINITY,
        spatial: spatialAudio,
        position: undefined,
        team: c.kind === "team" ? c.team : undefined,
      };
    default:
      throw new RangeError(
        `${at}.kind must be "proximity", "team" or "global", got ${JSON.stringify(c.kind)}`,
      );
  }
}

function integerIn(field: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max)
    throw new RangeError(`voice.${field} must be an integer in [${min}, ${max}], got ${value}`);
}
