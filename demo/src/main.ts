// The demo page: signs in as a guest, joins a room with the client package, steers with the
// keyboard and draws the authoritative state every animation frame. `?room=` picks the
// room, `?name=` the name.

import { connect, type RoomConnection, roomUrl } from "@edgetick/client";
import { type ArenaInput, arenaGame, listShips } from "../../shared/game/arena/index.js";
import "./debug-handle.js";
import { watchKeyboard } from "./keyboard.js";
import { playerColor, renderArena } from "./render.js";

const params = new URLSearchParams(location.search);
const roomId = params.get("room") ?? "demo";
const name = params.get("name") ?? `pilot-${Math.floor(Math.random() * 9000 + 1000)}`;
const status = document.getElementById("status")!;
const list = document.getElementById("players")!;
const canvas = document.getElementById("arena") as HTMLCanvasElement;
const ctx = canvas.getContext("2d")!;
document.getElementById("room-id")!.textContent = roomId;

function showPlayers(room: RoomConnection<ArenaInput>): void {
  list.replaceChildren(
    ...[...room.players].map(([id, playerName]) => {
      const li = document.createElement("li");
      const swatch = document.createElement("span");
      swatch.className = "swatch";
      swatch.style.background = playerColor(id);
      li.append(swatch, id === room.playerId ? `${playerName} (you)` : playerName);
      return li;
    }),
  );
}

/** Signs in as this browser's guest: the device id is a random secret kept in localStorage. */
async function signIn(): Promise<string> {
  let deviceId = localStorage.getItem("edgetick.deviceId");
  if (!deviceId) {
    deviceId = crypto.randomUUID().replaceAll("-", "");
    localStorage.setItem("edgetick.deviceId", deviceId);
  }
  const res = await fetch("/v1/auth/guest", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ deviceId, name }),
  });
  if (!res.ok) throw new Error(`sign-in failed: ${res.status}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

try {
  const token = await signIn();
  const room = await connect({
    url: roomUrl(location.origin, roomId),
    game: arenaGame,
    name,
    token,
  });
  window.edgetick = { room, ships: () => listShips(room.world) };
  status.textContent = `connected as ${name} (player ${room.playerId})`;
  showPlayers(room);
  room.on("player-joined", () => showPlayers(room));
  room.on("player-left", () => showPlayers(room));
  room.on("close", ({ code, reason }) => {
    status.textContent = `disconnected: ${code} ${reason}`;
  });
  watchKeyboard(window, (buttons) => room.setInput({ buttons }));
  const frame = () => {
    renderArena(ctx, room.world, room.players, room.playerId);
    if (!room.closed) requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
} catch (e) {
  status.textContent = `could not join: ${e instanceof Error ? e.message : String(e)}`;
}
