// Protocol abuse leaves a trace in the audit log (issue 15's evidence): a joined player's
// malformed frame closes it with 4000 and writes a protocol_violation row naming its account;
// a flood of bad sockets writes a bounded number of rows.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { MAX_VIOLATION_ROWS_PER_MINUTE } from "../../durable-objects/game-room/violation-audit.js";
import { CLOSE } from "../../shared/protocol/close-codes.js";
import { eventually } from "./eventually.js";
import { RoomSocket } from "./room-socket.js";
import { signInGuest } from "./sign-in.js";

interface Row {
  target: string | null;
  detail: string;
}

const violations = async (room: string) =>
  (
    await env.DB.prepare(
      "SELECT target, detail FROM audit_log WHERE action = 'protocol_violation' AND json_extract(detail, '$.room') = ?",
    )
      .bind(room)
      .all<Row>()
  ).results;

describe("protocol violations in the audit log", () => {
  it("records the account, room, code and reason of a player closed for a malformed frame", async () => {
    const s = await signInGuest("mallory");
    const m = await RoomSocket.join("audit-room", "mallory", s.accessToken);
    m.send(Uint8Array.of(0xee, 1, 2, 3));
    expect((await m.closed).code).toBe(CLOSE.MALFORMED_FRAME.code);
    const rows = await eventually(async () => {
      const r = await violations("audit-room");
      return r.length > 0 ? r : undefined;
    }, "the violation recorded");
    expect(rows[0]!.target).toBe(s.accountId);
    expect(JSON.parse(rows[0]!.detail)).toMatchObject({ room: "audit-room", code: 4000 });
  });

  it("writes at most its bound for a flood of bad sockets, and counts what it dropped", async () => {
    const room = "audit-flood";
    (await RoomSocket.join(room, "ada")).close();
    const started = Date.now();
    for (let i = 0; i < 40; i++) {
      const s = await RoomSocket.open(room, undefined, `198.51.100.${i}`);
      s.ping(1); // a PING before HELLO: 4004
      await s.closed;
    }
    const seconds = (Date.now() - started) / 1000;
    const rows = await eventually(async () => {
      const r = await violations(room);
      return r.length >= MAX_VIOLATION_ROWS_PER_MINUTE ? r : undefined;
    }, "the bound reached");
    // The burst, and what the bucket refilled (30 a minute) while the flood went on.
    expect(rows.length).toBeLessThanOrEqual(
      MAX_VIOLATION_ROWS_PER_MINUTE + Math.ceil(seconds / 2) + 1,
    );
    expect(rows.length).toBeLessThan(40);
    const details = rows.map(
      (r) => JSON.parse(r.detail) as { code: number; address?: string; droppedBefore?: number },
    );
    expect(details[0]).toMatchObject({ code: 4004, address: "198.51.100.0" });
    const dropped = details.reduce((sum, d) => sum + (d.droppedBefore ?? 0), 0);
    // Every violation is a row or counted in a later one, except those dropped after the last row.
    expect(rows.length + dropped).toBeLessThanOrEqual(40);
  }, 60_000);
});
