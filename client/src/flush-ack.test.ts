// NetClient.flushAck: a call sent right after a snapshot goes out behind an INPUT frame
// acknowledging it, so the room judges a lag-compensated shot from the newest tick the client
// holds; with nothing new to acknowledge it sends nothing.
import { describe, expect, it } from "vitest";
import { arenaGame } from "../../games/arena/index.js";
import { decodeClientMessage } from "../../shared/protocol/client-messages.js";
import { NetHarness } from "../../test/support/netcode-harness.js";

describe("NetClient.flushAck", () => {
  it("acknowledges the newest snapshot at once, and only once", () => {
    const h = new NetHarness(arenaGame, { up: { latencyMs: 40 }, down: { latencyMs: 40 } });
    const c = h.join("a");
    h.step(1000);
    const sent: Uint8Array[] = [];
    const send = c.up.send.bind(c.up);
    c.up.send = (bytes, at) => {
      sent.push(bytes);
      send(bytes, at);
    };
    // Step until a snapshot arrived after the last INPUT frame went.
    let acked = -1;
    for (let i = 0; i < 200; i++) {
      h.step(1);
      for (const bytes of sent.splice(0)) {
        const msg = decodeClientMessage(bytes, arenaGame.input.bytes);
        if (msg.ok && msg.value.type === "input") acked = msg.value.ackTick;
      }
      if (acked >= 0 && c.net.session.tick > acked) break;
    }
    expect(c.net.session.tick).toBeGreaterThan(acked);
    sent.length = 0;
    c.net.flushAck();
    expect(sent).toHaveLength(1);
    const flushed = decodeClientMessage(sent[0]!, arenaGame.input.bytes);
    expect(flushed.ok && flushed.value.type === "input" && flushed.value.ackTick).toBe(
      c.net.session.tick,
    );
    c.net.flushAck();
    expect(sent).toHaveLength(1);
  });
});
