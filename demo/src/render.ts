// Draws the arena: walls, ships as triangles pointing along their heading, and names.

import {
  ARENA_HEIGHT,
  ARENA_WIDTH,
  type ArenaState,
  SHIP_RADIUS,
} from "../../shared/game/arena/index.js";

/** A stable colour per player id. */
export function playerColor(playerId: number): string {
  return `hsl(${(playerId * 137.508) % 360} 80% 60%)`;
}

/** Renders one frame of `state` onto `ctx` (sized to the arena). */
export function renderArena(
  ctx: CanvasRenderingContext2D,
  state: ArenaState | undefined,
  names: ReadonlyMap<number, string>,
  me: number,
): void {
  ctx.clearRect(0, 0, ARENA_WIDTH, ARENA_HEIGHT);
  ctx.strokeStyle = "#30363d";
  ctx.lineWidth = 4;
  ctx.strokeRect(2, 2, ARENA_WIDTH - 4, ARENA_HEIGHT - 4);
  if (!state) return;
  ctx.font = "20px system-ui, sans-serif";
  ctx.textAlign = "center";
  for (const ship of state.ships) {
    ctx.save();
    ctx.translate(ship.x, ship.y);
    ctx.rotate(ship.angle);
    ctx.beginPath();
    ctx.moveTo(SHIP_RADIUS * 1.4, 0);
    ctx.lineTo(-SHIP_RADIUS, SHIP_RADIUS * 0.8);
    ctx.lineTo(-SHIP_RADIUS * 0.5, 0);
    ctx.lineTo(-SHIP_RADIUS, -SHIP_RADIUS * 0.8);
    ctx.closePath();
    ctx.fillStyle = playerColor(ship.playerId);
    ctx.fill();
    if (ship.playerId === me) {
      ctx.strokeStyle = "#ffffff";
      ctx.lineWidth = 2;
      ctx.stroke();
    }
    ctx.restore();
    ctx.fillStyle = "#c9d1d9";
    ctx.fillText(
      names.get(ship.playerId) ?? `#${ship.playerId}`,
      ship.x,
      ship.y - SHIP_RADIUS * 1.8,
    );
  }
}
