// A room renews every seat's lease on its players' data at each periodic save. It did so
// with a statement per account (200 D1 queries every 30 s in a 200-player room, each costing
// workerd native memory: docs/reliability.md#memory); PlayerDataOwners.renew does it in one.
// Renewal must extend exactly the leases the room holds: never one another room took, never
// one released meanwhile (that would lock the account out of other rooms for 90 s).
import { env } from "cloudflare:workers";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  PLAYER_DATA_LEASE_MS,
  PlayerDataOwners,
} from "../../server/player-data/player-data-owners.js";

const expiry = async (accountId: string) =>
  (await env.DB.prepare("SELECT room_id, expires_at FROM player_data_owners WHERE account_id = ?")
    .bind(accountId)
    .first<{ room_id: string; expires_at: number }>()) ?? undefined;

/** Where an account's lease is before the renewal. */
type Lease = "ours" | "ours-expired" | "theirs" | "released";

describe("lease renewal", () => {
  it("renews exactly the leases the room holds, expired or not", async () => {
    const owners = new PlayerDataOwners(env.DB);
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom<Lease>("ours", "ours-expired", "theirs", "released"), {
          minLength: 1,
          maxLength: 12,
        }),
        async (leases) => {
          run++;
          const t0 = 1_000_000 * run;
          const ids = leases.map((_, i) => `renew-${run}-${i}`);
          for (const [i, lease] of leases.entries()) {
            const id = ids[i]!;
            if (lease === "theirs") expect(await owners.claim(id, "other-room", t0)).toBe(true);
            if (lease === "ours" || lease === "ours-expired" || lease === "released")
              expect(await owners.claim(id, "this-room", t0)).toBe(true);
            if (lease === "released") await owners.release(id, "this-room");
          }
          // Past the expiry of every lease taken at t0 for the expired ones' sake: the room
          // still holds them until another room claims them.
          const now = leases.includes("ours-expired") ? t0 + PLAYER_DATA_LEASE_MS + 1 : t0 + 10;
          const renewed = await owners.renew(ids, "this-room", now);
          const ours = leases.filter((l) => l === "ours" || l === "ours-expired").length;
          expect(renewed).toBe(ours);
          for (const [i, lease] of leases.entries()) {
            const row = await expiry(ids[i]!);
            if (lease === "released") expect(row).toBeUndefined();
            else if (lease === "theirs")
              expect(row).toEqual({ room_id: "other-room", expires_at: t0 + PLAYER_DATA_LEASE_MS });
            else
              expect(row).toEqual({ room_id: "this-room", expires_at: now + PLAYER_DATA_LEASE_MS });
          }
        },
      ),
      { numRuns: 20, seed: 19 },
    );
  });

  it("renews more accounts than D1 binds parameters (100) in one call", async () => {
    const owners = new PlayerDataOwners(env.DB);
    const ids = Array.from({ length: 250 }, (_, i) => `renew-many-${i}`);
    for (const id of ids) await owners.claim(id, "big-room", 5_000);
    expect(await owners.renew(ids, "big-room", 6_000)).toBe(250);
    expect(await expiry(ids[249]!)).toEqual({
      room_id: "big-room",
      expires_at: 6_000 + PLAYER_DATA_LEASE_MS,
    });
    expect(await owners.renew([], "big-room", 7_000)).toBe(0);
  });
});
