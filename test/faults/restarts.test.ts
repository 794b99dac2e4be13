// Fault campaign: the server restarts with new code mid-game, again and again, as a series of
// deploys does (test/e2e/restart.test.ts is the single-restart story with its timings). Each
// round the players play past one snapshot interval, the server is killed without a goodbye
// and started on the same port and storage with a new build label (GET /v1/health reports
// it). What must hold every round: both players resume as themselves, no one is removed, no
// mirror holds a ship twice, the held input keeps steering after the restart, and the two
// players' mirrors agree on every ship at every tick both received. Tick numbers repeat
// across a restart (the room continues from its last snapshot, up to 5 s behind the last
// tick seen), so mirrors are compared per timeline: up to each restart, then afresh.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type RoomConnection, roomUrl } from "@edgetick/client";
import { afterAll, describe, expect, it } from "vitest";
import { ARENA_BUTTON, type ArenaInput, listShips } from "../../games/arena/index.js";
import { type DevServer, startDevServer } from "../support/dev-server.js";
import { eventually } from "../support/eventually.js";
import { joinArena } from "./arena-player.js";
import { campaignRounds, pause, report } from "./campaign.js";
import { compareMirrors, duplicateShips, recordMirror } from "./mirror-log.js";

/** Restarts: 2 in CI, 10 in the full form. */
const ROUNDS = campaignRounds(2, 10);
/** GameRoom's snapshotIntervalMs (durable-objects/game-room/room-persistence.ts). */
const SNAPSHOT_INTERVAL_MS = 5_000;

let server: DevServer | undefined;
const persistTo = mkdtempSync(join(tmpdir(), "edgetick-faults-restarts-"));

afterAll(async () => {
  await server?.stop();
  rmSync(persistTo, { recursive: true, force: true });
});

async function build(url: string): Promise<string> {
  return ((await (await fetch(`${url}/v1/health`)).json()) as { build: string }).build;
}

function headingOf(room: RoomConnection<ArenaInput>, owner: number): number | undefined {
  return listShips(room.world).find((s) => s.owner === owner)?.heading;
}

describe("a room across repeated restarts with new code", () => {
  it(
    `resumes both players after each of ${ROUNDS} restarts, their mirrors in agreement`,
    async () => {
      server = await startDevServer({ persistTo, build: "faults-0" });
      const base = server.url;
      const port = Number(new URL(base).port);
      const url = roomUrl(base, "faults-restarts");
      const reconnect = { initialDelayMs: 200, maxDelayMs: 1000, maxAttempts: 200 };
      const join = (name: string, n: number) => joinArena(base, url, name, n, reconnect);
      const ada = await join("ada", 21);
      const bob = await join("bob", 22);
      await eventually(() => listShips(bob.world).length === 2, "two ships", 30_000);
      const ids = [ada.playerId, bob.playerId];
      const logs = [recordMirror(ada), recordMirror(bob)] as const;
      let left = 0;
      bob.on("player-left", () => left++);
      ada.setInput({ buttons: ARENA_BUTTON.LEFT });

      const downMs: number[] = [];
      let compared = 0;
      const disagreements: string[] = [];
      /** Checks the two mirrors' timeline so far, then starts a new one. */
      const closeTimeline = () => {
        const out = compareMirrors(logs[0], logs[1]);
        compared += out.compared;
        disagreements.push(...out.disagreements, ...logs.flatMap(duplicateShips));
        for (const log of logs) log.clear();
      };
      for (let round = 1; round <= ROUNDS; round++) {
        // Past one snapshot interval, so the stored snapshot is of this round's play.
        await pause(SNAPSHOT_INTERVAL_MS + 1_000);
        closeTimeline();
        const resumed = [false, false];
        const offs = [ada, bob].map((room, i) =>
          room.on("state", ({ state }) => {
            if (state === "resumed") resumed[i] = true;
          }),
        );
        const stoppedAt = Date.now();
        await server.stop();
        server = undefined;
        server = await startDevServer({ persistTo, port, build: `faults-${round}` });
        expect(await build(base)).toBe(`faults-${round}`);
        await eventually(() => resumed[0] && resumed[1], `both resume (restart ${round})`, 90_000);
        downMs.push(Date.now() - stoppedAt);
        for (const off of offs) off();
        // Both are on the new timeline now; what they held since the stop may be of either.
        for (const log of logs) log.clear();
        expect([ada.playerId, bob.playerId]).toEqual(ids);
        const before = await eventually(() => headingOf(bob, ids[0]!), `ada's ship (${round})`);
        await eventually(
          () => headingOf(bob, ids[0]!) !== before,
          `ada's input turns her ship after restart ${round}`,
          30_000,
        );
      }

      expect(left).toBe(0);
      closeTimeline();
      expect(disagreements).toEqual([]);
      expect(compared).toBeGreaterThan(0);
      report(
        `restarts: ${ROUNDS} restarts with new builds, both players resumed every time; stopped → both resumed ${downMs.join(", ")} ms; ${compared} ticks compared, 0 disagreements`,
      );
      ada.close();
      bob.close();
    },
    60_000 + ROUNDS * 150_000,
  );
});
