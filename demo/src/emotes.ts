// Emotes through the typed RPC: keys 1–3 call `emote` on the room, which sends `emoted` to
// every player; each shows for 1.5 s above the sender's ship. A refused call (rate limit:
// two a second) shows its reason in the status line.

import type { RoomConnection, StoreOf, World } from "@edgetick/client";
import {
  ARENA_EMOTES,
  ARENA_RPCS,
  collectShips,
  SHIP_RADIUS,
  type Ship,
} from "../../games/arena/index.js";

const KEYS = ["Digit1", "Digit2", "Digit3"];
const SHOW_MS = 1500;
const LABEL: Record<(typeof ARENA_EMOTES)[number], string> = { wave: "👋", gg: "GG", boom: "💥" };

/** Wires the keys and the `emoted` events; returns a drawer for the emotes still showing. */
export function watchEmotes<Input>(
  target: Window,
  room: RoomConnection<Input>,
  status: HTMLElement,
): (ctx: CanvasRenderingContext2D, world: World, view: StoreOf<typeof Ship.schema>) => void {
  const rpc = room.rpc(ARENA_RPCS);
  const showing = new Map<number, { label: string; until: number }>();
  rpc.on("emoted", ({ player, kind }) => {
    showing.set(player, { label: LABEL[kind], until: performance.now() + SHOW_MS });
  });
  target.addEventListener("keydown", (e) => {
    const i = KEYS.indexOf(e.code);
    if (i < 0 || e.repeat) return;
    rpc.call("emote", { kind: ARENA_EMOTES[i]! }).catch((err: unknown) => {
      status.textContent = `emote refused: ${err instanceof Error ? err.message : String(err)}`;
    });
  });
  return (ctx, world, view) => {
    const now = performance.now();
    const ships = collectShips(world);
    ctx.font = "24px system-ui, sans-serif";
    ctx.textAlign = "center";
    for (let i = 0; i < ships.count; i++) {
      const e = ships.entities[i]!;
      const shown = showing.get(view.owner[e]!);
      if (shown === undefined || shown.until < now) continue;
      ctx.fillText(shown.label, view.pos.x[e]!, view.pos.y[e]! + SHIP_RADIUS * 2.6);
    }
  };
}
