// The demo's front door, shown when the page has no `?room=`: quick play (matchmaking), a
// lobby (create, or join by code; ready up; the host starts), or hosting a listen-server
// game on its own page; links lead to watching live rooms and to replays. It resolves with the room to
// join and the join ticket to join it with. Latencies come from measureRegions() and go
// with the ticket and to the lobby; a cross-region warning is shown when the game's region
// is far for someone. The lobby's buttons work only once its socket said hello and heard the
// lobby's state: a click before that would be written to a socket still connecting (and
// thrown away), so the buttons stay disabled until then, and Ready asks for the opposite of
// what the lobby last said rather than of a local guess. A dropped lobby socket opens again
// (lobby-link.ts): the buttons wait, disabled, for the lobby's answer to the new hello.

import { measureRegions } from "@edgetick/client";
import type { LobbyClientMessage, LobbyView } from "../../shared/lobby/lobby-protocol.js";
import type { CrossRegionWarning } from "../../shared/regions/group-region.js";
import { openLobbyLink } from "./lobby-link.js";

/** Where the front door sends the player. */
export interface GameEntry {
  readonly roomId: string;
  /** A join ticket for roomId. */
  readonly token: string;
}

const MARKUP = `
  <h2>Play</h2>
  <p id="door-region" class="help">measuring regions…</p>
  <div class="door-actions">
    <button id="quick-play" type="button">Quick play (duel)</button>
    <button id="create-lobby" type="button">Create lobby</button>
    <input id="lobby-code" placeholder="CODE" maxlength="6" size="7" aria-label="lobby code" />
    <button id="join-lobby" type="button">Join lobby</button>
    <button id="host-game" type="button">Host a game</button>
  </div>
  <p class="help">Or <a href="/watch.html">watch a live game</a> as a spectator, or play back
    <a href="/replays.html">recorded matches</a>.</p>
  <div id="lobby" hidden>
    <h3>Lobby <code id="lobby-code-shown"></code></h3>
    <ul id="lobby-members"></ul>
    <button id="ready" type="button" disabled>Ready</button>
    <button id="start" type="button" hidden disabled>Start</button>
  </div>
  <p id="door-status" role="status"></p>
  <p id="region-warning" class="warning" hidden></p>
`;

/** The status line while the lobby link opens again after a drop. */
const RECONNECTING = "reconnecting to the lobby…";

function el<T extends HTMLElement>(id: string): T {
  return document.getElementById(id) as T;
}

