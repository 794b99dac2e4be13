// Property: under any schedule of joins, dropped links, resumes, goodbyes, ticks, grace
// alarms and evictions (the room rebuilt from its snapshot), no entity is duplicated or
// orphaned, and every player is either present (connected or waiting) or cleanly removed.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ARENA_SCHEMA, type ArenaInput, arenaGame, listShips } from "../../games/arena/index.js";
import { ByteWriter } from "../codec/byte-writer.js";
import { decodeServerMessage, encodeHello } from "../protocol/index.js";
import { mulberry32 } from "../random/mulberry32.js";
import { RoomCore } from "./room-core.js";
import type { ConnectionId, RoomSink } from "./room-sink.js";
import type { RoomSnapshot } from "./room-snapshot.js";

const GRACE_MS = 1_000;

/** What the test believes about one player. */
interface Known {
  conn: ConnectionId | null;
  token: string;
  playerId: number;
  /** While disconnected: the latest time the room may still hold it, ms. */
  deadline: number;
  removed: boolean;
}

class Harness implements RoomSink {
  room: RoomCore<ArenaInput>;
  now = 10_000;
  #seq = 0;
  /** The WELCOME each connection got (its player id, token, whether resumed). */
  readonly welcomes = new Map<
    ConnectionId,
    { playerId: number; token: string; resumed: boolean }
  >();
  readonly closed = new Set<ConnectionId>();

  constructor() {
    this.room = this.#build();
  }

  #build(snapshot?: RoomSnapshot): RoomCore<ArenaInput> {
    return new RoomCore(
      arenaGame,
      "prop",
      this,
      { reconnectGraceMs: GRACE_MS, maxPlayers: 64 },
      snapshot && { snapshot, now: this.now },
    );
  }

  send(conn: ConnectionId, bytes: Uint8Array): void {
    const m = decodeServerMessage(bytes.slice());
    if (!m.ok) throw new Error(m.error);
    if (m.value.type === "welcome") {
      const { playerId, resumeToken: token, resumed } = m.value;
      this.welcomes.set(conn, { playerId, token, resumed });
    }
  }

  close(conn: ConnectionId): void {
    this.closed.add(conn);
  }

  setTicking(): void {}

  /** Token randomness that, like a real host's, does not restart with the room. */
  #random = mulberry32(7);
  random(bytes: Uint8Array): void {
    for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(this.#random() * 256);
  }

  hello(resume: string): ConnectionId {
    const conn = `c${this.#seq++}`;
    this.room.open(conn, this.now);
    const w = new ByteWriter();
    encodeHello(w, {
      game: "arena",
      schema: ARENA_SCHEMA.fingerprint,
      name: "p",
      token: "",
      resume,
    });
    this.room.receive(conn, w.toBytes(), this.now);
    return conn;
  }

  /** The object restarts: every socket is gone, the room comes back from its snapshot. */
  evict(): void {
    const snapshot = structuredClone(this.room.snapshot(this.now));
    this.room = this.#build(snapshot);
  }
}

type Op =
  | { kind: "join" }
  | { kind: "drop" | "resume" | "leave"; pick: number }
  | { kind: "tick"; n: number }
  | { kind: "alarm" }
  | { kind: "evict" };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.constant<Op>({ kind: "join" }),
  fc.nat(20).map<Op>((pick) => ({ kind: "drop", pick })),
  fc.nat(20).map<Op>((pick) => ({ kind: "resume", pick })),
  fc.nat(20).map<Op>((pick) => ({ kind: "leave", pick })),
  fc.integer({ min: 1, max: 40 }).map<Op>((n) => ({ kind: "tick", n })),
  fc.constant<Op>({ kind: "alarm" }),
  fc.constant<Op>({ kind: "evict" }),
);

function run(ops: Op[]): void {
  const h = new Harness();
  const known: Known[] = [];
  const live = () => known.filter((k) => !k.removed);
  const pick = (list: Known[], i: number) => (list.length ? list[i % list.length] : undefined);
  const detach = (k: Known) => {
    k.conn = null;
    k.deadline = h.now + GRACE_MS;
  };
  for (const o of ops) {
    switch (o.kind) {
      case "join": {
        const conn = h.hello("");
        const w = h.welcomes.get(conn)!;
        known.push({ conn, token: w.token, playerId: w.playerId, deadline: 0, removed: false });
        break;
      }
      case "drop": {
        const k = pick(
          live().filter((x) => x.conn),
          o.pick,
        );
        if (!k) break;
        h.room.disconnect(k.conn!, h.now);
        detach(k);
        break;
      }
      case "leave": {
        const k = pick(
          live().filter((x) => x.conn),
          o.pick,
        );
        if (!k) break;
        h.room.disconnect(k.conn!, h.now, false);
        k.conn = null;
        k.removed = true;
        break;
      }
      case "resume": {
        const k = pick(
          known.filter((x) => !x.conn),
          o.pick,
        );
        if (!k) break;
        const conn = h.hello(k.token);
        const w = h.welcomes.get(conn)!;
        if (w.resumed) {
          expect(k.removed).toBe(false);
          expect(w.playerId).toBe(k.playerId);
          k.conn = conn;
        } else {
          // Only a player past its grace period may be refused its resume.
          expect(k.removed || h.now >= k.deadline).toBe(true);
          k.removed = true;
          known.push({ conn, token: w.token, playerId: w.playerId, deadline: 0, removed: false });
        }
        break;
      }
      case "tick":
        for (let i = 0; i < o.n; i++) {
          h.now += h.room.tickIntervalMs;
          h.room.update(h.now);
        }
        break;
      case "alarm":
        h.room.expireGrace(h.now);
        break;
      case "evict":
        h.evict();
        for (const k of live()) if (k.conn) detach(k);
        break;
    }
    // What the room lists agrees with the test's knowledge.
    const listed = new Map(h.room.players().map((p) => [p.playerId, p]));
    for (const k of known) {
      const p = listed.get(k.playerId);
      if (k.removed) {
        // A removed id may have been reused by a newer player; never by this one.
        if (p) expect(known.some((x) => !x.removed && x.playerId === k.playerId)).toBe(true);
        continue;
      }
      if (k.conn) expect(p?.connected).toBe(true);
      else if (!p) {
        // Gone from the room: only after its grace period; the test learns it here.
        expect(h.now).toBeGreaterThanOrEqual(k.deadline);
        k.removed = true;
      } else expect(p.connected).toBe(false);
    }
    expect(listed.size).toBe(live().length);
    expect(h.room.playerCount).toBe(listed.size);
    // Exactly one ship per present player: no duplicate, no orphan.
    const owners = listShips(h.room.world)
      .map((s) => s.owner)
      .sort((a, b) => a - b);
    expect(owners).toEqual([...listed.keys()].sort((a, b) => a - b));
  }
}

describe("room resilience under random schedules", () => {
  it("never duplicates or orphans an entity; players are present or cleanly removed", () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 60 }), (ops) => run(ops)),
      { numRuns: 200 },
    );
  });
});
