import { describe, expect, it } from "vitest";
import { describeTransportContract } from "../../../test/support/transport-contract.js";
import { type SimulatedTransportOptions, simulatedTransportPair } from "./simulated-transport.js";

/** A pair whose settle() runs its clock 1 ms at a time until nothing is in flight. */
function clocked(options: SimulatedTransportOptions = {}) {
  const link = simulatedTransportPair(options);
  let now = 0;
  const settle = async () => {
    // Local closes report on a microtask: let those run between ticks.
    do {
      link.poll(++now);
      await Promise.resolve();
    } while (link.inFlight > 0);
    await Promise.resolve();
  };
  return { link, settle, a: link.a, b: link.b };
}

describeTransportContract("simulatedTransportPair", () => clocked());
describeTransportContract("simulatedTransportPair with loss and latency", () =>
  clocked({
    reliable: { latencyMs: 30, jitterMs: 20, loss: 0.3, retransmitMs: 100 },
    unreliable: { latencyMs: 10, loss: 0.5 },
    seed: 9,
  }),
);

/** Sends 0..n-1 from a to b on `channel` one ms apart; returns what b got, in order. */
async function sendAll(options: SimulatedTransportOptions, channel: "reliable" | "unreliable") {
  const { link, settle } = clocked(options);
  const got: number[] = [];
  const channels = new Set<string>();
  link.b.onmessage = (bytes, ch) => {
    got.push(bytes[0]!);
    channels.add(ch);
  };
  await settle();
  let now = 1;
  for (let i = 0; i < 100; i++) {
    link.a.send(new Uint8Array([i]), channel);
    link.poll(++now);
  }
  await settle();
  return { got, channels: [...channels], dropped: link.dropped };
}

const LOSSY = {
  latencyMs: 20,
  jitterMs: 40,
  loss: 0.2,
  duplicate: 0.1,
  retransmitMs: 150,
};

describe("simulatedTransportPair", () => {
  it("never loses, duplicates or reorders on the reliable channel, whatever the conditions", async () => {
    const { got, channels } = await sendAll({ reliable: LOSSY, seed: 3 }, "reliable");
    expect(got).toEqual([...Array(100).keys()]);
    expect(channels).toEqual(["reliable"]);
  });

  it("drops, duplicates and reorders on the unreliable channel, the same way for a seed", async () => {
    const run = () => sendAll({ unreliable: LOSSY, seed: 5 }, "unreliable");
    const first = await run();
    expect((await run()).got).toEqual(first.got);
    expect(first.channels).toEqual(["unreliable"]);
    expect(new Set(first.got).size).toBe(100 - first.dropped);
    expect(first.dropped).toBeGreaterThan(0);
    expect(first.got.length).toBeGreaterThan(new Set(first.got).size); // duplicates
    expect(first.got.some((v, i) => i > 0 && v < first.got[i - 1]!)).toBe(true); // reordered
  });

  it("carries unreliable frames reliably when the link has no unreliable channel", async () => {
    const options = { unreliable: LOSSY, unreliableChannel: false, seed: 5 };
    const { got, channels } = await sendAll(options, "unreliable");
    expect(got).toEqual([...Array(100).keys()]);
    expect(channels).toEqual(["reliable"]);
    expect(simulatedTransportPair(options).a.unreliable).toBe(false);
  });

  it("hands a duplicated frame over as two copies", async () => {
    const { link, settle } = clocked({ unreliable: { duplicate: 1 } });
    const got: Uint8Array[] = [];
    link.b.onmessage = (bytes) => got.push(bytes);
    await settle();
    link.a.send(new Uint8Array([4]), "unreliable");
    await settle();
    expect(got).toHaveLength(2);
    got[0]![0] = 0;
    expect(got[1]![0]).toBe(4);
  });

  it("counts the reliable bytes in flight as buffered until they land", async () => {
    const link = simulatedTransportPair({ reliable: { latencyMs: 50 } });
    link.poll(0);
    link.a.send(new Uint8Array(100));
    link.a.send(new Uint8Array(30), "unreliable"); // taken by the network at once
    expect(link.a.bufferedAmount).toBe(100);
    link.poll(49);
    expect(link.a.bufferedAmount).toBe(100);
    link.poll(50);
    expect(link.a.bufferedAmount).toBe(0);
  });

  it("severs both ends at once: each hears the code once and nothing in flight arrives", async () => {
    const { link, settle } = clocked({ reliable: { latencyMs: 50 } });
    const heard: string[] = [];
    link.a.onclose = (code) => heard.push(`a ${code}`);
    link.b.onclose = (code) => heard.push(`b ${code}`);
    link.b.onmessage = () => heard.push("frame");
    await settle();
    link.a.send(new Uint8Array([1]));
    link.sever(1006);
    expect(heard).toEqual(["a 1006", "b 1006"]);
    expect(link.inFlight).toBe(0);
    link.poll(1_000);
    await Promise.resolve();
    expect(heard).toEqual(["a 1006", "b 1006"]);
    expect(link.a.path).toBe("simulated");
  });
});
