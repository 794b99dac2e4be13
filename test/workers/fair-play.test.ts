// Fair play through the GameRoom Durable Object and D1: an arena player firing twice as fast
// as the weapon allows is struck each second, and its offences climb log → flag → kick (4200)
// → ban (4106) across a rejoin; every step is an audit row with the evidence, the flag is in
// fair_play_flags, the ban in bans, and admins read and clear it through /v1/admin/flagged.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ARENA_RPCS, ARENA_WEAPON } from "../../games/arena/index.js";
import { ByteWriter } from "../../shared/codec/byte-writer.js";
import { CLOSE } from "../../shared/protocol/close-codes.js";
import { RpcClient } from "../../shared/rpc/index.js";
import { eventually } from "./eventually.js";
import { RoomSocket } from "./room-socket.js";
import { call, signInGuest, signInWithRoles } from "./sign-in.js";

const calls = new RpcClient(ARENA_RPCS);

/**
 * Fires three shots every 250 ms (three times the weapon's rate: a slow machine stretching the
 * timer still fires faster than the weapon), with the newest tick received as the view, until
 * the room closes the socket.
 */
async function fireUntilClosed(socket: RoomSocket): Promise<number> {
  let closed: number | undefined;
  void socket.closed.then((c) => {
    closed = c.code;
  });
  const w = new ByteWriter();
  for (let i = 0; i < 200 && closed === undefined; i++) {
    const tick = socket.snapshots.at(-1)?.tick ?? 0;
    for (let shot = 0; shot < 3; shot++) {
      w.reset();
      calls.writeCall("fire", { viewTick: tick * 16, aim: 0 }, w);
      socket.send(w.toBytes());
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return (await socket.closed).code;
}

interface AuditRow {
  detail: string;
}

describe("fair play in a room", () => {
  it("escalates a rapid-fire cheat to a kick, then a ban, with the evidence in D1 and the admin API", async () => {
    const cheater = await signInGuest("trigger");
    const room = "fairplay-rapid";
    // log, flag, kick: about three seconds an offence.
    const first = await RoomSocket.join(room, "trigger", cheater.accessToken);
    expect(await fireUntilClosed(first)).toBe(CLOSE.KICKED.code);
    const again = await RoomSocket.join(room, "trigger", cheater.accessToken);
    expect(await fireUntilClosed(again)).toBe(CLOSE.BANNED.code);

    const rows = await eventually(async () => {
      const { results } = await env.DB.prepare(
        "SELECT detail FROM audit_log WHERE action = 'fair_play' AND target = ? ORDER BY id",
      )
        .bind(cheater.accountId)
        .all<AuditRow>();
      return results.length >= 4 ? results : undefined;
    }, "four fair-play steps recorded");
    const details = rows.map((r) => JSON.parse(r.detail));
    expect(details.map((d) => d.step)).toEqual(["log", "flag", "kick", "ban"]);
    for (const d of details) {
      expect(d).toMatchObject({
        room,
        game: "arena",
        evidence: { detector: "actionRate", unit: "fire/s" },
      });
      expect(d.evidence.measured).toBeGreaterThan(d.evidence.limit);
    }
    expect(details[3].banMinutes).toBe(60);

    const ban = await eventually(
      () =>
        env.DB.prepare("SELECT reason, expires_at FROM bans WHERE player_id = ?")
          .bind(cheater.accountId)
          .first<{ reason: string; expires_at: number }>()
          .then((r) => r ?? undefined),
      "the ban written",
    );
    expect(ban.reason).toMatch(/^fair play: actionRate/);
    expect(ban.expires_at - Date.now()).toBeGreaterThan(55 * 60_000);
    // Banned: the next join is refused.
    const refused = await RoomSocket.open(room);
    refused.hello("trigger", cheater.accessToken);
    expect((await refused.closed).code).toBe(CLOSE.BANNED.code);

    const admin = await signInWithRoles(["admin"]);
    const list = await call("GET", "/v1/admin/flagged?game=arena&limit=200", admin.accessToken);
    expect(list.status).toBe(200);
    const page = (await list.json()) as {
      flagged: { accountId: string; step: string; offences: number }[];
    };
    expect(page.flagged.find((f) => f.accountId === cheater.accountId)).toMatchObject({
      step: "ban",
      offences: 4,
    });
    const one = await call("GET", `/v1/admin/flagged/${cheater.accountId}`, admin.accessToken);
    expect(one.status).toBe(200);
    const flag = (await one.json()) as { detector: string; history: { step: string }[] };
    expect(flag.detector).toBe("actionRate");
    expect(flag.history.map((h) => h.step)).toEqual(["ban", "kick", "flag", "log"]);

    // A player may not read it; an admin clears it (audited), after which it is gone.
    const player = await signInGuest("curious");
    expect((await call("GET", "/v1/admin/flagged", player.accessToken)).status).toBe(403);
    expect(
      (await call("DELETE", `/v1/admin/flagged/${cheater.accountId}`, admin.accessToken)).status,
    ).toBe(204);
    expect(
      (await call("GET", `/v1/admin/flagged/${cheater.accountId}`, admin.accessToken)).status,
    ).toBe(404);
    const unflag = await env.DB.prepare(
      "SELECT actor FROM audit_log WHERE action = 'unflag' AND target = ?",
    )
      .bind(cheater.accountId)
      .first<{ actor: string }>();
    expect(unflag?.actor).toBe(admin.accountId);
  }, 60_000);

  it("leaves a player firing at the weapon's rate alone", async () => {
    const s = await signInGuest("steady");
    const socket = await RoomSocket.join("fairplay-steady", "steady", s.accessToken);
    const w = new ByteWriter();
    for (let i = 0; i < 12; i++) {
      w.reset();
      calls.writeCall("fire", { viewTick: (socket.snapshots.at(-1)?.tick ?? 0) * 16, aim: 0 }, w);
      socket.send(w.toBytes());
      await new Promise((r) => setTimeout(r, 1000 / ARENA_WEAPON.perSecond));
    }
    socket.close();
    // Verdicts are written off the tick (waitUntil) within milliseconds: give them time to
    // land, so an absence means none was reached.
    await new Promise((r) => setTimeout(r, 500));
    const { results } = await env.DB.prepare(
      "SELECT id FROM audit_log WHERE action = 'fair_play' AND target = ?",
    )
      .bind(s.accountId)
      .all();
    expect(results).toEqual([]);
  }, 30_000);
});
