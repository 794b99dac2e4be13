import { describe, expect, it } from "vitest";
import type { ConnectionId, RoomSink } from "./room-sink.js";
import { UnreliableLane } from "./unreliable-lane.js";

/** A sink recording the first byte of each frame per connection, with settable backlogs. */
function sink() {
  const sent: Record<ConnectionId, number[]> = {};
  const backlog: Record<ConnectionId, number> = {};
  const s: RoomSink = {
    send: (conn, bytes) => {
      sent[conn] = [...(sent[conn] ?? []), bytes[0]!];
    },
    close() {},
    setTicking() {},
    buffered: (conn) => backlog[conn] ?? 0,
  };
  return { s, sent, backlog };
}

describe("UnreliableLane", () => {
  it("holds a copy of the frame: the sender may overwrite its buffer right after", () => {
    const { s, sent, backlog } = sink();
    const lane = new UnreliableLane(s, 100);
    const reused = new Uint8Array(4);
    backlog.a = 101;
    reused[0] = 7;
    lane.send("a", 1, reused.subarray(0, 2));
    reused[0] = 9; // the room's next frame in the same buffer
    backlog.a = 100;
    lane.drain("a");
    expect(sent.a).toEqual([7]);
  });

  it("keeps one frame per RPC, the latest, and flushes the survivors in emit order", () => {
    const { s, sent, backlog } = sink();
    const lane = new UnreliableLane(s, 100);
    backlog.a = 500;
    lane.send("a", 1, Uint8Array.of(10));
    lane.send("a", 2, Uint8Array.of(20));
    lane.send("a", 1, Uint8Array.of(11));
    expect(lane.heldFor("a")).toBe(2);
    lane.drain("a"); // still backed up: nothing goes
    expect(sent.a).toBeUndefined();
    backlog.a = 0;
    lane.drain("a");
    // rpc 2's frame was emitted before rpc 1's latest one.
    expect(sent.a).toEqual([20, 11]);
    expect(lane.heldFor("a")).toBe(0);
  });

  it("sends held frames before a newer one once drained, dropping the one it supersedes", () => {
    const { s, sent, backlog } = sink();
    const lane = new UnreliableLane(s, 100);
    backlog.a = 500;
    lane.send("a", 1, Uint8Array.of(10));
    lane.send("a", 2, Uint8Array.of(20));
    backlog.a = 0;
    lane.send("a", 1, Uint8Array.of(11));
    expect(sent.a).toEqual([20, 11]);
  });

  it("holds per connection, and forgets a closed connection's frames", () => {
    const { s, sent, backlog } = sink();
    const lane = new UnreliableLane(s, 100);
    backlog.a = 500;
    lane.send("a", 1, Uint8Array.of(10));
    lane.send("b", 1, Uint8Array.of(10));
    expect(sent).toEqual({ b: [10] });
    lane.forget("a");
    backlog.a = 0;
    lane.drain("a");
    expect(sent.a).toBeUndefined();
  });
});
