import { describe, expect, it } from "vitest";
import { DocumentSchemas } from "../../server/player-data/document-schemas.js";
import type { PlayerDataOwners } from "../../server/player-data/player-data-owners.js";
import type {
  DocumentWrite,
  PlayerDataRepository,
  PlayerDocument,
  WriteOutcome,
} from "../../server/player-data/player-data-repository.js";
import type { PlayerData, RoomDataHooks } from "../../shared/game/player-documents.js";
import { RoomPlayerData } from "./room-player-data.js";

const KEY = "world.explorer";

/** D1 as two zones of one world share it: documents and leases, in memory. */
function store() {
  const docs = new Map<string, PlayerDocument>();
  const writes: { actor: string; value: unknown }[] = [];
  const leases = new Map<string, string>();
  const repo = {
    async readMany(accountId: string, keys: readonly string[]) {
      const out = new Map<string, PlayerDocument>();
      for (const k of keys) {
        const d = docs.get(`${accountId}/${k}`);
        if (d) out.set(k, d);
      }
      return out;
    },
    async write(w: DocumentWrite): Promise<WriteOutcome> {
      const id = `${w.accountId}/${w.key}`;
      const current = docs.get(id)?.version ?? 0;
      if (current !== w.expectedVersion)
        return { ok: false, conflict: { currentVersion: current } };
      const document = {
        key: w.key,
        version: current + 1,
        schemaVersion: 1,
        value: w.value,
        updatedAt: w.now,
      };
      docs.set(id, document);
      writes.push({ actor: w.actor, value: w.value });
      return { ok: true, document, replayed: false };
    },
  };
  // Leases never expire within a test.
  const owners: Pick<PlayerDataOwners, "claim" | "release" | "renew" | "transfer"> & {
    claims: number;
    renewals: number;
  } = {
    claims: 0,
    renewals: 0,
    async renew(accountIds, roomId) {
      owners.renewals++;
      return accountIds.filter((id) => leases.get(id) === roomId).length;
    },
    async claim(accountId, roomId) {
      owners.claims++;
      const held = leases.get(accountId);
      if (held !== undefined && held !== roomId) return false;
      leases.set(accountId, roomId);
      return true;
    },
    async release(accountId, roomId) {
      if (leases.get(accountId) === roomId) leases.delete(accountId);
    },
    async transfer(accountId, from, to) {
      const held = leases.get(accountId);
      if (held !== undefined && held !== from && held !== to) return false;
      leases.set(accountId, to);
      return true;
    },
  };
  return { docs, writes, leases, repo, owners };
}

/** A zone's player data, whose game counts zones entered and keeps each handle it is given. */
function zone(
  roomId: string,
  s: ReturnType<typeof store>,
  repo: unknown = s.repo,
  seated?: (playerId: number) => boolean,
) {
  const handles: PlayerData[] = [];
  let loads = 0;
  const hooks: RoomDataHooks = {
    keys: [KEY],
    onLoad(data, ctx) {
      loads++;
      handles.push(data);
      const e = (data.get(KEY) as { zonesEntered: number } | undefined) ?? { zonesEntered: 0 };
      data.set(KEY, { zonesEntered: e.zonesEntered + 1, lastZone: ctx.roomId });
    },
  };
  const data = new RoomPlayerData({
    // The repository's class has private fields; this double has its public shape.
    repo: repo as PlayerDataRepository,
    owners: s.owners,
    schemas: new DocumentSchemas({ [KEY]: { version: 1 } }),
    hooks,
    roomId,
    now: () => 0,
    tick: () => 0,
    seated,
  });
  return { data, handles, loads: () => loads };
}

