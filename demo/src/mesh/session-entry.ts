// Where the mesh page plays: a P2P session it registers (`?new`, or the Start button), or the
// one `?session=` names (or pasted into the join box, as an id or a share link). Either way
// the page gets this peer's ticket to the session's signaling socket. The page that
// registered the session keeps it listed: a registration lives a minute unless heartbeated,
// and an expired session refuses new joins.

import type { HttpClient } from "@edgetick/client";

/** A session to join and this peer's ticket to its signaling socket. */
export interface MeshEntry {
  readonly sessionId: string;
  readonly ticket: string;
  readonly signalUrl: string;
  /** This page registered the session (it heartbeats it). */
  readonly created: boolean;
}

/** Peers of a demo mesh at most, this page included (a mesh holds 8). */
const CAPACITY = 8;

/** How often the registering page heartbeats its session, ms (it expires 60 s after the last). */
const HEARTBEAT_MS = 20_000;

/** Registers a new P2P arena session with this peer in it. */
export async function createMeshSession(http: HttpClient, name: string): Promise<MeshEntry> {
  const s = await http.registerSession({
    kind: "p2p",
    game: "arena",
    mode: "mesh",
    players: 1,
    capacity: CAPACITY,
    name,
  });
  return { sessionId: s.sessionId, ticket: s.ticket, signalUrl: s.signalUrl, created: true };
}

/** A ticket to the P2P session `sessionId`. */
export async function joinMeshSession(
  http: HttpClient,
  sessionId: string,
  name: string,
): Promise<MeshEntry> {
  const joined = await http.joinPeerSession(sessionId, { name });
  if (joined.kind !== "p2p")
    throw new Error(`${sessionId} is a ${joined.kind} session, not a P2P one`);
  return { sessionId, ticket: joined.ticket, signalUrl: joined.signalUrl, created: false };
}

/** Heartbeats a registered session with its current peer count until the returned stop. */
export function keepListed(
  http: HttpClient,
  sessionId: string,
  players: () => number,
  onError: (e: unknown) => void,
): () => void {
  const timer = setInterval(() => {
    http.heartbeatSession(sessionId, { players: players() }).catch(onError);
  }, HEARTBEAT_MS);
  return () => clearInterval(timer);
}

/**
 * Shows the entry box and resolves with the player's choice: `null` to start a new session,
 * or the id of the session to join (from an id or a share link pasted into the box).
 */
export function chooseSession(section: HTMLElement): Promise<string | null> {
  section.hidden = false;
  const input = section.querySelector<HTMLInputElement>("#session-input")!;
  const create = section.querySelector<HTMLButtonElement>("#create-session")!;
  const join = section.querySelector<HTMLButtonElement>("#join-session")!;
  return new Promise((resolve) => {
    const done = (choice: string | null) => {
      section.hidden = true;
      resolve(choice);
    };
    create.onclick = () => done(null);
    join.onclick = () => {
      const id = sessionIdFrom(input.value);
      if (id) done(id);
      else input.setCustomValidity("a session id (ls_…) or a link with ?session=");
      input.reportValidity();
    };
    input.oninput = () => input.setCustomValidity("");
  });
}

/** The session id in `text`: the id itself, or a link's `?session=`. */
export function sessionIdFrom(text: string): string | undefined {
  const trimmed = text.trim();
  let id = trimmed;
  try {
    id = new URL(trimmed).searchParams.get("session") ?? "";
  } catch {
    // Not a link: the id itself.
  }
  return /^[A-Za-z0-9_-]{1,64}$/.test(id) ? id : undefined;
}
