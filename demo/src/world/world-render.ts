// Draws the world page's view: a camera following the player's avatar over the plain, the
// zone borders (the player's zone outlined, the zone being connected ahead tinted), the band
// along each border inside which avatars are seen across it, and the avatars, named where
// the name is known: the player's own outlined, others filled, those across the border
// (ghosts) hollow.

import type { ZoneGrid, ZoneId } from "../../../shared/zones/zone-grid.js";
import type { SeenAvatar } from "./seen-avatars.js";

/** World units to canvas pixels (the 1600 × 900 canvas shows 1000 × 560 units). */
const ZOOM = 1.6;
const AVATAR_RADIUS = 12;

/** What one frame draws. */
export interface WorldScene {
  readonly grid: ZoneGrid;
  /** The ghost band's half-width along each border, world units. */
  readonly border: number;
  readonly current: ZoneId | undefined;
  readonly next: ZoneId | undefined;
  readonly avatars: readonly SeenAvatar[];
  /** Walkers' names by tag, written under their avatars (a ghost's may be unknown). */
  readonly names: ReadonlyMap<number, string>;
}

/** A stable colour per walker tag. */
export function tagColor(tag: number): string {
  return `hsl(${(tag * 137.508) % 360} 75% 60%)`;
}

/** Draws `scene` onto `ctx`, centred on the player's avatar (the world's centre before it shows). */
export function drawWorld(ctx: CanvasRenderingContext2D, scene: WorldScene): void {
  const { grid } = scene;
  const { originX, originY, zoneWidth, zoneHeight, columns, rows } = grid.options;
  const width = zoneWidth * columns;
  const height = zoneHeight * rows;
  const me = scene.avatars.find((a) => a.me);
  const canvas = ctx.canvas;
  const halfW = canvas.width / 2 / ZOOM;
  const halfH = canvas.height / 2 / ZOOM;
  const cx = clamp(me?.x ?? originX + width / 2, originX + halfW, originX + width - halfW);
  const cy = clamp(me?.y ?? originY + height / 2, originY + halfH, originY + height - halfH);
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.fillStyle = "#0d1117";
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.setTransform(ZOOM, 0, 0, ZOOM, canvas.width / 2 - cx * ZOOM, canvas.height / 2 - cy * ZOOM);
  drawZones(ctx, scene);
  drawAvatars(ctx, scene);
  ctx.setTransform(1, 0, 0, 1, 0, 0);
}

function drawZones(ctx: CanvasRenderingContext2D, scene: WorldScene): void {
  const { grid, border } = scene;
  ctx.font = "18px system-ui, sans-serif";
  ctx.textAlign = "left";
  for (const id of grid.ids) {
    const b = grid.bounds(id);
    ctx.fillStyle = id === scene.current ? "#161b22" : id === scene.next ? "#1f1a10" : "#0d1117";
    ctx.fillRect(b.minX, b.minY, b.maxX - b.minX, b.maxY - b.minY);
    ctx.fillStyle = "#6e7681";
    ctx.fillText(`zone ${id}`, b.minX + 10, b.minY + 24);
  }
  // The ghost band along every inner border: an avatar inside it is seen from both sides.
  const { originX, originY, zoneWidth, zoneHeight, columns, rows } = grid.options;
  const width = zoneWidth * columns;
  const height = zoneHeight * rows;
  ctx.fillStyle = "rgba(88, 166, 255, 0.06)";
  for (let c = 1; c < columns; c++)
    ctx.fillRect(originX + c * zoneWidth - border, originY, 2 * border, height);
  for (let r = 1; r < rows; r++)
    ctx.fillRect(originX, originY + r * zoneHeight - border, width, 2 * border);
  ctx.strokeStyle = "#30363d";
  ctx.lineWidth = 3;
  for (const id of grid.ids) {
    const b = grid.bounds(id);
    ctx.strokeRect(b.minX, b.minY, b.maxX - b.minX, b.maxY - b.minY);
  }
  for (const [id, colour] of [
    [scene.next, "#d29922"],
    [scene.current, "#58a6ff"],
  ] as const) {
    if (id === undefined) continue;
    const b = grid.bounds(id);
    ctx.strokeStyle = colour;
    ctx.strokeRect(b.minX, b.minY, b.maxX - b.minX, b.maxY - b.minY);
  }
}

function drawAvatars(ctx: CanvasRenderingContext2D, scene: WorldScene): void {
  ctx.textAlign = "center";
  ctx.font = "16px system-ui, sans-serif";
  for (const a of scene.avatars) {
    ctx.beginPath();
    ctx.arc(a.x, a.y, AVATAR_RADIUS, 0, 2 * Math.PI);
    if (a.ghost) {
      ctx.setLineDash([4, 3]);
      ctx.strokeStyle = tagColor(a.tag);
      ctx.lineWidth = 2;
      ctx.stroke();
      ctx.setLineDash([]);
    } else {
      ctx.fillStyle = tagColor(a.tag);
      ctx.fill();
    }
    if (a.me) {
      ctx.strokeStyle = "#ffffff";
      ctx.lineWidth = 3;
      ctx.stroke();
    }
    const name = scene.names.get(a.tag);
    if (name === undefined) continue;
    ctx.fillStyle = a.ghost ? "#6e7681" : "#c9d1d9";
    ctx.fillText(name, a.x, a.y + AVATAR_RADIUS + 18);
  }
}

function clamp(v: number, min: number, max: number): number {
  return min > max ? (min + max) / 2 : Math.min(max, Math.max(min, v));
}
