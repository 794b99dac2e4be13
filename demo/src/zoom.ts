// View radius through the typed RPC: Z cycles this player's interest radius (setViewRadius);
// ships beyond it leave this client's world until the view widens again. While the radius
// is smaller than the arena, a circle around the own ship shows it.

import type { RoomConnection, StoreOf, World } from "@edgetick/client";
import {
  ARENA_HEIGHT,
  ARENA_RPCS,
  ARENA_VIEW_RADIUS,
  ARENA_WIDTH,
  collectShips,
  type Ship,
} from "../../games/arena/index.js";

/** The radii Z cycles through, arena units: the whole arena, then closer. */
const RADII = [ARENA_VIEW_RADIUS.DEFAULT, 600, 300] as const;
const WHOLE_ARENA = Math.hypot(ARENA_WIDTH, ARENA_HEIGHT);

/** Wires the key; returns a drawer for the view circle. */
export function watchZoom<Input>(
  target: Window,
  room: RoomConnection<Input>,
  status: HTMLElement,
): (
  ctx: CanvasRenderingContext2D,
  world: World,
  view: StoreOf<typeof Ship.schema>,
  me: number,
) => void {
  const rpc = room.rpc(ARENA_RPCS);
  let step = 0;
  /** The radius the room answered (it clamps). */
  let radius: number = ARENA_VIEW_RADIUS.DEFAULT;
  const apply = () =>
    rpc
      .call("setViewRadius", { radius: RADII[step]! })
      .then((answer) => {
        radius = answer.radius;
      })
      .catch((err: unknown) => {
        status.textContent = `zoom refused: ${err instanceof Error ? err.message : String(err)}`;
      });
  target.addEventListener("keydown", (e) => {
    if (e.code !== "KeyZ" || e.repeat) return;
    step = (step + 1) % RADII.length;
    void apply();
  });
  // A resume may land in a room rebuilt from a snapshot older than the last zoom: say it again.
  room.on("state", ({ state }) => {
    if (state === "resumed" && step !== 0) void apply();
  });
  return (ctx, world, view, me) => {
    if (radius >= WHOLE_ARENA) return;
    const ships = collectShips(world);
    for (let i = 0; i < ships.count; i++) {
      const e = ships.entities[i]!;
      if (view.owner[e] !== me) continue;
      ctx.beginPath();
      ctx.arc(view.pos.x[e]!, view.pos.y[e]!, radius, 0, Math.PI * 2);
      ctx.strokeStyle = "rgba(201, 209, 217, 0.35)";
      ctx.lineWidth = 2;
      ctx.stroke();
    }
  };
}
