import { describe, expect, it } from "vitest";
import { PLAYER_DATA_LEASE_MS } from "../../server/player-data/player-data-owners.js";
import { expireUnresumed, graceAlarmAt, WATCH_MS } from "./room-grace.js";
import type { RoomRun } from "./room-run.js";

type AlarmRun = Parameters<typeof graceAlarmAt>[0];

/** A run as graceAlarmAt reads it: its core's deadline, tick state and grace, and a zone or not. */
function run(o: {
  deadline?: number;
  ticking: boolean;
  zone: boolean;
  graceMs?: number;
}): AlarmRun {
  const core = {
    graceDeadline: o.deadline,
    ticking: o.ticking,
    options: { reconnectGraceMs: o.graceMs ?? 10_000 },
  };
  return { core, zone: o.zone ? {} : undefined } as unknown as AlarmRun;
}

describe("graceAlarmAt", () => {
  it("is the first grace deadline of a room that does not tick, and none without one", () => {
    expect(graceAlarmAt(run({ deadline: 5_000, ticking: false, zone: false }), 1_000)).toBe(5_000);
    expect(graceAlarmAt(run({ deadline: 5_000, ticking: false, zone: true }), 1_000)).toBe(5_000);
    expect(graceAlarmAt(run({ ticking: false, zone: true }), 1_000)).toBeUndefined();
  });

  it("wakes a room that does not tick within WATCH_MS while a longer grace period runs", () => {
    const deadline = 1_000 + 5 * 60_000;
    expect(graceAlarmAt(run({ deadline, ticking: false, zone: false }), 1_000)).toBe(
      1_000 + WATCH_MS,
    );
  });

  it("keeps a ticking room's alarm (a zone or not) at most WATCH_MS ahead, the watch that outlives a restart", () => {
    expect(graceAlarmAt(run({ ticking: true, zone: true }), 1_000)).toBe(1_000 + WATCH_MS);
    expect(graceAlarmAt(run({ ticking: true, zone: false }), 1_000)).toBe(1_000 + WATCH_MS);
    // A player's grace deadline before it comes first.
    expect(graceAlarmAt(run({ deadline: 4_000, ticking: true, zone: false }), 1_000)).toBe(4_000);
    // However short the room's grace (none at all), the watch costs one alarm per WATCH_MS.
    expect(graceAlarmAt(run({ ticking: true, zone: false, graceMs: 0 }), 1_000)).toBe(
      1_000 + WATCH_MS,
    );
  });

  it("wakes a restarted room before its players' leases can run out", () => {
    // Renewed by the room's 30 s save (PLAYER_DATA_SAVE_INTERVAL_MS, room-ticking.ts), a lease
    // lives 90 s: at least 60 s of it is left at any restart.
    expect(WATCH_MS).toBeLessThan(PLAYER_DATA_LEASE_MS - 30_000);
  });
});

type ExpiringRun = Parameters<typeof expireUnresumed>[0];

/** A run whose steps are recorded; `left` players remain once the grace periods expire. */
function expiring(steps: string[], ticking: boolean, left: number): ExpiringRun {
  return {
    core: { ticking, playerCount: left, expireGrace: (now: number) => steps.push(`expire ${now}`) },
    playerData: {
      unresumed: async () => {
        await Promise.resolve();
        steps.push("documents saved and released");
      },
      flush: async () => void steps.push("waiting seats' leases renewed"),
    },
    persistence: { save: async () => void steps.push("snapshot stored") },
    registry: { stop: () => void steps.push("search entry removed") },
    sessions: { abandoned: async (now: number) => void steps.push(`history ended ${now}`) },
  } as unknown as Pick<RoomRun, keyof ExpiringRun>;
}

describe("expireUnresumed", () => {
  it("lets the expired seats' documents go before it stores the snapshot without them, and keeps the waiting seats' leases", async () => {
    const steps: string[] = [];
    await expireUnresumed(expiring(steps, false, 1), 42);
    expect(steps).toEqual([
      "expire 42",
      "documents saved and released",
      "snapshot stored",
      "waiting seats' leases renewed",
    ]);
  });

  it("ends the history row and the search entry of a restarted room nobody came back to", async () => {
    const steps: string[] = [];
    await expireUnresumed(expiring(steps, false, 0), 42);
    expect(steps).toEqual([
      "expire 42",
      "documents saved and released",
      "snapshot stored",
      "search entry removed",
      "history ended 42",
    ]);
  });

  it("leaves a ticking room's snapshot and history to its own timers", async () => {
    const steps: string[] = [];
    await expireUnresumed(expiring(steps, true, 0), 42);
    expect(steps).toEqual(["expire 42", "documents saved and released"]);
  });
});
