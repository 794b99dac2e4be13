import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { newWorldState, WorldStateCore, type ZoneBatch } from "./world-state-core.js";
import { OUTBOX_BACKOFF_MS, WorldStateOutbox } from "./world-state-outbox.js";

/** What a call to the world does: arrives and is answered, arrives but the answer is lost, or never arrives. */
const OUTCOMES = ["ok", "answer-lost", "lost"] as const;

describe("WorldStateOutbox", () => {
  it("counts every visit exactly once whatever calls are lost, before or after the world applied them", () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(4), fc.constantFrom(...OUTCOMES)), { maxLength: 60 }),
        async (steps) => {
          const world = new WorldStateCore(newWorldState("world", 0, 1));
          const outcomes: (typeof OUTCOMES)[number][] = [];
          const send = async (b: ZoneBatch) => {
            const outcome = outcomes.shift() ?? "ok";
            if (outcome === "lost") throw new Error("lost");
            world.apply(b, 0);
            if (outcome === "answer-lost") throw new Error("answer lost");
            return world.view(0);
          };
          const outbox = new WorldStateOutbox("2.0", "run", send);
          let now = 0;
          const sent = new Map<string, number>();
          for (const [who, outcome] of steps) {
            const id = `p${who}`;
            outbox.visit(id, id);
            sent.set(id, (sent.get(id) ?? 0) + 1);
            outcomes.push(outcome);
            await outbox.flush(now);
            now += OUTBOX_BACKOFF_MS.max; // past any back-off
          }
          // Drain: every later call arrives.
          while (outbox.backlog > 0) {
            await outbox.flush(now);
            now += OUTBOX_BACKOFF_MS.max;
          }
          const counted = new Map(world.view(0).leaderboard.map((s) => [s.accountId, s.visits]));
          expect(counted).toEqual(sent);
        },
      ),
    );
  });

  it("backs off after failures, doubling up to the maximum, and sends one call at a time", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    let calls = 0;
    let release: (() => void) | undefined;
    const outbox = new WorldStateOutbox("0.0", "run", async () => {
      calls++;
      if (calls === 4) {
        await new Promise<void>((r) => (release = r));
        return newWorldStateView();
      }
      throw new Error("slow world");
    });
    outbox.visit("a", "a");
    await outbox.flush(0); // fails: next try at 500
    await outbox.flush(499);
    expect(calls).toBe(1);
    await outbox.flush(500); // fails: next at 500 + 1000
    await outbox.flush(1499);
    expect(calls).toBe(2);
    await outbox.flush(1500); // fails: next at 1500 + 2000
    await outbox.flush(3499);
    expect(calls).toBe(3);
    const fourth = outbox.flush(3500); // hangs until released
    await outbox.flush(100_000); // one call in flight: no second
    expect(calls).toBe(4);
    release?.();
    await fourth;
    expect(outbox.backlog).toBe(0);
    expect(outbox.view?.version).toBe(0);
  });
});

function newWorldStateView() {
  return new WorldStateCore(newWorldState("world", 0, 1)).view(0);
}