/** Shows the front door and resolves once the player has a game to join. */
export function frontDoor(accessToken: string, accountId: string): Promise<GameEntry> {
  const section = document.createElement("section");
  section.id = "front-door";
  section.innerHTML = MARKUP;
  document.querySelector("header")!.after(section);
  const status = el("door-status");
  let latencies: Record<string, number> = {};
  void measureRegions(location.origin, { samples: 2 })
    .then((m) => {
      latencies = { ...m.latencies };
      const best = m.regions[0];
      el("door-region").textContent = best
        ? `nearest region: ${best.name} (${Math.round(best.medianMs)} ms); detected ${m.detectedRegionId}`
        : `detected region ${m.detectedRegionId}`;
    })
    .catch(() => {
      el("door-region").textContent = "regions could not be measured";
    });

  const api = async (path: string, method = "GET", body?: unknown) => {
    const res = await fetch(path, {
      method,
      headers: { Authorization: `Bearer ${accessToken}`, "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json()) as Record<string, unknown>;
    if (!res.ok)
      throw new Error((json.error as { message?: string })?.message ?? `HTTP ${res.status}`);
    return json;
  };

  return new Promise<GameEntry>((resolve) => {
    const enter = (entry: GameEntry, warnings: readonly CrossRegionWarning[]) => {
      showWarnings(warnings, accountId);
      for (const b of section.querySelectorAll("button")) b.disabled = true;
      resolve(entry);
    };
    const fail = (e: unknown) => {
      status.textContent = e instanceof Error ? e.message : String(e);
    };

    // A listen server: this tab runs the room and others join by invite (host.html).
    el("host-game").onclick = () => location.assign("/host.html");
    el("quick-play").onclick = async () => {
      try {
        status.textContent = "looking for an opponent…";
        let view = await api("/v1/matchmaking/tickets", "POST", {
          mode: "duel",
          rating: 1500,
          latencies,
        });
        while (view.status === "waiting")
          view = await api(`/v1/matchmaking/tickets/${view.ticketId}?wait=20`);
        if (view.status !== "matched") return fail(`matchmaking: ${String(view.status)}`);
        const join = view.joinTicket as { roomId: string; ticket: string };
        const match = view.match as { warnings: CrossRegionWarning[] };
        enter({ roomId: join.roomId, token: join.ticket }, match.warnings);
      } catch (e) {
        fail(e);
      }
    };

    const openLobby = (code: string) => {
      el("lobby").hidden = false;
      el("lobby-code-shown").textContent = code;
      const buttons = [el<HTMLButtonElement>("ready"), el<HTMLButtonElement>("start")];
      let ready = false;
      const link = openLobbyLink(code, accessToken, {
        opened() {
          if (Object.keys(latencies).length > 0) link.send({ type: "latencies", latencies });
        },
        message(m) {
          if (m.type === "state") {
            ready = showLobby(m.lobby, accountId);
            for (const b of buttons) b.disabled = false;
            if (status.textContent === RECONNECTING) status.textContent = "";
          } else if (m.type === "error") status.textContent = m.message;
          else if (m.type === "chat") status.textContent = `${m.name}: ${m.text}`;
          else if (m.type === "started") {
            link.close(1000, "to the game");
            enter({ roomId: m.roomId, token: m.ticket }, m.warnings);
          }
        },
        closed(code, reason, retrying) {
          // Disabled until the lobby answers the next hello: a click now would go nowhere.
          for (const b of buttons) b.disabled = true;
          if (retrying) status.textContent = RECONNECTING;
          else if (code !== 1000) status.textContent = `lobby closed: ${code} ${reason}`;
        },
      });
      const send = (m: LobbyClientMessage) => {
        if (!link.send(m)) status.textContent = "not connected to the lobby";
      };
      el("ready").onclick = () => send({ type: "ready", ready: !ready });
      el("start").onclick = () => send({ type: "start" });
    };

    el("create-lobby").onclick = async () => {
      try {
        const body = await api("/v1/lobbies", "POST", {
          settings: { maxPlayers: 4, minPlayers: 2, countdownMs: 1000 },
        });
        openLobby((body.lobby as LobbyView).code);
      } catch (e) {
        fail(e);
      }
    };
    el("join-lobby").onclick = async () => {
      const code = el<HTMLInputElement>("lobby-code").value.trim().toUpperCase();
      try {
        await api(`/v1/lobbies/${code}/members`, "POST");
        openLobby(code);
      } catch (e) {
        fail(e);
      }
    };
  });
}

/** Draws the lobby; answers whether this member is ready in it. */
function showLobby(lobby: LobbyView, me: string): boolean {
  const list = el("lobby-members");
  list.replaceChildren(
    ...lobby.members.map((m) => {
      const li = document.createElement("li");
      li.dataset.ready = String(m.ready);
      li.textContent = `${m.host ? "★ " : ""}${m.name}${m.accountId === me ? " (you)" : ""} — ${m.ready ? "ready" : "not ready"}${m.connected ? "" : " (away)"}`;
      return li;
    }),
  );
  const mine = lobby.members.find((m) => m.accountId === me);
  el("ready").textContent = mine?.ready ? "Not ready" : "Ready";
  el("start").hidden = lobby.hostId !== me;
  if (lobby.phase === "countdown") el("door-status").textContent = "starting…";
  return mine?.ready === true;
}

function showWarnings(warnings: readonly CrossRegionWarning[], me: string): void {
  const box = el("region-warning");
  if (warnings.length === 0) return;
  box.hidden = false;
  box.textContent = warnings
    .map(
      (w) =>
        `${w.accountId === me ? "You" : "A player"} may lag: ~${Math.round(w.expectedMs)} ms to ${w.regionId} (over ${w.thresholdMs} ms).`,
    )
    .join(" ");
}
