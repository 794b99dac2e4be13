// The results table, rendered as aligned text for the terminal and as Markdown for the docs.
import type { SystemResult } from "../harness/summarize.js";
import type { SceneResults, TargetCheck } from "./targets.js";

const HEADER = [
  "system",
  "bytes/client/tick",
  "kbit/s/client",
  "encode ms/tick",
  "tick ms",
  "decode ms/update",
  "join B",
  "max pos err",
  "heap B/tick all",
  "heap B/tick enc",
  "heap B/update dec",
  "bytes vs best",
  "encode vs best",
  "decode vs best",
  "tick vs best",
  "join vs best",
] as const;

const ORDER = ["edgetick", "fairPeer", "colyseusQuantized", "colyseus"] as const;
const PEERS = ["fairPeer", "colyseusQuantized", "colyseus"] as const;

/**
 * Rows of one scene's table (header first), in a fixed system order. Ratios divide by the
 * best Colyseus variant for each figure (so a peer's own row shows how far it is from it).
 */
export function sceneRows(results: SceneResults): string[][] {
  const rows: string[][] = [[...HEADER]];
  const peers = PEERS.map((id) => results[id]).filter((r) => r !== undefined);
  const best = (pick: (r: SystemResult) => number) =>
    peers.length === 0 ? undefined : Math.min(...peers.map(pick));
  for (const key of ORDER) {
    const r = results[key];
    if (r !== undefined) rows.push(row(r, best));
  }
  return rows;
}

function row(
  r: SystemResult,
  best: (pick: (r: SystemResult) => number) => number | undefined,
): string[] {
  const ratio = (pick: (r: SystemResult) => number) => {
    const b = best(pick);
    return b === undefined ? "–" : `${(pick(r) / b).toFixed(3)}×`;
  };
  const heap = (bytes: number, digits = 0) => (Number.isNaN(bytes) ? "–" : bytes.toFixed(digits));
  return [
    r.label,
    r.bytesPerClientTick.toFixed(1),
    r.kbpsPerClient.toFixed(1),
    r.encodeMsPerTick.toFixed(3),
    r.tickMsPerTick.toFixed(3),
    r.decodeMsPerUpdate.toFixed(4),
    r.joinBytes.toFixed(0),
    r.maxPositionError.toFixed(4),
    heap(r.heapBytesPerTick.whole, 1),
    heap(r.heapBytesPerTick.encode),
    heap(r.heapBytesPerTick.decode),
    ratio((x) => x.bytesPerClientTick),
    ratio((x) => x.encodeMsPerTick),
    ratio((x) => x.decodeMsPerUpdate),
    ratio((x) => x.tickMsPerTick),
    ratio((x) => x.joinBytes),
  ];
}

/** Rows setting issue 3's ratios (payload bytes, vs Colyseus x, y-quantized) beside the fair ones. */
export function ratioChangeRows(scenes: Record<string, SceneResults>): string[][] {
  const rows: string[][] = [
    [
      "scene",
      "bytes: old",
      "bytes: fair",
      "join: old",
      "join: fair",
      "encode: old",
      "encode: fair",
      "decode: old",
      "decode: fair",
    ],
  ];
  const x = (v: number | undefined) => (v === undefined ? "–" : `${v.toFixed(3)}×`);
  for (const [name, scene] of Object.entries(scenes)) {
    const old = scene.edgetick?.vsColyseusQuantized;
    const fair = scene.edgetick?.vsBestColyseus;
    rows.push([
      name,
      x(old?.bytesPerClientTick),
      x(fair?.bytesPerClientTick),
      x(old?.joinBytes),
      x(fair?.joinBytes),
      x(old?.encodeMsPerTick),
      x(fair?.encodeMsPerTick),
      x(old?.decodeMsPerUpdate),
      x(fair?.decodeMsPerUpdate),
    ]);
  }
  return rows;
}

/** Rows of each scene's information content beside edgetick's bytes (header first). */
export function informationRows(scenes: Record<string, SceneResults>): string[][] {
  const rows: string[][] = [
    [
      "scene",
      "information B/client/tick",
      "position",
      "velocity",
      "angle",
      "hp",
      "enter/leave",
      "edgetick B/client/tick",
      "edgetick / information",
    ],
  ];
  for (const [name, scene] of Object.entries(scenes)) {
    const info = scene.information;
    if (info === undefined) continue;
    const b = info.breakdown;
    const e = scene.edgetick?.bytesPerClientTick;
    rows.push([
      name,
      info.entropyBytesPerClientTick.toFixed(1),
      b.position.toFixed(1),
      b.velocity.toFixed(1),
      b.angle.toFixed(1),
      b.hp.toFixed(1),
      b.enterLeave.toFixed(1),
      e === undefined ? "–" : e.toFixed(1),
      e === undefined ? "–" : `${(e / info.entropyBytesPerClientTick).toFixed(2)}×`,
    ]);
  }
  return rows;
}

/** Rows of the targets table (header first). */
export function targetRows(checks: TargetCheck[]): string[][] {
  return [
    ["scene", "target", "edgetick / reference", "limit", "met"],
    ...checks.map((c) => [
      c.scene,
      c.target,
      c.limit === 0 ? c.ratio.toFixed(0) : c.ratio.toFixed(3),
      c.limit === 0 ? "0" : c.limit.toFixed(3),
      c.met ? "yes" : "no",
    ]),
  ];
}

/** Space-aligned text, first column left-aligned, the others right-aligned. */
export function renderText(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
  return rows
    .map((r) =>
      r
        .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
        .join("  "),
    )
    .join("\n");
}

/** A Markdown table: columns whose cells are all figures are right-aligned. */
export function renderMarkdown(rows: string[][]): string {
  const [header, ...body] = rows;
  const figure = /^[-+]?[\d.,]+(×|%)?$|^–$/;
  const align = header!.map((_, i) =>
    body.length > 0 && body.every((r) => figure.test(r[i] ?? "")) ? "---:" : "---",
  );
  return [header!, align, ...body].map((r) => `| ${r.join(" | ")} |`).join("\n");
}
