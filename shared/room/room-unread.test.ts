// A player that stopped reading: its frames still arrive, but the updates it acknowledges
// stop advancing. The room cuts it with 4301 once an idle timeout's worth of ticks sent to it
// is unacknowledged (the byte backlog would take minutes to show on a quiet room, behind the
// kernel's socket buffers), and never a player that keeps reading, however its acks arrive.

import { describe, expect, it } from "vitest";
import { TestRoomHost } from "../../test/support/room/test-room-host.js";
import { ByteWriter } from "../codec/byte-writer.js";
import { CLOSE, encodeInputHeader, encodePing } from "../protocol/index.js";
import type { ConnectionId } from "./room-sink.js";

/** 10 s idle timeout at 30 Hz: 300 ticks. */
const IDLE_TICKS = 300;

/** An INPUT frame from `conn` acknowledging `ackTick`, one idle input. */
function inputAcking(host: TestRoomHost, conn: ConnectionId, seq: number, ackTick: number): void {
  const w = new ByteWriter();
  encodeInputHeader(w, ackTick, seq, 1);
  w.u8(0);
  host.receive(conn, w.toBytes());
}

function ping(host: TestRoomHost, conn: ConnectionId): void {
  const w = new ByteWriter();
  encodePing(w, 0);
  host.receive(conn, w.toBytes());
}

/** Plays `ticks` ticks: a and b acknowledge what their mirrors hold; `stalled` stays at `at`. */
function play(host: TestRoomHost, ticks: number, seq: { n: number }, stalled?: [string, number]) {
  for (let i = 0; i < ticks; i++) {
    for (const c of ["a", "b"]) {
      if (host.closes.has(c)) continue;
      const ack = stalled?.[0] === c ? stalled[1] : host.mirrorTick(c);
      inputAcking(host, c, seq.n, ack);
    }
    seq.n++;
    host.advance(1);
  }
}

describe("RoomCore and a player that stopped reading", () => {
  it("cuts a player whose acknowledgements stop for the idle timeout with 4301, not a tick before, and the other plays on", () => {
    const host = new TestRoomHost();
    host.join("a");
    host.join("b");
    const seq = { n: 0 };
    play(host, 30, seq);
    const frozen = host.mirrorTick("b");
    expect(frozen).toBeGreaterThan(0);
    // b goes on sending inputs, all acknowledging the tick it last read.
    const sentAtFreeze = host.room.tick;
    play(host, IDLE_TICKS - (host.room.tick - sentAtFreeze) - 2, seq, ["b", frozen]);
    expect(host.closes.has("b")).toBe(false);
    play(host, 4, seq, ["b", frozen]);
    const close = host.closes.get("b");
    expect(close?.code).toBe(CLOSE.SLOW_CONSUMER.code);
    expect(close?.reason).toMatch(
      /^reliable backlog over limit: no update acknowledged for 100\d\d ms$/,
    );
    expect(host.closes.has("a")).toBe(false);
    // Retryable: b waits out its grace period; a hears it dropped and keeps its ticks.
    expect(host.of("a", "player-status").at(-1)).toMatchObject({ connected: false });
    const before = host.of("a", "snapshot").length;
    play(host, 30, seq);
    expect(host.of("a", "snapshot").length).toBe(before + 30);
  });

  it("keeps a player whose acknowledgements arrive late but advance (a slow, not a dead, downlink)", () => {
    const host = new TestRoomHost();
    host.join("a");
    host.join("b");
    const seq = { n: 0 };
    play(host, 2, seq);
    // b's acks trail what it was sent by 9 s (270 ticks) for 20 s of play.
    for (let i = 0; i < 600; i++) {
      inputAcking(host, "a", seq.n, host.mirrorTick("a"));
      inputAcking(host, "b", seq.n, Math.max(0, host.room.tick - 270));
      seq.n++;
      host.advance(1);
    }
    expect(host.closes.size).toBe(0);
  });

  it("does not judge a client before its first acknowledgement (it is heard: no idle cut either)", () => {
    const host = new TestRoomHost();
    host.join("a");
    for (let i = 0; i < 2 * IDLE_TICKS; i++) {
      if (i % 30 === 0) ping(host, "a");
      host.advance(1);
    }
    expect(host.closes.size).toBe(0);
  });

  // A frozen client (or a link dead both ways) stops reading and sending at once. Its last
  // frame acknowledged a tick some way behind what it had been sent (the ack rides the next
  // INPUT frame, later still on a busy machine), so counting what was sent since that ack
  // crossed the idle timeout before the silence did, and the faults campaign saw 4301 where
  // the room had heard nothing at all. Only what was sent while the client was still heard
  // counts as unread.
  it("cuts a client that stops sending as well with 4300, though its last acknowledgement trailed", () => {
    const host = new TestRoomHost();
    host.join("a");
    host.join("b");
    const seq = { n: 0 };
    play(host, 30, seq);
    // b's acknowledgements trail by 5 ticks, then b falls silent.
    for (let i = 0; i < 30; i++) {
      inputAcking(host, "a", seq.n, host.mirrorTick("a"));
      inputAcking(host, "b", seq.n, Math.max(0, host.room.tick - 5));
      seq.n++;
      host.advance(1);
    }
    for (let i = 0; i < IDLE_TICKS + 10 && !host.closes.has("b"); i++) {
      inputAcking(host, "a", seq.n++, host.mirrorTick("a"));
      host.advance(1);
    }
    expect(host.closes.get("b")?.code).toBe(CLOSE.IDLE_TIMEOUT.code);
    expect(host.closes.has("a")).toBe(false);
  });
});
