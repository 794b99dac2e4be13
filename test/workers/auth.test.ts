import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { Session } from "../../workers/auth/issue-session.js";
import { RoomSocket } from "./room-socket.js";
import { call, newDeviceId, post, signInGuest, signInWithRoles } from "./sign-in.js";

async function errorOf(res: Response): Promise<{ status: number; code: string }> {
  const body = (await res.json()) as { error: { code: string } };
  return { status: res.status, code: body.error.code };
}

describe("POST /v1/auth/guest", () => {
  it("creates an account on first use and signs the same device into it again", async () => {
    const deviceId = newDeviceId();
    const first = await signInGuest("ada", deviceId);
    expect(first).toMatchObject({ roles: ["player"], tokenType: "Bearer" });
    expect(first.accountId).toMatch(/^acc_[0-9a-f]{32}$/);
    expect(first.refreshToken).toMatch(/^rt_/);
    const again = await signInGuest("ada", deviceId);
    expect(again.accountId).toBe(first.accountId);
    expect((await signInGuest("ada")).accountId).not.toBe(first.accountId);
  });

  it("stores only a hash of the device id and audits the sign-in", async () => {
    const deviceId = newDeviceId();
    const s = await signInGuest("ada", deviceId);
    const identity = await env.DB.prepare("SELECT subject FROM identities WHERE player_id = ?")
      .bind(s.accountId)
      .first<{ subject: string }>();
    expect(identity?.subject).toMatch(/^[0-9a-f]{64}$/);
    expect(identity?.subject).not.toContain(deviceId);
    const audit = await env.DB.prepare(
      "SELECT action FROM audit_log WHERE target = ? AND action = 'sign_in'",
    )
      .bind(s.accountId)
      .all();
    expect(audit.results).toHaveLength(1);
  });

  it("refuses a device id one character short with 400 and the error shape, and accepts 16", async () => {
    const short = await post("/v1/auth/guest", { deviceId: "x".repeat(15) });
    expect(short.status).toBe(400);
    expect(await short.json()).toEqual({
      error: { code: "invalid_request", message: expect.stringContaining("deviceId") },
    });
    expect(
      (await post("/v1/auth/guest", { deviceId: crypto.randomUUID().slice(0, 16) })).status,
    ).toBe(200);
  });

  it("refuses a body that is not JSON with 400 invalid_request", async () => {
    const res = await exports.default.fetch("http://edgetick.test/v1/auth/guest", {
      method: "POST",
      headers: { "Content-Type": "application/json", "CF-Connecting-IP": "10.9.9.9" },
      body: "{not json",
    });
    expect(await errorOf(res)).toEqual({ status: 400, code: "invalid_request" });
  });

  it("answers 429 rate_limited after 20 sign-ins a minute from one address, not from another", async () => {
    const ip = { "CF-Connecting-IP": "192.0.2.77" };
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++)
      statuses.push((await post("/v1/auth/guest", { deviceId: newDeviceId() }, ip)).status);
    expect(statuses.slice(0, 20).every((s) => s === 200)).toBe(true);
    const limited = await post("/v1/auth/guest", { deviceId: newDeviceId() }, ip);
    expect(await errorOf(limited)).toEqual({ status: 429, code: "rate_limited" });
    expect((await post("/v1/auth/guest", { deviceId: newDeviceId() })).status).toBe(200);
  });
});

