// The camera of the pages that watch the arena without playing in it (a live room with a
// delay, or a replay): following a ship keeps it centred at 2× zoom; roaming is a free view
// moved with the arrow keys (or WASD) and zoomed with + and −, the whole arena at 1×.

import { ARENA_HEIGHT, ARENA_WIDTH } from "../../games/arena/index.js";

/** Zoom while following a ship. */
const FOLLOW_ZOOM = 2;
/** Roaming speed, arena units per second at 1× zoom. */
const PAN_SPEED = 600;
const MIN_ZOOM = 1;
const MAX_ZOOM = 4;

/** Where the camera looks: the arena point at the canvas centre, and the zoom. */
export interface CameraView {
  readonly mode: "follow" | "roam";
  readonly x: number;
  readonly y: number;
  readonly zoom: number;
}

/** A follow-or-roam camera over the arena canvas. */
export class Camera {
  #x = ARENA_WIDTH / 2;
  #y = ARENA_HEIGHT / 2;
  #zoom = MIN_ZOOM;
  #mode: "follow" | "roam" = "roam";
  readonly #held = new Set<string>();
  #last: number | undefined;

  /** Listens to `target`'s keys for roaming (ignored while following). */
  constructor(target: Window) {
    target.addEventListener("keydown", (e) => {
      if (e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement) return;
      this.#held.add(e.code);
      if (this.#mode !== "roam") return;
      if (e.key === "+" || e.key === "=") this.#zoom = Math.min(MAX_ZOOM, this.#zoom * 1.25);
      if (e.key === "-") this.#zoom = Math.max(MIN_ZOOM, this.#zoom / 1.25);
    });
    target.addEventListener("keyup", (e) => this.#held.delete(e.code));
    target.addEventListener("blur", () => this.#held.clear());
  }

  /** What the camera shows now. */
  get view(): CameraView {
    return { mode: this.#mode, x: this.#x, y: this.#y, zoom: this.#zoom };
  }

  /** Roams from where the camera is, at the whole arena's zoom. */
  roam(): void {
    this.#mode = "roam";
    this.#zoom = MIN_ZOOM;
  }

  /**
   * Moves the camera for a frame at `now` (ms): onto `target` (a followed ship's rendered
   * position) when given, else by the held keys while roaming.
   */
  update(now: number, target: { x: number; y: number } | undefined): void {
    const dt = this.#last === undefined ? 0 : Math.min(0.1, (now - this.#last) / 1000);
    this.#last = now;
    if (target !== undefined) {
      this.#mode = "follow";
      this.#zoom = FOLLOW_ZOOM;
      this.#x = target.x;
      this.#y = target.y;
    } else {
      this.#mode = "roam";
      const step = (PAN_SPEED * dt) / this.#zoom;
      const held = (...codes: string[]) => codes.some((c) => this.#held.has(c));
      if (held("ArrowLeft", "KeyA")) this.#x -= step;
      if (held("ArrowRight", "KeyD")) this.#x += step;
      if (held("ArrowUp", "KeyW")) this.#y -= step;
      if (held("ArrowDown", "KeyS")) this.#y += step;
    }
    this.#clamp();
  }

  /** Clears the canvas and sets its transform to the camera's (reset it after drawing). */
  begin(ctx: CanvasRenderingContext2D): void {
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, ctx.canvas.width, ctx.canvas.height);
    ctx.setTransform(
      this.#zoom,
      0,
      0,
      this.#zoom,
      ctx.canvas.width / 2 - this.#x * this.#zoom,
      ctx.canvas.height / 2 - this.#y * this.#zoom,
    );
  }

  /** Keeps the view inside the arena (at 1× it is the whole arena). */
  #clamp(): void {
    const halfW = ARENA_WIDTH / 2 / this.#zoom;
    const halfH = ARENA_HEIGHT / 2 / this.#zoom;
    this.#x = Math.min(ARENA_WIDTH - halfW, Math.max(halfW, this.#x));
    this.#y = Math.min(ARENA_HEIGHT - halfH, Math.max(halfH, this.#y));
  }
}
