// The room's two delivery modes over one socket, through the host double: reliable frames
// (snapshots, control messages, reliable events, RPC results) always written in order;
// unreliable events held, latest per RPC, while a link is backed up; a link whose reliable
// backlog passes the limit closed with 4301 after the tick, the others unaffected.

import { describe, expect, it } from "vitest";
import {
  DELIVERY_RPCS,
  deliveryGame,
  emitTo as emit,
  rpcLog,
} from "../../test/support/room/test-delivery-game.js";
import { TestRoomHost } from "../../test/support/room/test-room-host.js";
import { ByteWriter } from "../codec/byte-writer.js";
import { CLOSE } from "../protocol/index.js";
import { RpcClient } from "../rpc/index.js";
import { resolveRoomOptions } from "./room-options.js";
import type { ConnectionId } from "./room-sink.js";

const THRESHOLD = 64 * 1024;
const LIMIT = 1024 * 1024;

function room(...conns: ConnectionId[]): TestRoomHost {
  const host = new TestRoomHost({}, deliveryGame);
  for (const c of conns) host.join(c);
  return host;
}

describe("RoomCore delivery under backpressure", () => {
  it("holds unreliable events on a backed-up link and sends the latest of each RPC, in emit order, once it drains", () => {
    const host = room("a", "b");
    // Exactly at the threshold is not backed up yet.
    host.setBuffered("a", THRESHOLD);
    emit(host, "aim", 1);
    host.setBuffered("a", THRESHOLD + 1);
    emit(host, "aim", 2);
    emit(host, "marker", 3);
    emit(host, "aim", 4);
    emit(host, "aim", 5);
    expect(rpcLog(host, "a")).toEqual(["aim 1"]);
    // b's link is clear: everything, at once, in order.
    expect(rpcLog(host, "b")).toEqual(["aim 1", "aim 2", "marker 3", "aim 4", "aim 5"]);
    host.advance(1); // still backed up: the tick sends the snapshot, not the held events
    expect(rpcLog(host, "a")).toEqual(["aim 1"]);
    host.setBuffered("a", THRESHOLD);
    host.advance(1);
    // aim 2 and 4 were merged into aim 5; marker 3 was emitted before aim 5.
    expect(rpcLog(host, "a")).toEqual(["aim 1", "marker 3", "aim 5"]);
    host.advance(2);
    expect(rpcLog(host, "a")).toHaveLength(3);
  });

  it("writes reliable events and RPC results at once and in order while unreliable ones wait", () => {
    const host = room("a");
    host.setBuffered("a", THRESHOLD * 4);
    emit(host, "said", 1);
    emit(host, "aim", 2);
    const w = new ByteWriter();
    new RpcClient(DELIVERY_RPCS).writeCall("shout", { seq: 3 }, w);
    host.receive("a", w.toBytes());
    emit(host, "said", 4);
    expect(rpcLog(host, "a")).toEqual(["said 1", "said 3", "result 1", "said 4"]);
    host.setBuffered("a", 0);
    host.advance(1);
    expect(rpcLog(host, "a")).toEqual(["said 1", "said 3", "result 1", "said 4", "aim 2"]);
  });

  it("sends held events before a newer one when the link drains between ticks", () => {
    const host = room("a");
    host.setBuffered("a", THRESHOLD + 1);
    emit(host, "aim", 1);
    emit(host, "marker", 2);
    host.setBuffered("a", 0);
    emit(host, "aim", 3);
    // aim 1 is superseded by aim 3 and never sent: no older aim after a newer one.
    expect(rpcLog(host, "a")).toEqual(["marker 2", "aim 3"]);
  });

  it("drops the events held for a connection that closed", () => {
    const host = room("a", "b");
    host.setBuffered("b", THRESHOLD + 1);
    emit(host, "aim", 1);
    expect(rpcLog(host, "b")).toEqual([]); // held
    host.room.disconnect("b", host.now, false);
    host.frames.delete("b");
    host.setBuffered("b", 0);
    host.join("b"); // the host reuses the connection id for a new socket
    host.advance(1);
    expect(rpcLog(host, "b")).toEqual([]);
    expect(rpcLog(host, "a")).toEqual(["aim 1"]);
  });
});

describe("RoomCore reliable backlog limit", () => {
  it("closes a link whose backlog passes maxBacklogBytes with 4301, and the others play on", () => {
    const host = room("a", "b", "c");
    host.advance(1);
    host.setBuffered("b", LIMIT); // at the limit: kept
    host.advance(1);
    expect(host.closes.size).toBe(0);
    host.setBuffered("b", LIMIT + 1);
    host.advance(1);
    expect(host.closes.get("b")).toEqual({
      code: CLOSE.SLOW_CONSUMER.code,
      reason: `reliable backlog over limit: ${LIMIT + 1} bytes unsent, limit ${LIMIT}`,
    });
    // Retryable: player 2 waits out its grace period and the others hear it dropped.
    expect(host.of("a", "player-status").at(-1)).toMatchObject({ playerId: 2, connected: false });
    expect(host.room.players().find((p) => p.playerId === 2)?.connected).toBe(false);
    host.advance(3);
    expect(host.of("a", "snapshot")).toHaveLength(6);
    expect(host.of("c", "snapshot")).toHaveLength(6);
    expect(host.of("b", "snapshot")).toHaveLength(3);
    expect(host.closes.size).toBe(1);
  });

  it("closes a link that backs up during a tick's sends after the tick: every player got that tick", () => {
    // b's socket stalls as the tick writes its snapshot, between a's and c's.
    class StallingHost extends TestRoomHost {
      override send(conn: ConnectionId, bytes: Uint8Array): void {
        super.send(conn, bytes);
        if (conn === "b" && this.of("b", "snapshot").length > 0) this.setBuffered("b", LIMIT * 2);
      }
    }
    const host = new StallingHost({}, deliveryGame);
    for (const c of ["a", "b", "c"]) host.join(c);
    host.advance(1);
    expect(host.closes.get("b")?.code).toBe(CLOSE.SLOW_CONSUMER.code);
    expect(host.of("a", "snapshot")).toHaveLength(1);
    expect(host.of("c", "snapshot")).toHaveLength(1);
    expect(host.mirrorTick("b")).toBe(host.room.tick);
    host.advance(2);
    expect(host.of("a", "snapshot")).toHaveLength(3);
    expect(host.of("c", "snapshot")).toHaveLength(3);
    expect(host.mirrorTick("c")).toBe(host.room.tick);
    expect([...host.closes.keys()]).toEqual(["b"]);
  });
});

describe("RoomOptions delivery settings", () => {
  it("defaults to 64 KiB of backpressure and a 1 MiB backlog limit", () => {
    expect(resolveRoomOptions()).toMatchObject({
      backpressureBytes: THRESHOLD,
      maxBacklogBytes: LIMIT,
    });
  });

  it("refuses a fractional threshold and a limit not above the threshold, naming the field", () => {
    expect(() => resolveRoomOptions({ backpressureBytes: 1.5 })).toThrow(
      "room.backpressureBytes must be an integer",
    );
    expect(() => resolveRoomOptions({ backpressureBytes: 1000, maxBacklogBytes: 1000 })).toThrow(
      "room.maxBacklogBytes must be greater than room.backpressureBytes",
    );
    expect(resolveRoomOptions({ backpressureBytes: 1000, maxBacklogBytes: 1001 })).toMatchObject({
      maxBacklogBytes: 1001,
    });
  });
});
