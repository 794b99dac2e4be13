// One listen session on the local server, as the peer bench drives it: a host account
// registers the session, a Node listen host (werift data channels) runs the arena room with
// its own player, and peers join it with joinSession — timed from the start of the join
// (POST /v1/sessions/{id}/join) to the first snapshot their room applies.

import {
  createHttpClient,
  type HttpClient,
  hostSession,
  joinSession,
  type ListenHost,
  type PeerLinkReport,
  type PeerSession,
  type PeerTransportOptions,
  type RoomConnection,
} from "../../../client/src/index.js";
import type { ArenaInput } from "../../../games/arena/index.js";
import { arenaGame, listShips } from "../../../games/arena/index.js";
import { NodeRTCPeerConnection } from "./werift.js";

/** The data channel options of every Node peer: werift, the client's defaults otherwise. */
export const NODE_RTC = { RTCPeerConnection: NodeRTCPeerConnection } as const;

/** Longest wait for any one step of a run, ms: a run that takes longer fails the bench. */
export const STEP_TIMEOUT_MS = 30_000;

/** Rejects if `promise` has not settled within `ms`. */
export async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Resolves once `check()` holds (polled every 10 ms); rejects after `ms`. */
export async function until(check: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = performance.now() + ms;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Signs in one guest account per name (each a new device). */
export async function signIn(baseUrl: string, names: readonly string[]): Promise<HttpClient[]> {
  const clients: HttpClient[] = [];
  for (const name of names) {
    const http = createHttpClient({ baseUrl });
    await http.signInGuest({ deviceId: crypto.randomUUID().replaceAll("-", ""), name });
    clients.push(http);
  }
  return clients;
}

/** Registers a listen session of the arena for `host`'s account. */
export function registerListen(host: HttpClient) {
  return host.registerSession({
    kind: "listen",
    game: arenaGame.name,
    mode: "ffa",
    players: 1,
    capacity: 8,
    name: "bench host",
  });
}

/** A hosted listen session: the Node host, its own player, and the session id. */
export interface HostedListen {
  readonly sessionId: string;
  readonly host: ListenHost<ArenaInput>;
  readonly hostRoom: RoomConnection<ArenaInput>;
  close(): void;
}

/** Registers and hosts a listen session in this process. */
export async function hostListen(baseUrl: string, http: HttpClient): Promise<HostedListen> {
  const session = await registerListen(http);
  const host = await within(
    hostSession({
      game: arenaGame,
      signaling: { signalUrl: session.signalUrl, ticket: session.ticket, baseUrl },
      rtc: NODE_RTC,
    }),
    STEP_TIMEOUT_MS,
    "hosting",
  );
  const hostRoom = await within(host.connect({ name: "host" }), STEP_TIMEOUT_MS, "host's player");
  return {
    sessionId: session.sessionId,
    host,
    hostRoom,
    close() {
      hostRoom.close();
      host.close();
    },
  };
}

/** A peer that joined, and how long its first state took. */
export interface TimedJoin {
  readonly session: PeerSession<ArenaInput>;
  /** From the start of the join to the first snapshot applied, ms. */
  readonly firstStateMs: number;
  /** How its link to the host was made. */
  readonly report: PeerLinkReport;
}

/**
 * Joins `sessionId` as `http`'s account over `link` and waits for the first snapshot: the
 * clock starts before POST /v1/sessions/{id}/join and stops when the room applied one.
 */
export async function joinTimed(
  baseUrl: string,
  http: HttpClient,
  sessionId: string,
  name: string,
  link: Omit<PeerTransportOptions, "onreport">,
): Promise<TimedJoin> {
  const start = performance.now();
  const joined = await http.joinPeerSession(sessionId, { name });
  const session = await within(
    joinSession({
      game: arenaGame,
      name,
      signaling: { signalUrl: joined.signalUrl, ticket: joined.ticket, baseUrl },
      link,
    }),
    STEP_TIMEOUT_MS,
    `${name} joining`,
  );
  const room = session.room;
  if (room.tick < 0)
    await within(
      new Promise<void>((resolve) => {
        const off = room.on("snapshot", () => {
          off();
          resolve();
        });
      }),
      STEP_TIMEOUT_MS,
      `${name}'s first snapshot`,
    );
  const firstStateMs = performance.now() - start;
  if (!session.link) throw new Error(`${name}: the link opened without a report`);
  return { session, firstStateMs, report: session.link };
}

/** True when `room`'s mirror is at `host`'s tick and holds exactly its ships. */
export function mirrors(room: RoomConnection<ArenaInput>, host: ListenHost<ArenaInput>): boolean {
  return (
    room.tick === host.core.tick &&
    JSON.stringify(listShips(room.world)) === JSON.stringify(listShips(host.core.world))
  );
}
