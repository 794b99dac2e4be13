import { describe, expect, it } from "vitest";
import { WorldRejoin } from "./world-rejoin.js";

interface FakeClient {
  readonly id: number;
  ended: boolean;
  closed: boolean;
}

/** A page whose joins fail `failing` times before one succeeds; timers run on demand. */
function page(failing: number) {
  let made = 0;
  let joins = 0;
  const timers: { fn: () => void; ms: number }[] = [];
  const client = (): FakeClient => ({ id: made++, ended: false, closed: false });
  const rejoin = new WorldRejoin<FakeClient>(client(), {
    enter: async () => {
      joins++;
      if (joins <= failing) throw new Error(`join ${joins} refused`);
      return client();
    },
    ended: (c) => c.ended,
    close: (c) => {
      c.closed = true;
    },
    later: (fn, ms) => timers.push({ fn, ms }),
  });
  return { rejoin, timers, joins: () => joins };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe("the world page's rejoin", () => {
  it("leaves a connected client alone", () => {
    const { rejoin, joins } = page(0);
    expect(rejoin.check()).toBe(false);
    expect(joins()).toBe(0);
  });

  it("joins once when the client ends, however many frames check meanwhile, and draws the new client", async () => {
    const { rejoin, joins } = page(0);
    const first = rejoin.client;
    first.ended = true;
    expect(rejoin.check()).toBe(true);
    expect(rejoin.check()).toBe(true);
    expect(first.closed).toBe(true);
    await settle();
    expect(joins()).toBe(1);
    expect(rejoin.client.id).toBe(1);
    expect(rejoin).toMatchObject({ rejoins: 1, failures: 0, rejoining: false });
    expect(rejoin.check()).toBe(false);
  });

  it("tries a refused join again after 1 s, then 2 s, until one succeeds", async () => {
    const { rejoin, timers, joins } = page(2);
    rejoin.client.ended = true;
    rejoin.check();
    await settle();
    expect(rejoin).toMatchObject({ failures: 1, rejoining: true });
    expect(timers.map((t) => t.ms)).toEqual([1000]);
    timers[0]!.fn();
    await settle();
    expect(timers.map((t) => t.ms)).toEqual([1000, 2000]);
    timers[1]!.fn();
    await settle();
    expect(joins()).toBe(3);
    expect(rejoin).toMatchObject({ rejoins: 1, failures: 0, rejoining: false });
    expect(rejoin.client.id).toBe(1);
  });
});
