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
  "bytes vs CQ",
  "encode vs CQ",
  "join vs CQ",
] as const;

const ORDER = ["edgetick", "colyseus", "colyseusQuantized"] as const;

/** Rows of one scene's table (header first), in a fixed system order. */
export function sceneRows(results: SceneResults): string[][] {
  const base = results.colyseusQuantized;
  const rows: string[][] = [[...HEADER]];
  for (const key of ORDER) {
    const r = results[key];
    if (r !== undefined) rows.push(row(r, base));
  }
  return rows;
}

function row(r: SystemResult, base: SystemResult | undefined): string[] {
  const ratio = (a: number, b: number | undefined) =>
    b === undefined ? "–" : `${(a / b).toFixed(3)}×`;
  return [
    r.label,
    r.bytesPerClientTick.toFixed(1),
    r.kbpsPerClient.toFixed(1),
    r.encodeMsPerTick.toFixed(3),
    r.tickMsPerTick.toFixed(3),
    r.decodeMsPerUpdate.toFixed(4),
    r.joinBytes.toFixed(0),
    r.maxPositionError.toFixed(4),
    ratio(r.bytesPerClientTick, base?.bytesPerClientTick),
    ratio(r.encodeMsPerTick, base?.encodeMsPerTick),
    ratio(r.joinBytes, base?.joinBytes),
  ];
}

/** Rows of the targets table (header first). */
export function targetRows(checks: TargetCheck[]): string[][] {
  return [
    ["scene", "target", "edgetick / reference", "limit", "met"],
    ...checks.map((c) => [
      c.scene,
      c.target,
      c.ratio.toFixed(3),
      String(c.limit),
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
