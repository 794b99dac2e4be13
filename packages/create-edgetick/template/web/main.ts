// The page: signs in as a guest, joins a room with @edgetick/client and draws every dot each
// animation frame (its own predicted at once, the others interpolated). `?room=` picks the
// room (default "lobby"), `?name=` the name.
import { connect, roomUrl } from "@edgetick/client";
import { ARROW, collectDots, DOT_RADIUS, Dot, type DotsInput, dotsGame } from "../src/game.js";

const params = new URLSearchParams(location.search);
const roomId = params.get("room") ?? "lobby";
const name = params.get("name") ?? `player-${Math.floor(Math.random() * 9000 + 1000)}`;
const status = document.getElementById("status")!;
const canvas = document.getElementById("field") as HTMLCanvasElement;
const ctx = canvas.getContext("2d")!;

/**
 * Signs in as this tab's guest: the device id is a random secret kept in the tab's
 * sessionStorage, so a reload keeps it and every tab is a player of its own (a room seats one
 * per account).
 */
async function signIn(): Promise<string> {
  let deviceId = sessionStorage.getItem("deviceId");
  if (!deviceId) {
    deviceId = crypto.randomUUID().replaceAll("-", "");
    sessionStorage.setItem("deviceId", deviceId);
  }
  const res = await fetch("/v1/auth/guest", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ deviceId, name }),
  });
  if (!res.ok) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

const KEYS: Record<string, number> = {
  ArrowUp: ARROW.UP,
  KeyW: ARROW.UP,
  ArrowDown: ARROW.DOWN,
  KeyS: ARROW.DOWN,
  ArrowLeft: ARROW.LEFT,
  KeyA: ARROW.LEFT,
  ArrowRight: ARROW.RIGHT,
  KeyD: ARROW.RIGHT,
};

/** Follows the arrows held down, calling `changed` with the new input on every change. */
function watchKeys(changed: (input: DotsInput) => void): void {
  let arrows = 0;
  const set = (next: number) => {
    if (next === arrows) return;
    arrows = next;
    changed({ arrows });
  };
  addEventListener("keydown", (e) => {
    const bit = KEYS[e.code];
    if (bit === undefined) return;
    e.preventDefault();
    set(arrows | bit);
  });
  addEventListener("keyup", (e) => set(arrows & ~(KEYS[e.code] ?? 0)));
  addEventListener("blur", () => set(0));
}

try {
  const token = await signIn();
  const room = await connect({
    url: roomUrl(location.origin, roomId),
    game: dotsGame,
    name,
    token,
  });
  status.textContent = `room ${roomId} as ${name}`;
  room.on("close", ({ code, reason }) => (status.textContent = `disconnected: ${code} ${reason}`));
  watchKeys((input) => room.setInput(input));
  requestAnimationFrame(function frame(now) {
    room.render(now); // the others interpolated, our own dot predicted
    const dots = room.view.store(Dot);
    const q = collectDots(room.world);
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    for (let i = 0; i < q.count; i++) {
      const e = q.entities[i]!;
      const owner = dots.owner[e]!;
      ctx.fillStyle = owner === room.playerId ? "#ffd24a" : `hsl(${(owner * 67) % 360} 70% 60%)`;
      ctx.beginPath();
      ctx.arc(dots.pos.x[e]!, dots.pos.y[e]!, DOT_RADIUS, 0, Math.PI * 2);
      ctx.fill();
      ctx.fillText(room.players.get(owner) ?? "", dots.pos.x[e]! + 10, dots.pos.y[e]! - 10);
    }
    requestAnimationFrame(frame);
  });
} catch (error) {
  status.textContent = `could not join: ${(error as Error).message}`;
}
