// Fault campaign: the client's clock jumps, forward and back, by seconds to minutes, while it
// plays on wrangler dev with the real client package (see jumping-clock.ts). What must hold:
// nothing is flagged as a protocol error (no close with a 40xx code, no cut), the player is
// never replaced or removed, and its held input keeps being applied after every jump, as the
// other player's mirror shows; the clock sync's round trip stays a real one (never negative).
import { type RoomConnection, roomUrl } from "@edgetick/client";
import { afterEach, describe, expect, inject, it } from "vitest";
import { ARENA_BUTTON, type ArenaInput, listShips } from "../../games/arena/index.js";
import { eventually } from "../support/eventually.js";
import { joinArena } from "./arena-player.js";
import { campaignRounds, pause, report } from "./campaign.js";
import { JumpingClock } from "./jumping-clock.js";

/** Jumps: 4 in CI (±1 min, ±10 s), 24 in the full form (also ±1 h and ±1 day). */
const ROUNDS = campaignRounds(4, 24);
/** The jumps, cycled: the short form uses the first four, a longer one all of them. */
const JUMPS_MS = [
  60_000, -60_000, 10_000, -10_000, 3_600_000, -3_600_000, 86_400_000, -86_400_000,
].slice(0, ROUNDS > 4 ? 8 : 4);

let clock: JumpingClock | undefined;
afterEach(() => clock?.restore());

function headingOf(room: RoomConnection<ArenaInput>, owner: number): number | undefined {
  return listShips(room.world).find((s) => s.owner === owner)?.heading;
}

describe("a client whose clock jumps", () => {
  it(
    `keeps playing through ${ROUNDS} jumps, forward and back, without a protocol error`,
    async () => {
      const base = inject("faultsServerUrl");
      const url = roomUrl(base, `faults-clock-${crypto.randomUUID()}`);
      clock = new JumpingClock();
      const join = (name: string, n: number) => joinArena(base, url, name, n);
      const ada = await join("ada", 11);
      const bob = await join("bob", 12);
      await eventually(() => listShips(bob.world).length === 2, "two ships", 30_000);
      const closes: string[] = [];
      for (const room of [ada, bob])
        room.on("state", ({ state, close }) => closes.push(`${state} ${close?.code ?? ""}`));
      let left = 0;
      bob.on("player-left", () => left++);
      let minRtt = Number.POSITIVE_INFINITY;
      ada.on("stats", (s) => {
        if (Number.isFinite(s.rtt)) minRtt = Math.min(minRtt, s.rtt);
      });
      ada.setInput({ buttons: ARENA_BUTTON.LEFT });

      for (let round = 0; round < ROUNDS; round++) {
        const jump = JUMPS_MS[round % JUMPS_MS.length]!;
        const before = headingOf(bob, ada.playerId);
        clock.jump(jump);
        await pause(1_500); // a few pings and input batches on the jumped clock
        await eventually(
          () => headingOf(bob, ada.playerId) !== before,
          `ada's input still turns her ship after a ${jump} ms jump`,
          30_000,
        );
      }

      expect(closes).toEqual([]);
      expect(left).toBe(0);
      expect(ada.state).toBe("connected");
      expect(minRtt).toBeGreaterThanOrEqual(0);
      report(
        `clock jumps: ${ROUNDS} jumps of ${JUMPS_MS.join(", ")} ms; no close, no reconnect; smallest RTT sample ${minRtt.toFixed(1)} ms`,
      );
      ada.close();
      bob.close();
    },
    60_000 + ROUNDS * 35_000,
  );
});
