// The netgraph: a canvas overlay plotting the connection's statistics (RTT, bandwidth,
// interpolation buffer, prediction corrections) over the last minute of samples. Toggled
// with the G key or its button.

import type { NetStatsSample } from "@edgetick/client";

/** Samples kept (at the demo's 250 ms stats interval: 30 s). */
const HISTORY = 120;

interface Series {
  readonly label: string;
  readonly color: string;
  readonly unit: string;
  readonly value: (s: NetStatsSample) => number;
}

const SERIES: readonly Series[] = [
  { label: "RTT", color: "#58a6ff", unit: "ms", value: (s) => s.rtt },
  { label: "in", color: "#3fb950", unit: "B/s", value: (s) => s.bytesInPerSecond },
  { label: "out", color: "#d29922", unit: "B/s", value: (s) => s.bytesOutPerSecond },
  { label: "buffer", color: "#bc8cff", unit: "ms", value: (s) => s.bufferMs },
  { label: "corrections", color: "#f85149", unit: "/s", value: (s) => s.correctionsPerSecond },
];

/** A toggleable statistics overlay. */
export class Netgraph {
  readonly #canvas: HTMLCanvasElement;
  readonly #ctx: CanvasRenderingContext2D;
  readonly #samples: NetStatsSample[] = [];
  readonly #link: string;

  /** Adds the overlay and its toggle button to `parent`. */
  constructor(parent: HTMLElement, linkLabel: string) {
    this.#link = linkLabel;
    this.#canvas = document.createElement("canvas");
    this.#canvas.id = "netgraph";
    this.#canvas.width = 420;
    this.#canvas.height = 260;
    Object.assign(this.#canvas.style, {
      position: "fixed",
      right: "1rem",
      bottom: "1rem",
      width: "420px",
      height: "260px",
      aspectRatio: "auto",
      background: "rgba(13, 17, 23, 0.85)",
      pointerEvents: "none",
    });
    this.#ctx = this.#canvas.getContext("2d")!;
    const button = document.createElement("button");
    button.id = "netgraph-toggle";
    button.textContent = "netgraph (G)";
    Object.assign(button.style, { position: "fixed", right: "1rem", top: "1rem" });
    button.addEventListener("click", () => this.toggle());
    window.addEventListener("keydown", (e) => {
      if (e.code === "KeyG") this.toggle();
    });
    parent.append(this.#canvas, button);
  }

  /** Whether the overlay is shown. */
  get visible(): boolean {
    return this.#canvas.style.display !== "none";
  }

  /** Shows or hides the overlay. */
  toggle(): void {
    this.#canvas.style.display = this.visible ? "none" : "block";
  }

  /** Adds a sample and redraws. */
  push(sample: NetStatsSample): void {
    this.#samples.push(sample);
    if (this.#samples.length > HISTORY) this.#samples.shift();
    if (this.visible) this.#draw();
  }

  #draw(): void {
    const ctx = this.#ctx;
    const { width, height } = this.#canvas;
    ctx.clearRect(0, 0, width, height);
    ctx.font = "12px ui-monospace, monospace";
    const latest = this.#samples.at(-1);
    if (!latest) return;
    ctx.fillStyle = "#8b949e";
    ctx.fillText(
      `${this.#link} · jitter ${latest.jitter.toFixed(1)} ms · delay ${latest.interpolationDelayMs.toFixed(0)} ms · input buffer ${latest.inputBuffer} · dilation ${(latest.timeDilation * 100).toFixed(0)}%`,
      8,
      14,
    );
    const rowHeight = (height - 24) / SERIES.length;
    SERIES.forEach((series, row) => {
      const top = 24 + row * rowHeight;
      const values = this.#samples.map(series.value);
      const max = Math.max(1, ...values);
      ctx.strokeStyle = "#30363d";
      ctx.strokeRect(0.5, top + 0.5, width - 1, rowHeight - 2);
      ctx.strokeStyle = series.color;
      ctx.beginPath();
      values.forEach((v, i) => {
        const x = (i / (HISTORY - 1)) * width;
        const y = top + rowHeight - 4 - (v / max) * (rowHeight - 10);
        if (i === 0) ctx.moveTo(x, y);
        else ctx.lineTo(x, y);
      });
      ctx.stroke();
      ctx.fillStyle = series.color;
      ctx.fillText(
        `${series.label} ${series.value(latest).toFixed(series.unit === "/s" ? 1 : 0)} ${series.unit} (max ${max.toFixed(0)})`,
        8,
        top + 14,
      );
    });
  }
}
