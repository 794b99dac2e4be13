// What every Transport pair must do, as one suite the implementations' tests run: open once,
// frames in order on the channel they were sent on, copies on both sides, onclose exactly
// once (a local one on a microtask, never inside close()), nothing sent or received after
// closed. Tests only.

import { describe, expect, it } from "vitest";
import type { Channel, Transport } from "../../client/src/transport/transport.js";

/** A fresh connected pair and a way to let everything in flight arrive. */
export interface ContractPair {
  readonly a: Transport;
  readonly b: Transport;
  /** Delivers what is in flight (runs microtasks, advances a manual clock…). */
  settle(): Promise<void>;
}

/** What an end heard, in order. */
function record(t: Transport): string[] {
  const log: string[] = [];
  t.onopen = () => log.push("open");
  t.onmessage = (bytes, channel: Channel) => log.push(`${channel} ${[...bytes].join(",")}`);
  t.onclose = (code, reason) => log.push(`close ${code} ${reason}`);
  t.onerror = (message) => log.push(`error ${message}`);
  return log;
}

/** Runs the Transport contract against pairs made by `make`. */
export function describeTransportContract(name: string, make: () => ContractPair): void {
  describe(`${name}: the Transport contract`, () => {
    it("opens both ends once and delivers frames in order, each on its channel", async () => {
      const { a, b, settle } = make();
      expect(a.state).toBe("connecting");
      const heardA = record(a);
      const heardB = record(b);
      await settle();
      expect([a.state, b.state]).toEqual(["open", "open"]);
      a.send(new Uint8Array([1]));
      a.send(new Uint8Array([2]), "reliable");
      b.send(new Uint8Array([3]), "reliable");
      await settle();
      expect(heardA).toEqual(["open", "reliable 3"]);
      expect(heardB).toEqual(["open", "reliable 1", "reliable 2"]);
    });

    it("copies what is sent: the sender may reuse its buffer at once", async () => {
      const { a, b, settle } = make();
      const heard = record(b);
      await settle();
      const buffer = new Uint8Array([7, 7]);
      a.send(buffer.subarray(0, 1));
      buffer[0] = 9;
      await settle();
      expect(heard).toEqual(["open", "reliable 7"]);
    });

    it("drops frames sent before the link opened", async () => {
      const { a, b, settle } = make();
      const heard = record(b);
      a.send(new Uint8Array([1]));
      await settle();
      expect(heard).toEqual(["open"]);
    });

    it("reports a local close once, after close() returned, and the peer hears the code", async () => {
      const { a, b, settle } = make();
      const heardA = record(a);
      const heardB = record(b);
      await settle();
      a.send(new Uint8Array([5]));
      a.close(4321, "done");
      expect(a.state).toBe("closed");
      expect(heardA).toEqual(["open"]); // not inside the call
      a.close(4000, "again");
      await settle();
      expect(heardA).toEqual(["open", "close 4321 done"]);
      // What was sent before the close arrives before it.
      expect(heardB).toEqual(["open", "reliable 5", "close 4321 done"]);
      expect(b.state).toBe("closed");
    });

    it("sends nothing and hears nothing once closed", async () => {
      const { a, b, settle } = make();
      const heardA = record(a);
      const heardB = record(b);
      await settle();
      b.send(new Uint8Array([1])); // in flight when a closes
      a.close(1000, "bye");
      a.send(new Uint8Array([2]));
      await settle();
      b.send(new Uint8Array([3]));
      await settle();
      expect(heardA).toEqual(["open", "close 1000 bye"]);
      expect(heardB).toEqual(["open", "close 1000 bye"]);
    });

    it("closes quietly once the handler was set to null", async () => {
      const { a, settle } = make();
      const heard = record(a);
      await settle();
      a.onclose = null;
      a.close();
      await settle();
      expect(heard).toEqual(["open"]);
    });
  });
}
