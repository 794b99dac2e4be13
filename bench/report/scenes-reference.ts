// The reference figures SCENES.md gives for Colyseus (its own machine, 2 shared cores, Node
// 24). They are not what edgetick is compared with — that is Colyseus in the same run — but
// they show whether the bench drives Colyseus the way the reference measurement did.
import type { SceneResults } from "./targets.js";

/** One reference figure for one scene. */
interface ReferenceFigure {
  readonly label: string;
  readonly A: number;
  readonly B: number;
  readonly pick: (results: SceneResults) => number | undefined;
}

/**
 * SCENES.md's "Reference figures" table. Its quantized rows quantize every float field (16
 * bits), which is this bench's fair peer; its bytes are messages without the WebSocket
 * frame header, so the rows pick the payload figures.
 */
export const SCENES_REFERENCE: readonly ReferenceFigure[] = [
  {
    label: "Colyseus float32: bytes/client/tick",
    A: 5421,
    B: 1401,
    pick: (r) => r.colyseus?.payloadBytesPerClientTick,
  },
  {
    label: "Colyseus all fields t.quantized: bytes/client/tick",
    A: 3776,
    B: 996,
    pick: (r) => r.fairPeer?.payloadBytesPerClientTick,
  },
  {
    label: "Colyseus encode ms/tick (fair peer here)",
    A: 0.047,
    B: 2.11,
    pick: (r) => r.fairPeer?.encodeMsPerTick,
  },
  {
    label: "Colyseus decode ms/update (fair peer here)",
    A: 0.1,
    B: 0.067,
    pick: (r) => r.fairPeer?.decodeMsPerUpdate,
  },
  {
    label: "Colyseus join size (all fields t.quantized), bytes",
    A: 15751,
    B: 4860,
    pick: (r) => r.fairPeer?.joinPayloadBytes,
  },
];

/** Rows (header first) setting this run's Colyseus figures beside SCENES.md's. */
export function referenceRows(scenes: Record<string, SceneResults>): string[][] {
  const rows: string[][] = [
    ["figure", "A: SCENES.md", "A: this run", "B: SCENES.md", "B: this run"],
  ];
  const show = (value: number | undefined) =>
    value === undefined ? "–" : value >= 100 ? value.toFixed(0) : value.toPrecision(3);
  for (const figure of SCENES_REFERENCE) {
    rows.push([
      figure.label,
      show(figure.A),
      show(scenes.A === undefined ? undefined : figure.pick(scenes.A)),
      show(figure.B),
      show(scenes.B === undefined ? undefined : figure.pick(scenes.B)),
    ]);
  }
  return rows;
}

/** Largest relative difference between this run's patch sizes and SCENES.md's (0.05 = 5%). */
export function patchSizeDeviation(scenes: Record<string, SceneResults>): number {
  let worst = 0;
  for (const figure of SCENES_REFERENCE.slice(0, 2)) {
    for (const name of ["A", "B"] as const) {
      const results = scenes[name];
      const value = results === undefined ? undefined : figure.pick(results);
      if (value !== undefined) worst = Math.max(worst, Math.abs(value / figure[name] - 1));
    }
  }
  return worst;
}
