// Seats per account: one verified account never holds more than maxSeatsPerAccount seats,
// whatever it does (join again, drop, resume, leave); a join beyond them takes over its
// oldest seat, and other accounts still find seats.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TestRoomHost } from "../../test/support/room/test-room-host.js";
import { CLOSE } from "../protocol/close-codes.js";

describe("seats per account", () => {
  it("takes over the account's seat on a second join instead of taking another", () => {
    const host = new TestRoomHost({ maxPlayers: 4 });
    host.joinAs("a1", "acct-a");
    const first = host.welcome("a1");
    host.joinAs("a2", "acct-a");
    expect(host.closes.get("a1")?.code).toBe(CLOSE.REPLACED.code);
    expect(host.welcome("a2")).toMatchObject({ playerId: first.playerId, resumed: true });
    expect(host.room.playerCount).toBe(1);
    host.joinAs("b1", "acct-b");
    expect(host.room.playerCount).toBe(2);
  });

  it("lets a game raise the cap", () => {
    const host = new TestRoomHost({ maxPlayers: 4, maxSeatsPerAccount: 2 });
    host.joinAs("a1", "acct-a");
    host.joinAs("a2", "acct-a");
    host.joinAs("a3", "acct-a");
    expect(host.room.playerCount).toBe(2);
    expect(host.closes.get("a1")?.code).toBe(CLOSE.REPLACED.code);
  });

  it("never lets an account hold more seats than it may, and never shuts out another account", () => {
    const op = fc.record({
      what: fc.constantFrom("join", "join", "drop", "leave", "tick"),
      account: fc.integer({ min: 0, max: 2 }),
      pick: fc.nat(),
    });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 }), fc.array(op, { maxLength: 60 }), (cap, ops) => {
        const host = new TestRoomHost({ maxPlayers: 6, maxSeatsPerAccount: cap });
        const open = new Map<string, string>(); // conn → account
        let n = 0;
        for (const o of ops) {
          const account = `acct-${o.account}`;
          if (o.what === "join") {
            const conn = `c${n++}`;
            host.joinAs(conn, account);
            if (!host.closes.has(conn)) open.set(conn, account);
          } else if (o.what === "tick") host.advance(1);
          else {
            const conns = [...open.keys()];
            const conn = conns[o.pick % Math.max(1, conns.length)];
            if (conn === undefined) continue;
            host.room.disconnect(conn, host.now, o.what === "drop");
            open.delete(conn);
          }
          for (const c of [...open.keys()]) if (host.closes.has(c)) open.delete(c);
          const held = new Map<string, number>();
          for (const p of host.room.players())
            held.set(p.accountId!, (held.get(p.accountId!) ?? 0) + 1);
          for (const count of held.values()) if (count > cap) return false;
          // 3 accounts × at most 2 seats fit in 6: nobody is ever refused as full.
          for (const c of host.closes.values()) if (c.code === CLOSE.ROOM_FULL.code) return false;
        }
        return true;
      }),
      { seed: 19, numRuns: 300 },
    );
  });
});
