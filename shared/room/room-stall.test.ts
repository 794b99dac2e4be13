// A room that froze (a flood of events ahead of its timer, a slow object) judges nobody by
// the time it could not read them: the tick that runs late comes before the frames that
// queued up meanwhile, and an honest client's bunched frames are not a flood.
import { describe, expect, it } from "vitest";
import { TestRoomHost } from "../../test/support/room/test-room-host.js";
import { ByteWriter } from "../codec/byte-writer.js";
import { encodePing } from "../protocol/client-messages.js";

const ping = (() => {
  const w = new ByteWriter();
  encodePing(w, 0);
  return w.toBytes();
})();

/** A normal client's frames in `seconds`: 30 inputs and a ping a second. */
const framesIn = (seconds: number) => seconds * 31;

describe("RoomCore after a freeze", () => {
  it("cuts nobody whose frames queued up behind a 13 s freeze, read after the late tick", () => {
    const host = new TestRoomHost();
    host.join("a");
    host.join("b");
    host.advance(10);
    host.now += 13_000;
    host.room.update(host.now); // the idle check runs before the queued frames
    for (let i = 0; i < framesIn(13); i++) {
      host.receive("a", ping);
      host.receive("b", ping);
    }
    host.advance(30);
    expect([...host.closes]).toEqual([]);
  });

  it("still cuts a link silent for the idle timeout of the room's running time", () => {
    const host = new TestRoomHost({ idleTimeoutMs: 2_000 });
    host.join("a");
    host.join("b");
    host.now += 13_000;
    host.room.update(host.now);
    host.receive("b", ping);
    expect(host.closes.has("a")).toBe(false);
    // Two seconds of ticks later, with b pinging and a silent, a is a dead link.
    for (let i = 0; i < 70 && !host.closes.has("a"); i++) {
      host.advance(1);
      if (i % 10 === 0) host.receive("b", ping);
    }
    expect(host.closes.get("a")?.code).toBe(4300);
    expect(host.closes.has("b")).toBe(false);
  });

  it("waits out the handshake timeout in running time too", () => {
    const host = new TestRoomHost({ handshakeTimeoutMs: 1_000 });
    host.join("a");
    host.room.open("late", host.now);
    host.now += 5_000;
    host.room.update(host.now);
    expect(host.closes.has("late")).toBe(false);
    host.advance(31);
    expect(host.closes.get("late")?.code).toBe(4003);
  });
});
