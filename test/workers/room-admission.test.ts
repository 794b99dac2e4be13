import { env } from "cloudflare:workers";
import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { ARENA_SCHEMA } from "../../games/arena/index.js";
import { toLowS } from "../../server/auth/ecdsa-low-s.js";
import { loadKeyRing } from "../../server/auth/index.js";
import { ByteWriter } from "../../shared/codec/byte-writer.js";
import { encodeHello, encodePing } from "../../shared/protocol/client-messages.js";
import { CLOSE } from "../../shared/protocol/index.js";
import { RoomSocket } from "./room-socket.js";
import { call, mintAccessToken, mintJoinTicket, signInGuest, signInWithRoles } from "./sign-in.js";

const ACCOUNT = "acc_0000000000000000000000000000abcd";

/** Joins `room` with `token` and answers the close code (or 0 if welcomed). */
async function joinWith(room: string, token: string): Promise<{ code: number; reason: string }> {
  const s = await RoomSocket.open(room);
  s.hello("ada", token);
  const outcome = await Promise.race([
    s.closedWithin(),
    s.next("welcome").then(() => ({ code: 0, reason: "welcomed" })),
  ]);
  if (outcome.code === 0) s.close();
  return outcome;
}

describe("room admission", () => {
  it("welcomes an access token and a join ticket for this room", async () => {
    const s = await signInGuest("ada");
    expect((await joinWith("adm-ok", s.accessToken)).code).toBe(0);
    const res = await call("POST", "/v1/rooms/adm-ok/tickets", s.accessToken);
    const { ticket, roomId, expiresAt } = (await res.json()) as {
      ticket: string;
      roomId: string;
      expiresAt: number;
    };
    expect(roomId).toBe("adm-ok");
    expect(expiresAt - Date.now()).toBeLessThanOrEqual(60_000);
    expect((await joinWith("adm-ok", ticket)).code).toBe(0);
  });

  it("refuses each kind of bad credential with its own 41xx code", async () => {
    const good = await mintAccessToken(ACCOUNT, ["player"]);
    const [h, p, sig] = good.split(".");
    const forged = `${h}.${p}.${sig!.startsWith("A") ? "B" : "A"}${sig!.slice(1)}`;
    const expired = await mintAccessToken(ACCOUNT, ["player"], {
      now: Date.now() - 3_600_000,
      ttlS: 60,
    });
    const otherRoom = await mintJoinTicket(ACCOUNT, "elsewhere");
    // A genuine signature over claims for another audience.
    const ring = await loadKeyRing(env.AUTH_KEYS);
    const wrongAudience = toLowS(
      await new SignJWT({ roles: ["player"] })
        .setProtectedHeader({ alg: "ES256", kid: ring.current.kid })
        .setIssuer("edgetick")
        .setAudience("some-other-service")
        .setSubject(ACCOUNT)
        .setIssuedAt()
        .setExpirationTime("1m")
        .sign(ring.current.privateKey),
    );
    const cases: [string, string, number][] = [
      ["no token", "", CLOSE.MISSING_CREDENTIALS.code],
      ["garbage", "hello.world", CLOSE.MALFORMED_CREDENTIALS.code],
      ["a flipped signature", forged, CLOSE.FORGED_CREDENTIALS.code],
      ["an expired token", expired, CLOSE.EXPIRED_CREDENTIALS.code],
      ["another audience", wrongAudience, CLOSE.WRONG_AUDIENCE.code],
      ["a ticket for another room", otherRoom, CLOSE.WRONG_ROOM.code],
    ];
    for (const [what, token, code] of cases) {
      const closed = await joinWith("adm-refused", token);
      expect([what, closed.code]).toEqual([what, code]);
      expect(closed.reason.length).toBeGreaterThan(0);
    }
  });

  it("refuses a banned account with 4106 while others play on", async () => {
    const other = await RoomSocket.join("adm-ban", "bob");
    const s = await signInGuest("eve");
    await env.DB.prepare(
      "INSERT INTO bans (player_id, reason, created_at) VALUES (?, 'griefing', ?)",
    )
      .bind(s.accountId, Date.now())
      .run();
    const closed = await joinWith("adm-ban", s.accessToken);
    expect(closed).toEqual({ code: CLOSE.BANNED.code, reason: "banned: griefing" });
    const tick = (await other.stateAfter(0)).tick;
    expect((await other.stateAfter(tick + 1)).ships).toHaveLength(1);
    other.close();
  });

  it("cuts a long ban reason to the 123 bytes a close frame allows, at a character boundary", async () => {
    const s = await signInGuest("eve");
    await env.DB.prepare("INSERT INTO bans (player_id, reason, created_at) VALUES (?, ?, ?)")
      .bind(s.accountId, "é".repeat(200), Date.now())
      .run();
    const closed = await joinWith("adm-long-ban", s.accessToken);
    expect(closed.code).toBe(CLOSE.BANNED.code);
    // "banned: " is 8 bytes; 57 two-byte characters fit in the remaining 115.
    expect(closed.reason).toBe(`banned: ${"é".repeat(57)}`);
  });

  it("queues frames sent right behind the HELLO and answers them after the welcome", async () => {
    const s = await RoomSocket.open("adm-queue");
    s.hello("ada", (await signInGuest()).accessToken);
    const w = new ByteWriter();
    encodePing(w, 1234);
    s.send(w.toBytes());
    const pong = await s.next("pong");
    expect(pong.clientTime).toBe(1234);
    const welcomeAt = s.messages.findIndex((m) => m.type === "welcome");
    expect(welcomeAt).toBeGreaterThanOrEqual(0);
    expect(welcomeAt).toBeLessThan(s.messages.indexOf(pong));
    s.close();
  });

  it("closes with 4004 a second HELLO queued behind the first", async () => {
    const s = await RoomSocket.open("adm-twice");
    const token = (await signInGuest()).accessToken;
    s.hello("ada", token);
    const w = new ByteWriter();
    encodeHello(w, { game: "arena", schema: ARENA_SCHEMA.fingerprint, name: "ada", token });
    s.send(w.toBytes());
    expect((await s.closedWithin()).code).toBe(CLOSE.UNEXPECTED_MESSAGE.code);
  });
});

