// Voice activation, energy-based: a frame whose level reaches the threshold opens the gate,
// and the gate stays open for the hang time after the last such frame, so the quiet ends of
// words and the pauses between them are sent with the speech around them.

/** Options of a {@link VadGate}. */
export interface VadOptions {
  /**
   * Level that opens the gate, dBFS (RMS of a frame; a full-scale sine is −3 dBFS).
   * @default -50
   */
  thresholdDb?: number;
  /**
   * How long the gate stays open after the last frame at or above the threshold, ms.
   * @default 300
   */
  hangMs?: number;
}

/** The defaults of {@link VadOptions}. */
export const DEFAULT_VAD_OPTIONS: Required<VadOptions> = { thresholdDb: -50, hangMs: 300 };

/** Level of digital silence, dBFS (what {@link frameLevelDb} returns for all zeros). */
export const SILENCE_DB = -120;

/**
 * The RMS level of a frame of samples in [−1, 1], in dBFS, floored at {@link SILENCE_DB}.
 * @example frameLevelDb(new Float32Array(960)) === SILENCE_DB
 */
export function frameLevelDb(samples: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < samples.length; i++) sum += samples[i]! * samples[i]!;
  const rms = Math.sqrt(sum / Math.max(1, samples.length));
  return rms > 0 ? Math.max(SILENCE_DB, 20 * Math.log10(rms)) : SILENCE_DB;
}

/** Energy-based voice activity detection over consecutive frames of `frameMs`. */
export class VadGate {
  #thresholdDb: number;
  #hangFrames: number;
  /** Frames the gate stays open for without another loud frame. */
  #left = 0;

  /**
   * @param frameMs duration of each frame given to {@link update}, ms
   * @throws RangeError naming the option when one is out of range
   */
  constructor(frameMs: number, options: VadOptions = {}) {
    const { thresholdDb, hangMs } = { ...DEFAULT_VAD_OPTIONS, ...options };
    if (!(frameMs > 0)) throw new RangeError("frameMs must be > 0");
    if (!(thresholdDb <= 0 && thresholdDb > SILENCE_DB))
      throw new RangeError(`vad.thresholdDb must be in (${SILENCE_DB}, 0]`);
    if (!(hangMs >= 0)) throw new RangeError("vad.hangMs must be >= 0");
    this.#thresholdDb = thresholdDb;
    // The loud frame itself is the first open frame; the hang covers the ones after it.
    this.#hangFrames = 1 + Math.ceil(hangMs / frameMs);
  }

  /** Whether the gate is open after the last {@link update}. */
  get open(): boolean {
    return this.#left > 0;
  }

  /** Feeds the next frame's level (dBFS); returns whether that frame is speech. */
  update(levelDb: number): boolean {
    if (levelDb >= this.#thresholdDb) this.#left = this.#hangFrames;
    else if (this.#left > 0) this.#left--;
    return this.#left > 0;
  }

  /** Closes the gate at once (the hang is forgotten). */
  reset(): void {
    this.#left = 0;
  }
}
