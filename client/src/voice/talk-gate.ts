// Decides, frame by frame, whether the microphone is talking: push-to-talk (while the key is
// down) or voice activation (a VadGate), switchable at run time, and never while muted by
// the player or by the room's moderation. Talk comes in spurts; the frame after a spurt says
// `end`, so the sender closes it with the END flag and sends nothing more until the next.

import { VadGate, type VadOptions } from "./vad-gate.js";

/** How the microphone decides to talk. */
export type TalkMode = "push-to-talk" | "voice-activation";

/**
 * What to do with one captured frame: `idle` (drop it), `start` (the first frame of a
 * spurt: send it), `talk` (send it), `end` (drop it; the spurt before it is over).
 */
export type TalkStep = "idle" | "start" | "talk" | "end";

/** Talk mode, push-to-talk key and mutes, applied per frame. */
export class TalkGate {
  #mode: TalkMode;
  readonly #vad: VadGate;
  #pushed = false;
  #muted = false;
  #serverMuted = false;
  #talking = false;

  /**
   * @param frameMs duration of each frame given to {@link frame}, ms
   * @param mode the mode to start in
   */
  constructor(frameMs: number, mode: TalkMode, vad: VadOptions = {}) {
    this.#mode = mode;
    this.#vad = new VadGate(frameMs, vad);
  }

  /** The current mode. */
  get mode(): TalkMode {
    return this.#mode;
  }

  /** Whether the last frame was sent (part of a spurt). */
  get talking(): boolean {
    return this.#talking;
  }

  /** Whether the player muted their own microphone. */
  get muted(): boolean {
    return this.#muted;
  }

  /** Whether the room's moderation muted this player (VOICE_STATE). */
  get serverMuted(): boolean {
    return this.#serverMuted;
  }

  /** Switches the mode; takes effect from the next frame (a running spurt may end there). */
  setMode(mode: TalkMode): void {
    if (mode !== this.#mode) this.#vad.reset();
    this.#mode = mode;
  }

  /** The push-to-talk key went down (true) or up (false); ignored by voice activation. */
  setPushed(down: boolean): void {
    this.#pushed = down;
  }

  /** Mutes or unmutes the microphone locally. */
  setMuted(muted: boolean): void {
    this.#muted = muted;
  }

  /** The room's moderation muted (true) or unmuted (false) this player. */
  setServerMuted(muted: boolean): void {
    this.#serverMuted = muted;
  }

  /** Decides for the next captured frame, of level `levelDb` (dBFS). */
  frame(levelDb: number): TalkStep {
    // The VAD hears every frame, so its hang is right when the mode switches to it.
    const voiced = this.#vad.update(levelDb);
    const wants = this.#mode === "push-to-talk" ? this.#pushed : voiced;
    const talking = wants && !this.#muted && !this.#serverMuted;
    const was = this.#talking;
    this.#talking = talking;
    if (talking) return was ? "talk" : "start";
    return was ? "end" : "idle";
  }
}
