// A GameRoom meters itself: two players play a few seconds and leave; the room's usage row in
// D1 counts exactly the frames they sent and the bytes, the frames and ticks it sent as its
// own figures say, awake time, the requests that reached it, and its D1 writes.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { eventually } from "./eventually.js";
import { RoomSocket } from "./room-socket.js";

interface UsageRow {
  active_ms: number;
  http_requests: number;
  ws_messages_in: number;
  ws_messages_out: number;
  bytes_in: number;
  bytes_out: number;
  d1_rows_read: number;
  d1_rows_written: number;
  storage_writes: number;
  ticks: number;
  players_peak: number;
  game: string;
  match_id: string;
}

const SUMS = `sum(active_ms) active_ms, sum(http_requests) http_requests,
  sum(ws_messages_in) ws_messages_in, sum(ws_messages_out) ws_messages_out,
  sum(bytes_in) bytes_in, sum(bytes_out) bytes_out, sum(d1_rows_read) d1_rows_read,
  sum(d1_rows_written) d1_rows_written, sum(storage_writes) storage_writes, sum(ticks) ticks,
  max(players_peak) players_peak, max(game) game, max(match_id) match_id`;

describe("room usage metering", () => {
  it("counts what two players sent and what the room did, and writes it when the room empties", async () => {
    const room = "usage-room";
    const a = await RoomSocket.join(room, "ada");
    const b = await RoomSocket.join(room, "bob");
    let framesIn = 2; // the HELLOs
    const send = (s: RoomSocket, seq: number) => {
      s.sendInputs(seq, [1]);
      framesIn++;
    };
    for (let seq = 0; seq < 30; seq++) {
      send(a, seq);
      send(b, seq);
      await new Promise((r) => setTimeout(r, 20));
    }
    await a.stateAfter(a.snapshots.at(-1)!.tick);
    const received = a.messages.length + b.messages.length;
    a.close();
    b.close();
    const row = await eventually(async () => {
      const r = await env.DB.prepare(
        `SELECT ${SUMS} FROM usage_minutes WHERE kind = 'room' AND object_id = ?`,
      )
        .bind(room)
        .first<UsageRow>();
      return r && r.ws_messages_in >= framesIn ? r : undefined;
    }, "the room's usage written");
    expect(row.match_id).toBe(room);
    expect(row.game).toBe("arena");
    expect(row.ws_messages_in).toBe(framesIn);
    expect(row.bytes_in).toBeGreaterThan(0);
    // Every frame the clients received, the room sent (and counted); besides, only what it
    // sent in the moment between the count and the closes reaching it (a tick or two of
    // SNAPSHOTs to each player).
    expect(row.ws_messages_out).toBeGreaterThanOrEqual(received);
    expect(row.ws_messages_out - received).toBeLessThanOrEqual(8);
    expect(row.ticks).toBeGreaterThan(10);
    expect(row.players_peak).toBe(2);
    expect(row.active_ms).toBeGreaterThan(500);
    // Two WebSocket upgrades reached the object.
    expect(row.http_requests).toBeGreaterThanOrEqual(2);
    // The room's own history row (room_sessions) was written through the metered binding.
    expect(row.d1_rows_written).toBeGreaterThan(0);
  }, 30_000);
});
