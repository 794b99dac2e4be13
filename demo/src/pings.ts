// Map pings through the unreliable typed RPC: a click on the arena calls `mark`, the room
// sends `marked` to everyone, and each player's latest ping shows as a fading ring for 2 s.
// Both directions are latest-wins: on a backed-up link only the newest ping of a player
// goes through, which is all a "look here" needs.

import type { RoomConnection } from "@edgetick/client";
import { ARENA_RPCS } from "../../games/arena/index.js";

const SHOW_MS = 2000;
const RING_RADIUS = 28;

/** A player's ping as the page holds it. */
export interface Ping {
  readonly player: number;
  readonly x: number;
  readonly y: number;
}

/**
 * Wires clicks on `canvas` and the `marked` events; returns a drawer for live pings and the
 * pings still showing.
 */
export function watchPings<Input>(
  canvas: HTMLCanvasElement,
  room: RoomConnection<Input>,
  status: HTMLElement,
): { draw: (ctx: CanvasRenderingContext2D) => void; showing: () => Ping[] } {
  const rpc = room.rpc(ARENA_RPCS);
  /** Each player's latest ping: a newer one replaces it, as on the wire. */
  const pings = new Map<number, { x: number; y: number; at: number }>();
  rpc.on("marked", ({ player, x, y }) => {
    pings.set(player, { x, y, at: performance.now() });
  });
  canvas.addEventListener("click", (e) => {
    // The canvas is drawn in arena units and scaled by CSS: map the click back.
    const box = canvas.getBoundingClientRect();
    const x = Math.round(((e.clientX - box.left) / box.width) * canvas.width);
    const y = Math.round(((e.clientY - box.top) / box.height) * canvas.height);
    rpc.call("mark", { x, y }).catch((err: unknown) => {
      status.textContent = `ping not sent: ${err instanceof Error ? err.message : String(err)}`;
    });
  });
  const draw = (ctx: CanvasRenderingContext2D) => {
    const now = performance.now();
    for (const [player, ping] of pings) {
      const age = (now - ping.at) / SHOW_MS;
      if (age >= 1) {
        pings.delete(player);
        continue;
      }
      ctx.save();
      ctx.globalAlpha = 1 - age;
      ctx.strokeStyle = "#ffd166";
      ctx.lineWidth = 3;
      ctx.beginPath();
      ctx.arc(ping.x, ping.y, RING_RADIUS * (0.5 + age), 0, Math.PI * 2);
      ctx.stroke();
      ctx.restore();
    }
  };
  const showing = () => [...pings].map(([player, { x, y }]) => ({ player, x, y }));
  return { draw, showing };
}