describe("RoomPlayerData across zones", () => {
  it("hands the documents and the lease to the next zone; the old handle writes nothing", async () => {
    const s = store();
    const a = zone("w/0.0", s);
    const b = zone("w/1.0", s);
    a.data.join("c1", "acc", 1);
    await a.data.settled();
    expect(s.leases.get("acc")).toBe("w/0.0");
    // The traveller joins the next zone before the commit: the lease is still the first's.
    b.data.join("c2", "acc", 4);
    await b.data.settled();
    expect(b.loads()).toBe(0);

    const carry = a.data.carryOut(1);
    const old = a.handles[0]!;
    old.set(KEY, { zonesEntered: 99, lastZone: "stale" });
    expect(old.get(KEY)).toBeUndefined();
    expect(old.loaded).toBe(false);
    b.data.carryIn(4, carry);
    // The next zone read what the first wrote and never saved, at once.
    expect(b.loads()).toBe(1);
    expect(b.handles[0]!.get(KEY)).toEqual({ zonesEntered: 2, lastZone: "w/1.0" });
    await b.data.settled();
    expect(s.leases.get("acc")).toBe("w/1.0");

    // The first zone's periodic save and its leave (its old link closing) write nothing.
    await a.data.flush();
    await a.data.leave("c1");
    await b.data.leave("c2");
    expect(s.writes).toEqual([
      { actor: "room:w/1.0", value: { zonesEntered: 2, lastZone: "w/1.0" } },
    ]);
    expect(s.leases.has("acc")).toBe(false);
  });

  it("loads at the adoption the documents the zone left was still loading, taking its lease over", async () => {
    const s = store();
    s.docs.set(`acc/${KEY}`, {
      key: KEY,
      version: 3,
      schemaVersion: 1,
      value: { zonesEntered: 5, lastZone: "w/2.0" },
      updatedAt: 0,
    });
    // Zone 0.0's read of the documents hangs until the test lets it finish.
    let finish = () => {};
    const slow = {
      ...s.repo,
      readMany: async (accountId: string, keys: readonly string[]) => {
        await new Promise<void>((r) => {
          finish = r;
        });
        return s.repo.readMany(accountId, keys);
      },
    };
    const a = zone("w/0.0", s, slow);
    const b = zone("w/1.0", s);
    a.data.join("c1", "acc", 1);
    await Promise.resolve();
    await Promise.resolve();
    expect(s.leases.get("acc")).toBe("w/0.0");
    b.data.join("c2", "acc", 4);
    await b.data.settled();
    // The avatar leaves 0.0 before its documents loaded there: nothing to carry but the lease.
    const carry = a.data.carryOut(1);
    expect(carry).toMatchObject({ loaded: false, fromRoom: "w/0.0" });
    b.data.carryIn(4, carry);
    await b.data.settled();
    // 1.0 took the lease and loaded them now, not at its next periodic save.
    expect(s.leases.get("acc")).toBe("w/1.0");
    expect(b.loads()).toBe(1);
    expect(b.handles[0]!.get(KEY)).toEqual({ zonesEntered: 6, lastZone: "w/1.0" });
    // 0.0's load finishes late: it writes nothing and leaves the lease where it is.
    finish();
    await a.data.settled();
    expect(a.loads()).toBe(0);
    expect(s.leases.get("acc")).toBe("w/1.0");
    await b.data.leave("c2");
    expect(s.writes).toEqual([
      { actor: "room:w/1.0", value: { zonesEntered: 6, lastZone: "w/1.0" } },
    ]);
  });

  it("saves and lets go the documents of a traveller that left before the adoption", async () => {
    const s = store();
    const a = zone("w/0.0", s);
    const b = zone("w/1.0", s);
    a.data.join("c1", "acc", 1);
    await a.data.settled();
    const carry = a.data.carryOut(1);
    b.data.carryIn(-1, carry);
    await b.data.settled();
    expect(s.writes).toEqual([
      { actor: "room:w/1.0", value: { zonesEntered: 1, lastZone: "w/0.0" } },
    ]);
    expect(s.leases.has("acc")).toBe(false);
  });
});

describe("RoomPlayerData's periodic save", () => {
  it("renews every lease the room holds with one call, not a claim per account", async () => {
    const s = store();
    const room = zone("arena-1", s);
    for (const [i, account] of ["a", "b", "c"].entries()) room.data.join(`c${i}`, account, i);
    await room.data.settled();
    const claims = s.owners.claims;
    await room.data.flush();
    expect(s.owners.claims).toBe(claims);
    expect(s.owners.renewals).toBe(1);
    expect([...s.leases.values()]).toEqual(["arena-1", "arena-1", "arena-1"]);
  });
});

describe("RoomPlayerData in a restarted zone", () => {
  it("keeps a held seat's documents and lease while it waits for its resume, and saves and lets them go once the seat is gone", async () => {
    const s = store();
    const before = zone("w/0.0", s);
    before.data.join("c1", "acc", 1);
    await before.data.settled();
    const held = before.data.held();
    // The restarted zone's object: seat 1 waits out its grace period, then is removed.
    let waiting = true;
    const after = zone("w/0.0", s, s.repo, (id) => waiting && id === 1);
    after.data.hold(held);
    await after.data.settled();
    // Its periodic save writes what changed but keeps the lease for the seat's return.
    await after.data.flush();
    expect(s.leases.get("acc")).toBe("w/0.0");
    expect(s.owners.renewals).toBe(1);

    waiting = false;
    await after.data.unresumed();
    expect(s.leases.has("acc")).toBe(false);
    expect(s.writes.at(-1)).toEqual({
      actor: "room:w/0.0",
      value: { zonesEntered: 1, lastZone: "w/0.0" },
    });
    // No onLoad in the restarted zone: the document counts the one zone entered.
    expect(after.loads()).toBe(0);
  });
});