describe("moderation in rooms", () => {
  it("lets a moderator kick a player (4200) and mute one, visible to admins", async () => {
    const mod = await signInWithRoles(["player", "moderator"]);
    const admin = await signInWithRoles(["admin"]);
    const ada = await RoomSocket.join("mod-room", "ada");
    const bob = await RoomSocket.join("mod-room", "bob");
    const mute = await call("POST", "/v1/rooms/mod-room/players/2/mute", mod.accessToken, {
      muted: true,
    });
    expect(await mute.json()).toEqual({ affected: 1 });
    const inspect = await call("GET", "/v1/admin/rooms/mod-room", admin.accessToken);
    const room = (await inspect.json()) as {
      players: { playerId: number; muted: boolean; accountId: string }[];
    };
    expect(room.players.map((p) => [p.playerId, p.muted])).toEqual([
      [1, false],
      [2, true],
    ]);
    expect(room.players[0]!.accountId).toMatch(/^acc_/);
    const kick = await call("POST", "/v1/rooms/mod-room/players/1/kick", mod.accessToken, {
      reason: "afk",
    });
    expect(await kick.json()).toEqual({ affected: 1 });
    expect(await ada.closedWithin()).toEqual({ code: CLOSE.KICKED.code, reason: "kicked: afk" });
    await bob.next("player-left", (m) => m.playerId === 1);
    const missing = await call("POST", "/v1/rooms/mod-room/players/9/kick", mod.accessToken, {
      reason: "x",
    });
    expect(missing.status).toBe(404);
    const audit = await env.DB.prepare(
      "SELECT actor FROM audit_log WHERE action = 'kick' AND target = 'mod-room'",
    ).all();
    expect(audit.results).toEqual([{ actor: mod.accountId }]);
    bob.close();
  });

  it("lets an admin kick an account's seat, whichever socket holds it", async () => {
    const admin = await signInWithRoles(["admin"]);
    const s = await signInGuest("twin");
    const a = await RoomSocket.join("admin-kick", "one", s.accessToken);
    // One seat per account: the second socket takes it over.
    const b = await RoomSocket.join("admin-kick", "two", s.accessToken);
    expect((await a.closedWithin()).code).toBe(CLOSE.REPLACED.code);
    const res = await call("POST", "/v1/admin/rooms/admin-kick/kick", admin.accessToken, {
      accountId: s.accountId,
      reason: "ban evasion",
    });
    expect(await res.json()).toEqual({ affected: 1 });
    expect((await b.closedWithin()).code).toBe(CLOSE.KICKED.code);
  });
});