describe("refresh and logout", () => {
  it("rotates the refresh token: the new one works, the old one is refused", async () => {
    const s = await signInGuest();
    const res = await post("/v1/auth/refresh", { refreshToken: s.refreshToken });
    expect(res.status).toBe(200);
    const next = (await res.json()) as Session;
    expect(next.accountId).toBe(s.accountId);
    expect(next.refreshToken).not.toBe(s.refreshToken);
    expect((await call("GET", "/v1/players/me", next.accessToken)).status).toBe(200);
    const stale = await post("/v1/auth/refresh", { refreshToken: s.refreshToken });
    expect(await errorOf(stale)).toEqual({ status: 401, code: "invalid_refresh_token" });
  });

  it("revokes every refresh token of an account when a used one is presented again", async () => {
    const s = await signInGuest();
    const next = (await (
      await post("/v1/auth/refresh", { refreshToken: s.refreshToken })
    ).json()) as Session;
    await post("/v1/auth/refresh", { refreshToken: s.refreshToken });
    const res = await post("/v1/auth/refresh", { refreshToken: next.refreshToken });
    expect(await errorOf(res)).toEqual({ status: 401, code: "invalid_refresh_token" });
  });

  it("logout revokes the refresh token", async () => {
    const s = await signInGuest();
    expect((await post("/v1/auth/logout", { refreshToken: s.refreshToken })).status).toBe(204);
    const res = await post("/v1/auth/refresh", { refreshToken: s.refreshToken });
    expect(await errorOf(res)).toEqual({ status: 401, code: "invalid_refresh_token" });
  });

  it("refuses a forged refresh token with the right id but another secret", async () => {
    const s = await signInGuest();
    const forged = `${s.refreshToken.split(".")[0]}.${"A".repeat(43)}`;
    expect(await errorOf(await post("/v1/auth/refresh", { refreshToken: forged }))).toEqual({
      status: 401,
      code: "invalid_refresh_token",
    });
  });

  it("refresh carries role changes into the new access token", async () => {
    const s = await signInGuest();
    await env.DB.prepare("UPDATE players SET roles = 'player,moderator' WHERE id = ?")
      .bind(s.accountId)
      .run();
    const next = (await (
      await post("/v1/auth/refresh", { refreshToken: s.refreshToken })
    ).json()) as Session;
    expect(next.roles).toEqual(["player", "moderator"]);
  });
});

describe("bans at sign-in", () => {
  it("refuse guest sign-in and refresh of a banned account with 403 banned, and allow them after unban", async () => {
    const admin = await signInWithRoles(["admin"]);
    const deviceId = newDeviceId();
    const s = await signInGuest("cheater", deviceId);
    const ban = await call("POST", `/v1/admin/players/${s.accountId}/ban`, admin.accessToken, {
      reason: "aimbot",
    });
    expect(ban.status).toBe(200);
    const signIn = await post("/v1/auth/guest", { deviceId });
    expect(await errorOf(signIn)).toEqual({ status: 403, code: "banned" });
    // Banning revoked the refresh tokens too.
    const refresh = await post("/v1/auth/refresh", { refreshToken: s.refreshToken });
    expect(await errorOf(refresh)).toEqual({ status: 401, code: "invalid_refresh_token" });
    expect(
      (await call("DELETE", `/v1/admin/players/${s.accountId}/ban`, admin.accessToken)).status,
    ).toBe(204);
    expect((await post("/v1/auth/guest", { deviceId })).status).toBe(200);
  });

  it("lets a timed ban lapse on its own", async () => {
    const s = await signInGuest();
    await env.DB.prepare(
      "INSERT INTO bans (player_id, reason, created_at, expires_at) VALUES (?, 'x', ?, ?)",
    )
      .bind(s.accountId, Date.now() - 2000, Date.now() - 1000)
      .run();
    expect((await post("/v1/auth/refresh", { refreshToken: s.refreshToken })).status).toBe(200);
  });
});

describe("access tokens on the API", () => {
  it("answers 401 with a distinct code for missing, malformed, forged and wrong-audience tokens", async () => {
    const s = await signInGuest();
    // Tickets are issued for rooms that exist: open this public one first.
    (await RoomSocket.join("lobby", "ada", s.accessToken)).close();
    const ticket = (await (
      await call("POST", "/v1/rooms/lobby/tickets", s.accessToken)
    ).json()) as { ticket: string };
    const [h, p, sig] = s.accessToken.split(".");
    const flipped = `${h}.${p}.${sig!.startsWith("A") ? "B" : "A"}${sig!.slice(1)}`;
    const cases: [string | undefined, string][] = [
      [undefined, "missing_credentials"],
      ["not-a-token", "malformed_token"],
      [flipped, "invalid_token"],
      [ticket.ticket, "wrong_audience"],
    ];
    for (const [token, code] of cases) {
      expect(await errorOf(await call("GET", "/v1/players/me", token))).toEqual({
        status: 401,
        code,
      });
    }
    expect((await call("GET", "/v1/players/me", s.accessToken)).status).toBe(200);
  });
});

describe("GET /v1/auth/jwks", () => {
  it("publishes the public part of every ring key, never the private one", async () => {
    const res = await exports.default.fetch("http://edgetick.test/v1/auth/jwks");
    const { keys } = (await res.json()) as { keys: Record<string, string>[] };
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({
      kty: "EC",
      crv: "P-256",
      kid: "dev-2026-11",
      alg: "ES256",
      use: "sig",
    });
    expect(keys[0]).not.toHaveProperty("d");
  });
});
