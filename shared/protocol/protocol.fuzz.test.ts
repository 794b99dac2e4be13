// Fuzzing the room protocol (issue 19): random and mutated frames against the decoders and a
// live room. A decoder answers a Result and never throws; a room closes only the socket that
// sent a bad frame (with a code of the table) and its other players never notice. The client
// session's side: client/src/client-session.fuzz.test.ts.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fuzzBytes, fuzzParams, isResult } from "../../test/support/fuzz.js";
import { CLIENT_SEEDS, serverSeeds } from "../../test/support/fuzz-seeds.js";
import { TestRoomHost } from "../../test/support/room/test-room-host.js";
import { decodeClientMessage } from "./client-messages.js";
import { describeClose } from "./close-codes.js";
import { decodeServerMessage } from "./server-messages.js";

describe("protocol decoders under fuzzing", () => {
  it("decodeClientMessage answers a Result for any bytes", () => {
    fc.assert(
      fc.property(fuzzBytes(CLIENT_SEEDS), fc.integer({ min: 0, max: 8 }), (bytes, inputBytes) =>
        isResult(decodeClientMessage(bytes, inputBytes)),
      ),
      fuzzParams(),
    );
  });

  it("decodeServerMessage answers a Result for any bytes", () => {
    const seeds = serverSeeds();
    fc.assert(
      fc.property(fuzzBytes(seeds), (bytes) => isResult(decodeServerMessage(bytes))),
      fuzzParams(),
    );
  });
});

describe("a room fed fuzzed frames", () => {
  it("closes only the sender, with a code of the table, and its players play on", () => {
    // A fresh room every 500 cases: the test host keeps every frame it was sent.
    const room = () => {
      const h = new TestRoomHost();
      h.join("a");
      h.join("b");
      return h;
    };
    let host = room();
    let n = 0;
    fc.assert(
      fc.property(fuzzBytes(CLIENT_SEEDS), fc.boolean(), (bytes, joined) => {
        if (++n % 500 === 0) host = room();
        const conn = `fuzz${n}`;
        if (joined) host.join(conn);
        else host.room.open(conn, host.now);
        host.receive(conn, bytes);
        host.advance(1);
        // The players keep talking, as clients do (or the idle timeout would cut them).
        host.input("a", n, [0]);
        host.input("b", n, [0]);
        const closed = host.closes.get(conn);
        if (closed && !describeClose(closed.code)) return false;
        if (!closed) host.room.disconnect(conn, host.now, false);
        return !host.closes.has("a") && !host.closes.has("b");
      }),
      fuzzParams(),
    );
    // The players still get state.
    const before = host.of("a", "snapshot").length;
    host.advance(3);
    expect(host.of("a", "snapshot").length).toBe(before + 3);
    expect(host.room.playerCount).toBe(2);
  });
});
