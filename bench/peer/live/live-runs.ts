// The peer bench's real-runtime runs on a local `wrangler dev`, Node peers on werift data
// channels over loopback: time to first state directly and through the relay, the fallback
// from a blocked direct attempt to the relay, host migration after the host's process is
// killed, and the relay traffic the session counted. Each run has a session of its own and
// checks what it measured: the path the link report names, and mirrors that hold the host's
// ships afterwards.

import type { HttpClient, MigrationEvent, RoomConnection } from "../../../client/src/index.js";
import type { ArenaInput } from "../../../games/arena/index.js";
import { ARENA_BUTTON, arenaGame, shipOf } from "../../../games/arena/index.js";
import { HostChild } from "./host-child.js";
import {
  hostListen,
  joinTimed,
  mirrors,
  NODE_RTC,
  registerListen,
  STEP_TIMEOUT_MS,
  until,
} from "./listen-run.js";

/** The accounts a run plays as: the host and two peers. */
export interface LiveAccounts {
  readonly host: HttpClient;
  readonly peers: readonly [HttpClient, HttpClient];
}

/** How long a relayed peer plays before the session's usage is read, ms. */
export const RELAY_PLAY_MS = 5000;

/** Direct blocked: no candidate is gathered, signaled or added (no TURN server is configured). */
const BLOCKED = { ...NODE_RTC, candidateFilter: "relay-only" } as const;

/** A mirror holds the host's ships within this, ms, once a link is up. */
const CONVERGE_MS = 10_000;

/** Time to first state over direct data channels, ms. */
export async function directRun(url: string, accounts: LiveAccounts): Promise<number> {
  const hosted = await hostListen(url, accounts.host);
  try {
    const joined = await joinTimed(url, accounts.peers[0], hosted.sessionId, "direct peer", {
      rtc: NODE_RTC,
    });
    try {
      if (joined.report.path !== "direct")
        throw new Error(`the direct run's link went ${joined.report.path}`);
      await until(() => mirrors(joined.session.room, hosted.host), CONVERGE_MS, "direct mirror");
      return joined.firstStateMs;
    } finally {
      joined.session.close();
    }
  } finally {
    hosted.close();
  }
}

/** What a relayed run measured. */
export interface RelayRun {
  readonly firstStateMs: number;
  /** GET /v1/sessions/{id}/usage after the peer played RELAY_PLAY_MS. */
  readonly usage: {
    readonly relayFrames: number;
    readonly relayBytes: number;
    readonly relayDroppedFrames: number;
    readonly signalMessages: number;
  };
}

/** Time to first state with the relay forced (direct blocked and not tried), then play and usage. */
export async function relayRun(url: string, accounts: LiveAccounts): Promise<RelayRun> {
  const hosted = await hostListen(url, accounts.host);
  try {
    const joined = await joinTimed(url, accounts.peers[0], hosted.sessionId, "relayed peer", {
      rtc: BLOCKED,
      direct: false,
    });
    try {
      const { path, fallbackMs } = joined.report;
      if (path !== "relay" || fallbackMs !== undefined)
        throw new Error(`the relay run's link went ${path} (fallback ${fallbackMs})`);
      await play(joined.session.room, RELAY_PLAY_MS);
      await until(() => mirrors(joined.session.room, hosted.host), CONVERGE_MS, "relayed mirror");
      const u = await accounts.host.getSessionUsage(hosted.sessionId);
      if (u.relayFrames === 0) throw new Error("the relayed session counted no relay frames");
      return {
        firstStateMs: joined.firstStateMs,
        usage: {
          relayFrames: u.relayFrames,
          relayBytes: u.relayBytes,
          relayDroppedFrames: u.relayDroppedFrames,
          signalMessages: u.signalMessages,
        },
      };
    } finally {
      joined.session.close();
    }
  } finally {
    hosted.close();
  }
}

/** What a fallback run measured (link report times from the start of the link attempt). */
export interface FallbackRun {
  /** The relay carries the link. */
  readonly relayOpenMs: number;
  /** The direct attempt gave up. */
  readonly directGaveUpMs: number;
  readonly firstStateMs: number;
}

