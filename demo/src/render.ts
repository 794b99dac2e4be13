// Draws the arena: walls, ships as triangles pointing along their heading, and names.

import type { StoreOf, World } from "@edgetick/client";
import {
  ARENA_HEIGHT,
  ARENA_WIDTH,
  collectShips,
  SHIP_RADIUS,
  Ship,
} from "../../games/arena/index.js";

/** A stable colour per player id. */
export function playerColor(playerId: number): string {
  return `hsl(${(playerId * 137.508) % 360} 80% 60%)`;
}

/**
 * Renders one frame onto `ctx` (sized to the arena): the ships of the mirror `world`, drawn
 * where `view` (the connection's rendered values: interpolated and predicted) puts them.
 */
export function renderArena(
  ctx: CanvasRenderingContext2D,
  world: World,
  names: ReadonlyMap<number, string>,
  me: number,
  view: StoreOf<typeof Ship.schema> = world.store(Ship),
): void {
  clearArena(ctx);
  drawShips(ctx, world, names, me, view);
}

/** Clears `ctx` to an empty arena: the background and the walls. */
export function clearArena(ctx: CanvasRenderingContext2D): void {
  ctx.clearRect(0, 0, ARENA_WIDTH, ARENA_HEIGHT);
  ctx.strokeStyle = "#30363d";
  ctx.lineWidth = 4;
  ctx.strokeRect(2, 2, ARENA_WIDTH - 4, ARENA_HEIGHT - 4);
}

/**
 * Draws the ships of `world` over what `ctx` holds (a P2P page draws several worlds: its
 * own and each peer's mirror), each named by its owner and outlined when `me` owns it.
 */
export function drawShips(
  ctx: CanvasRenderingContext2D,
  world: World,
  names: ReadonlyMap<number, string>,
  me: number,
  view: StoreOf<typeof Ship.schema> = world.store(Ship),
): void {
  ctx.font = "20px system-ui, sans-serif";
  ctx.textAlign = "center";
  const s = view;
  const ships = collectShips(world);
  for (let i = 0; i < ships.count; i++) {
    const e = ships.entities[i]!;
    const owner = s.owner[e]!;
    const x = s.pos.x[e]!;
    const y = s.pos.y[e]!;
    ctx.save();
    ctx.translate(x, y);
    ctx.rotate(s.heading[e]!);
    ctx.beginPath();
    ctx.moveTo(SHIP_RADIUS * 1.4, 0);
    ctx.lineTo(-SHIP_RADIUS, SHIP_RADIUS * 0.8);
    ctx.lineTo(-SHIP_RADIUS * 0.5, 0);
    ctx.lineTo(-SHIP_RADIUS, -SHIP_RADIUS * 0.8);
    ctx.closePath();
    ctx.fillStyle = playerColor(owner);
    ctx.fill();
    if (owner === me) {
      ctx.strokeStyle = "#ffffff";
      ctx.lineWidth = 2;
      ctx.stroke();
    }
    ctx.restore();
    ctx.fillStyle = "#c9d1d9";
    ctx.fillText(names.get(owner) ?? `#${owner}`, x, y - SHIP_RADIUS * 1.8);
  }
}
