// The front door's link to a lobby: a WebSocket that says hello on every open and opens again
// after a dropped link. The lobby keeps its members over HTTP, not over the socket, so a
// member whose socket dropped (a restart or deploy of the server, which drops every socket;
// a network blip) is still in it and only has to say hello again; without this the page sat
// on "lobby closed: 1006" and its Ready could never be clicked again. A close the lobby
// chose (a code of its table: kicked, left, replaced, refused) or a goodbye is final.

import {
  decodeLobbyServerMessage,
  LOBBY_CLOSE,
  type LobbyClientMessage,
  type LobbyServerMessage,
} from "../../shared/lobby/lobby-protocol.js";

/** What the page hears from its lobby link. */
export interface LobbyLinkEvents {
  /** The socket is open: the link said hello (send anything else after it). */
  opened(): void;
  /** A decoded message from the lobby. */
  message(m: LobbyServerMessage): void;
  /** The socket closed; `retrying` says whether the link opens again by itself. */
  closed(code: number, reason: string, retrying: boolean): void;
}

/** A lobby link: sends while open, closes for good with `close`. */
export interface LobbyLink {
  /** Sends `m` if the socket is open; answers whether it was sent. */
  send(m: LobbyClientMessage): boolean;
  /** Closes the link for good (no more reopening). */
  close(code: number, reason: string): void;
}

/** Delay before the first reopening; doubled after each failed one. @default 250 ms */
const FIRST_RETRY_MS = 250;
/** Longest wait between reopenings. */
const MAX_RETRY_MS = 4000;

const FINAL_CODES: ReadonlySet<number> = new Set(Object.values(LOBBY_CLOSE).map((c) => c.code));

/** Whether a close with `code` leaves the member in the lobby, so the link opens again. */
export function lobbyCloseIsRetryable(code: number): boolean {
  return code !== 1000 && !FINAL_CODES.has(code);
}

/** Opens the link to lobby `code` as the holder of `accessToken`. */
export function openLobbyLink(
  code: string,
  accessToken: string,
  events: LobbyLinkEvents,
): LobbyLink {
  const url = `${location.origin.replace(/^http/, "ws")}/v1/lobbies/${code}/ws`;
  let ws: WebSocket;
  let done = false;
  let retryMs = FIRST_RETRY_MS;
  const send = (m: LobbyClientMessage): boolean => {
    if (ws.readyState !== WebSocket.OPEN) return false;
    ws.send(JSON.stringify(m));
    return true;
  };
  const open = () => {
    ws = new WebSocket(url);
    ws.onopen = () => {
      send({ type: "hello", token: accessToken });
      events.opened();
    };
    ws.onmessage = (e) => {
      const decoded = decodeLobbyServerMessage(String(e.data));
      if (!decoded.ok) return;
      // The lobby answered this socket's hello: the next drop starts the backoff afresh.
      if (decoded.value.type === "state") retryMs = FIRST_RETRY_MS;
      events.message(decoded.value);
    };
    ws.onclose = (e) => {
      const retrying = !done && lobbyCloseIsRetryable(e.code);
      events.closed(e.code, e.reason, retrying);
      if (!retrying) return;
      setTimeout(open, retryMs);
      retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
    };
  };
  open();
  return {
    send,
    close(closeCode, reason) {
      done = true;
      ws.close(closeCode, reason);
    },
  };
}
