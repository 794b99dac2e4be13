// A zoned world's player data follows the player, one owner at a time: the zone a player
// walks out of hands the account's documents and their lease to the zone that adopts the
// avatar (ZoneSink.carryOut / carryIn, durable-objects/game-room/room-player-data.ts). The
// world game's onLoad counts zones entered, so the next zone reading 1 and writing 2 proves
// it saw what the first zone wrote but never saved; the audit log proves the first zone
// wrote nothing after it let the player go.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { WORLD_EXPLORER_KEY } from "../../games/world/world-data.js";
import { AUDIT_ACTION } from "../../server/accounts/audit-log.js";
import { PlayerDataOwners } from "../../server/player-data/player-data-owners.js";
import { eventually } from "./eventually.js";
import { signInGuest } from "./sign-in.js";
import { walkIntoNextZone } from "./zone-walk.js";

describe("player data in a zoned world", () => {
  it("moves with the avatar to the next zone, which alone holds and writes it", async () => {
    const ada = await signInGuest("ada");
    const walk = await walkIntoNextZone("data-walk", "ada-75", ada.accessToken);
    const owners = new PlayerDataOwners(env.DB);
    try {
      // The lease went with the documents: zone 1.0 holds it, no save in between.
      await eventually(
        async () => (await owners.owner(ada.accountId, Date.now())) === "data-walk/1.0",
        "zone 1.0 holds the lease",
      );
    } finally {
      walk.stop();
    }
    // Leaving zone 1.0 saves once, what it read (zone 0.0's unsaved count) plus its own.
    walk.next.close();
    const row = await eventually(
      async () =>
        (await env.DB.prepare(
          "SELECT value, version FROM player_data WHERE player_id = ? AND key = ?",
        )
          .bind(ada.accountId, WORLD_EXPLORER_KEY)
          .first<{ value: string; version: number }>()) ?? undefined,
      "the explorer document saved at the leave",
      10_000,
    );
    expect(JSON.parse(row.value)).toEqual({ zonesEntered: 2, lastZone: "data-walk/1.0" });
    expect(row.version).toBe(1);
    await eventually(
      async () => (await owners.owner(ada.accountId, Date.now())) === undefined,
      "the last leave lets the lease go",
    );
    // Every write of the document came from zone 1.0: zone 0.0 saved nothing, not even when
    // it closed the old link (a room's leave saves).
    const { results } = await env.DB.prepare(
      "SELECT actor FROM audit_log WHERE action = ? AND target = ?",
    )
      .bind(AUDIT_ACTION.DATA_WRITE, ada.accountId)
      .all<{ actor: string }>();
    expect(results.map((r) => r.actor)).toEqual(["room:data-walk/1.0"]);
  }, 30_000);
});
