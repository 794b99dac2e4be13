import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import type { ZoneMessage } from "../../shared/zones/zone-messages.js";
import { LINK_BACKOFF_MS, type LinkBatch, ZoneInbox, ZoneLinks } from "./zone-links.js";

const OUTCOMES = ["ok", "answer-lost", "lost"] as const;

const cancel = (n: number): ZoneMessage => ({ type: "cancel", from: "0.0", nonce: `n${n}` });
const ghosts = (n: number): ZoneMessage => ({
  type: "ghosts",
  from: "0.0",
  bytes: Uint8Array.of(n & 255, n >> 8),
});
const ghostNumber = (m: ZoneMessage) =>
  m.type === "ghosts" ? m.bytes[0]! + m.bytes[1]! * 256 : -1;

describe("ZoneLinks", () => {
  it("sends what queued behind a call in flight once it settles, with no further flush", async () => {
    const received: ZoneMessage[] = [];
    let answer: () => void = () => {};
    const deliver = (_to: string, batch: LinkBatch) => {
      received.push(...batch.messages);
      return new Promise<void>((r) => {
        answer = r;
      });
    };
    const links = new ZoneLinks("0.0", "run", deliver);
    links.send("1.0", cancel(0));
    const flushed = links.flush(0);
    // An idle zone's last word (no tick will flush again) queued while the call is out.
    links.send("1.0", cancel(1));
    expect(received).toEqual([cancel(0)]);
    answer();
    await new Promise((r) => setTimeout(r, 0));
    expect(received).toEqual([cancel(0), cancel(1)]);
    answer();
    await flushed;
    expect(links.backlog).toBe(0);
  });

  it("delivers every handoff message once and in order, and ghosts in order ending with the newest, whatever calls are lost", () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.boolean(), fc.constantFrom(...OUTCOMES), fc.boolean()), {
          maxLength: 80,
        }),
        async (steps) => {
          const inbox = new ZoneInbox();
          const received: ZoneMessage[] = [];
          const outcomes: (typeof OUTCOMES)[number][] = [];
          const deliver = async (_to: string, batch: LinkBatch) => {
            const outcome = outcomes.shift() ?? "ok";
            if (outcome === "lost") throw new Error("lost");
            if (inbox.take(batch)) received.push(...batch.messages);
            if (outcome === "answer-lost") throw new Error("answer lost");
          };
          const links = new ZoneLinks("0.0", "run", deliver);
          const sent: ZoneMessage[] = [];
          let now = 0;
          for (const [isGhost, outcome, flush] of steps) {
            const m = isGhost ? ghosts(sent.length) : cancel(sent.length);
            sent.push(m);
            links.send("1.0", m);
            outcomes.push(outcome);
            if (flush) await links.flush(now);
            now += LINK_BACKOFF_MS.max;
          }
          while (links.backlog > 0) {
            await links.flush(now);
            now += LINK_BACKOFF_MS.max;
          }
          const handoffs = (ms: ZoneMessage[]) => ms.filter((m) => m.type !== "ghosts");
          expect(handoffs(received)).toEqual(handoffs(sent));
          // Everything kept stays in the order sent (ghosts interleaved with handoff messages).
          const order = received.map((m) => sent.indexOf(m));
          expect(order).toEqual([...order].sort((a, b) => a - b));
          const lastGhost = sent.filter((m) => m.type === "ghosts").at(-1);
          if (lastGhost) expect(received.filter((m) => m.type === "ghosts").at(-1)).toBe(lastGhost);
        },
      ),
    );
  });

  it("keeps one call in flight per neighbour and only the newest ghost batch while it waits", async () => {
    const calls: LinkBatch[] = [];
    let release: (() => void) | undefined;
    const links = new ZoneLinks("0.0", "run", (_to, batch) => {
      calls.push(batch);
      // The first call waits for the test; later ones are answered at once.
      return calls.length === 1 ? new Promise<void>((r) => (release = r)) : Promise.resolve();
    });
    links.send("1.0", ghosts(1));
    const first = links.flush(0);
    for (let n = 2; n <= 5; n++) {
      links.send("1.0", ghosts(n));
      void links.flush(n);
    }
    expect(calls).toHaveLength(1);
    release?.();
    await first;
    await links.flush(10);
    // Ghosts 2, 3 and 4 were replaced while the first call waited: the second call carries 5.
    expect(calls.map((b) => b.messages.map(ghostNumber))).toEqual([[1], [5]]);
    expect(links.counts).toMatchObject({ calls: 2, staleGhosts: 3, ghostBytes: 4 });
  });

  it("backs off after a failure, doubling up to the maximum", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    let calls = 0;
    const links = new ZoneLinks("0.0", "run", async () => {
      calls++;
      throw new Error("neighbour restarting");
    });
    links.send("1.0", cancel(1));
    await links.flush(0); // fails: next try at 100
    await links.flush(99);
    expect(calls).toBe(1);
    await links.flush(100); // fails: next at 100 + 200
    await links.flush(299);
    expect(calls).toBe(2);
    await links.flush(300);
    expect(calls).toBe(3);
  });
});
