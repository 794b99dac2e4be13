// Property: under any sequence of reliable and unreliable emits, backpressure toggles and
// ticks, a backed-up client gets no unreliable event while backed up; the unreliable events
// it does get are in emit order (per RPC and across RPCs: never an older one after a newer
// one); the last emitted event of each unreliable RPC reaches it once the link drains; and
// every reliable event reaches it, once, in order. A client whose link stays clear gets
// everything, in order.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type DeliveryEvent,
  deliveryGame,
  emitTo,
  rpcLog,
} from "../../test/support/room/test-delivery-game.js";
import { TestRoomHost } from "../../test/support/room/test-room-host.js";

type Step =
  | { readonly kind: "emit"; readonly name: DeliveryEvent }
  | { readonly kind: "backlog"; readonly on: boolean }
  | { readonly kind: "tick" };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant("emit" as const),
    name: fc.constantFrom<DeliveryEvent>("aim", "marker", "said"),
  }),
  fc.record({ kind: fc.constant("backlog" as const), on: fc.boolean() }),
  fc.record({ kind: fc.constant("tick" as const) }),
);

/** Above the 64 KiB threshold, below the 1 MiB limit: backed up, not cut. */
const BACKED_UP = 200 * 1024;

function parse(log: string[]): { name: string; seq: number }[] {
  return log.map((entry) => {
    const [name, seq] = entry.split(" ");
    return { name: name!, seq: Number(seq) };
  });
}

describe("RoomCore delivery modes (property)", () => {
  it("keeps unreliable events latest-wins and in order, and reliable ones complete and in order", () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 80 }), (steps) => {
        const host = new TestRoomHost({}, deliveryGame);
        host.join("slow");
        host.join("clear");
        const emitted: { name: DeliveryEvent; seq: number }[] = [];
        let backedUp = false;
        let unreliableAtBackup = 0;
        const unreliableGot = () => parse(rpcLog(host, "slow")).filter((m) => m.name !== "said");
        for (const s of steps) {
          if (s.kind === "emit") {
            const seq = emitted.length + 1;
            emitted.push({ name: s.name, seq });
            emitTo(host, s.name, seq);
          } else if (s.kind === "backlog") {
            backedUp = s.on;
            host.setBuffered("slow", s.on ? BACKED_UP : 0);
            unreliableAtBackup = unreliableGot().length;
          } else host.advance(1);
          if (backedUp) expect(unreliableGot()).toHaveLength(unreliableAtBackup);
        }
        host.setBuffered("slow", 0);
        host.advance(1);

        const got = parse(rpcLog(host, "slow"));
        const reliable = (list: { name: string; seq: number }[]) =>
          list.filter((m) => m.name === "said").map((m) => m.seq);
        expect(reliable(got)).toEqual(reliable(emitted));
        const unreliable = got.filter((m) => m.name !== "said").map((m) => m.seq);
        for (let i = 1; i < unreliable.length; i++)
          expect(unreliable[i]).toBeGreaterThan(unreliable[i - 1]!);
        for (const name of ["aim", "marker"] as const) {
          const last = emitted.filter((m) => m.name === name).at(-1);
          const lastGot = got.filter((m) => m.name === name).at(-1);
          expect(lastGot?.seq).toBe(last?.seq);
        }
        expect(parse(rpcLog(host, "clear"))).toEqual(emitted);
        expect(host.closes.size).toBe(0);
      }),
      { numRuns: 200 },
    );
  });
});
