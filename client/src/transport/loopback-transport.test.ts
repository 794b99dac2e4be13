import { describe, expect, it } from "vitest";
import { describeTransportContract } from "../../../test/support/transport-contract.js";
import { loopbackTransportPair } from "./loopback-transport.js";

/** Lets queued microtasks (and those they queue) run. */
const settle = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

describeTransportContract("loopbackTransportPair", () => ({ ...loopbackTransportPair(), settle }));

describe("loopbackTransportPair", () => {
  it("keeps the unreliable channel's label and loses nothing on it", async () => {
    const { a, b } = loopbackTransportPair();
    const heard: string[] = [];
    b.onmessage = (bytes, channel) => heard.push(`${channel} ${bytes[0]}`);
    await settle();
    expect([a.path, a.unreliable]).toEqual(["local", true]);
    for (let i = 0; i < 5; i++) a.send(new Uint8Array([i]), i % 2 ? "unreliable" : "reliable");
    await settle();
    expect(heard).toEqual([
      "reliable 0",
      "unreliable 1",
      "reliable 2",
      "unreliable 3",
      "reliable 4",
    ]);
  });

  it("counts bytes not yet handed over as buffered", async () => {
    const { a } = loopbackTransportPair();
    await settle();
    a.send(new Uint8Array(10));
    a.send(new Uint8Array(5), "unreliable");
    expect(a.bufferedAmount).toBe(15);
    await settle();
    expect(a.bufferedAmount).toBe(0);
  });
});