/** Direct attempted but blocked: the link falls back to the relay. */
export async function fallbackRun(url: string, accounts: LiveAccounts): Promise<FallbackRun> {
  const hosted = await hostListen(url, accounts.host);
  try {
    const joined = await joinTimed(url, accounts.peers[0], hosted.sessionId, "fallback peer", {
      rtc: BLOCKED,
    });
    try {
      const { path, fallbackMs, openMs } = joined.report;
      if (path !== "relay" || fallbackMs === undefined)
        throw new Error(`the fallback run's link went ${path} (fallback ${fallbackMs})`);
      await until(() => mirrors(joined.session.room, hosted.host), CONVERGE_MS, "fallback mirror");
      return { relayOpenMs: openMs, directGaveUpMs: fallbackMs, firstStateMs: joined.firstStateMs };
    } finally {
      joined.session.close();
    }
  } finally {
    hosted.close();
  }
}

/** What a migration run measured, ms from the kill of the host's process. */
export interface MigrationRun {
  /** The peer that did not become host resumed its player on the new host. */
  readonly peerResumedMs: number;
  /** The elected peer resumed its own player on the room it now hosts. */
  readonly newHostResumedMs: number;
  /** The client's own figure for the peer: from the announcement of the new host. */
  readonly peerEventMs: number;
}

/**
 * A host in its own process and two peers over direct data channels; the host's process is
 * killed (SIGKILL) and the peers resume on the one the session elects.
 */
export async function migrationRun(url: string, accounts: LiveAccounts): Promise<MigrationRun> {
  const session = await registerListen(accounts.host);
  const child = new HostChild({
    baseUrl: url,
    signalUrl: session.signalUrl,
    ticket: session.ticket,
  });
  const closers: (() => void)[] = [];
  try {
    await child.printed("hosting", STEP_TIMEOUT_MS);
    const [first, second] = accounts.peers;
    const bob = await joinTimed(url, first, session.sessionId, "bob", { rtc: NODE_RTC });
    closers.push(() => bob.session.close());
    const cyd = await joinTimed(url, second, session.sessionId, "cyd", { rtc: NODE_RTC });
    closers.push(() => cyd.session.close());
    if (bob.report.path !== "direct" || cyd.report.path !== "direct")
      throw new Error(`the migration run's links went ${bob.report.path}, ${cyd.report.path}`);
    // The session must know who is who before the host dies: its roster, and own ships seen.
    await child.printed("roster 3", STEP_TIMEOUT_MS);
    const seesOwnShip = (room: RoomConnection<ArenaInput>) =>
      room.networkIdOf(shipOf(room.world, room.playerId)) >= 0;
    await until(
      () => seesOwnShip(bob.session.room) && seesOwnShip(cyd.session.room),
      STEP_TIMEOUT_MS,
      "own ships",
    );
    const migrated = new Map<string, { at: number; event: MigrationEvent }>();
    bob.session.on("migrated", (event) => migrated.set("bob", { at: performance.now(), event }));
    cyd.session.on("migrated", (event) => migrated.set("cyd", { at: performance.now(), event }));
    const killedAt = performance.now();
    child.kill();
    await until(() => migrated.size === 2, STEP_TIMEOUT_MS, "both peers resuming");
    const b = migrated.get("bob")!;
    const c = migrated.get("cyd")!;
    const newHost = bob.session.host;
    if (!b.event.becameHost || c.event.becameHost || !newHost)
      throw new Error("the lowest remaining peer (bob) was not elected");
    await until(() => mirrors(cyd.session.room, newHost), CONVERGE_MS, "cyd's mirror on bob");
    return {
      peerResumedMs: c.at - killedAt,
      newHostResumedMs: b.at - killedAt,
      peerEventMs: c.event.ms,
    };
  } finally {
    for (const close of closers.reverse()) close();
    await child.stop();
  }
}

/** Steers `room` for `ms`: thrust, then a turn, then idle. */
async function play(room: RoomConnection<ArenaInput>, ms: number): Promise<void> {
  room.setInput({ buttons: ARENA_BUTTON.THRUST });
  await new Promise((r) => setTimeout(r, ms / 2));
  room.setInput({ buttons: ARENA_BUTTON.LEFT });
  await new Promise((r) => setTimeout(r, ms / 2));
  room.setInput(arenaGame.idleInput);
}
