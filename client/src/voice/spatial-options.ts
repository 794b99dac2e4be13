// How remote speakers are placed in space: a PannerNode per speaker (HRTF), at its entity's
// position relative to the listener's. Game positions are 2-D, top-down (x to the right, y
// down the screen), in the game's units; the listener faces up the screen, so a speaker to
// the right on screen is heard on the right.

/** A position in the game's plane, in its units. */
export interface VoicePosition {
  readonly x: number;
  readonly y: number;
}

/** Options of spatial voice; distances in the game's units. */
export interface SpatialOptions {
  /**
   * How the volume falls with distance (Web Audio's PannerNode.distanceModel): `linear`
   * reaches silence at `maxDistance`, the others never do.
   * @default "linear"
   */
  distanceModel?: DistanceModelType;
  /**
   * Distance below which the volume does not fall.
   * @default 50
   */
  refDistance?: number;
  /**
   * Distance where `linear` reaches silence; set it to the channel's hearing radius.
   * @default 400
   */
  maxDistance?: number;
  /**
   * How fast the volume falls (PannerNode.rolloffFactor; 0–1 for `linear`).
   * @default 1
   */
  rolloffFactor?: number;
  /**
   * HRTF (binaural, best on headphones) or equalpower (cheaper, plain stereo).
   * @default "HRTF"
   */
  panningModel?: PanningModelType;
}

/** The defaults of {@link SpatialOptions}. */
export const DEFAULT_SPATIAL_OPTIONS: Required<SpatialOptions> = {
  distanceModel: "linear",
  refDistance: 50,
  maxDistance: 400,
  rolloffFactor: 1,
  panningModel: "HRTF",
};

/**
 * Resolves spatial options.
 * @throws RangeError naming the field when one is out of range
 */
export function resolveSpatialOptions(options: SpatialOptions = {}): Required<SpatialOptions> {
  const o = { ...DEFAULT_SPATIAL_OPTIONS, ...options };
  if (!(o.refDistance > 0)) throw new RangeError("spatial.refDistance must be > 0");
  if (!(o.maxDistance > o.refDistance))
    throw new RangeError("spatial.maxDistance must be > refDistance");
  if (!(o.rolloffFactor >= 0)) throw new RangeError("spatial.rolloffFactor must be >= 0");
  if (o.distanceModel === "linear" && o.rolloffFactor > 1)
    throw new RangeError("spatial.rolloffFactor must be <= 1 with the linear model");
  return o;
}

/**
 * Web Audio coordinates of a game position: x to the right, y up, z towards the listener's
 * back. The game's y grows down the screen, which is towards the back of a listener facing up.
 */
export function audioCoordinates(p: VoicePosition): [x: number, y: number, z: number] {
  return [p.x, 0, p.y];
}
