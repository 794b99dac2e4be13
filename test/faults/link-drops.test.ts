// Fault campaign: a client whose link drops every few seconds, on wrangler dev with the real
// client package. Each round it plays for a moment, its link is cut without a goodbye (as a
// flaky mobile network cuts it) and it reconnects and resumes. What must hold every round:
// it comes back as the same player; no mirror ever holds a ship twice; the other player never
// hears it leave; its held input keeps steering its ship after each resume; and the two
// clients' mirrors agree on every ship at every tick both received.
import { type RoomConnection, roomUrl } from "@edgetick/client";
import { describe, expect, inject, it } from "vitest";
import { ARENA_BUTTON, type ArenaInput, listShips } from "../../games/arena/index.js";
import { eventually } from "../support/eventually.js";
import { joinArena } from "./arena-player.js";
import { campaignRounds, pause, report } from "./campaign.js";
import { compareMirrors, duplicateShips, recordMirror } from "./mirror-log.js";

/** Drops: 4 in CI, 40 in the full form (one every 1–3 s of play). */
const ROUNDS = campaignRounds(4, 40);

function headingOf(room: RoomConnection<ArenaInput>, owner: number): number | undefined {
  return listShips(room.world).find((s) => s.owner === owner)?.heading;
}

describe("a client whose link drops every few seconds", () => {
  it(
    `resumes ${ROUNDS} times as the same player, without duplicate ships, its inputs applied`,
    async () => {
      const base = inject("faultsServerUrl");
      const url = roomUrl(base, `faults-link-drops-${crypto.randomUUID()}`);
      const reconnect = { initialDelayMs: 50, maxDelayMs: 500, maxAttempts: 40 };
      const join = (name: string, n: number) => joinArena(base, url, name, n, reconnect);
      const ada = await join("ada", 1);
      const bob = await join("bob", 2);
      // A first join on a busy machine waits for the room's code to load: a generous deadline.
      await eventually(() => listShips(bob.world).length === 2, "two ships", 30_000);
      const id = ada.playerId;
      const adaLog = recordMirror(ada);
      const bobLog = recordMirror(bob);
      let left = 0;
      bob.on("player-left", () => left++);
      const closes: number[] = [];
      ada.on("state", ({ close }) => close && closes.push(close.code));
      // ada turns left for the whole campaign: her heading changes every tick the room applies
      // one of her inputs, which bob's mirror shows.
      ada.setInput({ buttons: ARENA_BUTTON.LEFT });

      let reconnectMs = 0;
      for (let round = 0; round < ROUNDS; round++) {
        await pause(1_000 + ((round * 7919) % 2_000)); // 1–3 s of play, varied but repeatable
        const before = headingOf(bob, id);
        ada.dropLink();
        const droppedAt = Date.now();
        await eventually(() => ada.state === "resumed", `ada resumes (round ${round})`, 30_000);
        reconnectMs = Math.max(reconnectMs, Date.now() - droppedAt);
        expect(ada.playerId).toBe(id);
        await eventually(
          () => headingOf(bob, id) !== undefined && headingOf(bob, id) !== before,
          `ada's input turns her ship after resume ${round}`,
          30_000,
        );
      }
      await eventually(
        () => listShips(ada.world).length === 2,
        "ada's mirror holds both ships",
        30_000,
      );

      expect(closes.every((code) => code === 4999)).toBe(true); // only the drops we caused
      expect(left).toBe(0);
      expect(duplicateShips(adaLog)).toEqual([]);
      expect(duplicateShips(bobLog)).toEqual([]);
      const { compared, disagreements } = compareMirrors(adaLog, bobLog);
      expect(disagreements).toEqual([]);
      expect(compared).toBeGreaterThan(0);
      report(
        `link drops: ${ROUNDS} drops, all resumed as player ${id}; slowest drop → resumed ${reconnectMs} ms; ${compared} ticks compared between the two mirrors, 0 disagreements`,
      );
      ada.close();
      bob.close();
    },
    60_000 + ROUNDS * 35_000,
  );
});
