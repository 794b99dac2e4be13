import { describe, expect, it } from "vitest";
import { loopbackTransportPair } from "../transport/loopback-transport.js";
import type { Transport } from "../transport/transport.js";
import { ForwardingTransport } from "./forwarding-transport.js";

function record(t: Transport): string[] {
  const log: string[] = [];
  t.onopen = () => log.push("open");
  t.onmessage = (bytes, channel) => log.push(`${channel} ${[...bytes].join(",")}`);
  t.onclose = (code, reason) => log.push(`close ${code} ${reason}`);
  return log;
}

const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

describe("ForwardingTransport", () => {
  it("is connecting, with its pending path, until a carrier opens; then it is the carrier", async () => {
    const link = new ForwardingTransport("relay");
    const heard = record(link);
    expect([link.state, link.path, link.unreliable, link.bufferedAmount]).toEqual([
      "connecting",
      "relay",
      false,
      0,
    ]);
    const { a, b } = loopbackTransportPair();
    const far = record(b);
    link.attach(a);
    await settle();
    expect([link.state, link.path, link.unreliable]).toEqual(["open", "local", true]);
    link.send(new Uint8Array([1]), "unreliable");
    b.send(new Uint8Array([2]));
    await settle();
    expect(heard).toEqual(["open", "reliable 2"]);
    expect(far).toEqual(["open", "unreliable 1"]);
    b.close(4400, "host left the session");
    await settle();
    expect(heard.at(-1)).toBe("close 4400 host left the session");
  });

  it("closed before a carrier came: tells its owner, and closes a late carrier with its code", async () => {
    let abandoned = 0;
    const link = new ForwardingTransport("direct", () => abandoned++);
    const heard = record(link);
    link.close(4999, "gave up");
    await settle();
    expect(heard).toEqual(["close 4999 gave up"]);
    expect(abandoned).toBe(1);
    const { a, b } = loopbackTransportPair();
    const far = record(b);
    link.attach(a);
    await settle();
    expect(far).toEqual(["open", "close 4999 gave up"]);
    expect(heard).toEqual(["close 4999 gave up"]);
  });

  it("fails once when no carrier will come, and refuses a second carrier", async () => {
    const link = new ForwardingTransport("direct");
    const heard = record(link);
    link.fail(4402, "no path to peer");
    link.fail(4401, "again");
    expect(heard).toEqual(["close 4402 no path to peer"]);
    const other = new ForwardingTransport("direct");
    other.attach(loopbackTransportPair().a);
    expect(() => other.attach(loopbackTransportPair().a)).toThrow("a carrier is attached already");
  });
});
