// The replay viewer's controls: play/pause, a timeline slider that seeks (dragging seeks to
// where the thumb is; the latest position wins while a seek is still landing), the time,
// and the speed (0.25×–8×). The slider follows playback except while it is held.

/** What the controls drive: a ReplayPlayer's surface. */
export interface Playback {
  readonly time: number;
  readonly duration: number;
  readonly playing: boolean;
  speed: number;
  play(): void;
  pause(): void;
  seek(ms: number): Promise<void>;
}

/** The speeds offered, the player's range. */
export const SPEEDS = [0.25, 0.5, 1, 2, 4, 8] as const;

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Wires the controls in `root` (#play, #timeline, #time, #speed) to `playback`. */
export class Timeline {
  readonly #playback: Playback;
  readonly #play: HTMLButtonElement;
  readonly #slider: HTMLInputElement;
  readonly #time: HTMLElement;
  #held = false;
  /** The position a seek should land on next, when one is already under way. */
  #queued: number | undefined;
  #seeking = false;
  /** Seeks that landed (for the tests' handle). */
  seeks = 0;

  constructor(root: HTMLElement, playback: Playback, onError: (e: unknown) => void) {
    this.#playback = playback;
    const q = <T extends HTMLElement>(selector: string) => root.querySelector(selector) as T;
    this.#play = q<HTMLButtonElement>("#play");
    this.#slider = q<HTMLInputElement>("#timeline");
    this.#time = q("#time");
    const speed = q<HTMLSelectElement>("#speed");
    speed.replaceChildren(
      ...SPEEDS.map((s) => {
        const option = document.createElement("option");
        option.value = String(s);
        option.textContent = `${s}×`;
        option.selected = s === playback.speed;
        return option;
      }),
    );
    speed.onchange = () => {
      playback.speed = Number(speed.value);
    };
    this.#slider.max = String(playback.duration);
    this.#slider.step = "1";
    this.#play.onclick = () => (playback.playing ? playback.pause() : playback.play());
    this.#slider.onpointerdown = () => {
      this.#held = true;
    };
    this.#slider.onpointerup = () => {
      this.#held = false;
    };
    this.#slider.oninput = () => this.seek(Number(this.#slider.value)).catch(onError);
  }

  /** Seeks to `ms`; while a seek is landing, the latest asked position follows it. */
  async seek(ms: number): Promise<void> {
    this.#queued = ms;
    if (this.#seeking) return;
    this.#seeking = true;
    try {
      while (this.#queued !== undefined) {
        const target = this.#queued;
        this.#queued = undefined;
        await this.#playback.seek(target);
        this.seeks++;
      }
    } finally {
      this.#seeking = false;
    }
  }

  /** Shows the position; call once per frame. */
  draw(): void {
    const { time, duration, playing } = this.#playback;
    this.#play.textContent = playing ? "Pause" : "Play";
    if (!this.#held && !this.#seeking) this.#slider.value = String(Math.round(time));
    this.#time.textContent = `${seconds(time)} / ${seconds(duration)}`;
  }
}
