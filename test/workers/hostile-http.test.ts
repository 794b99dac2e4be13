// Malformed requests an attacker tried, each answered with a clear 4xx and never a 500:
// too many property filters, a HEAD on a room, an oversized body (signed in or not).
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { RoomSocket } from "./room-socket.js";
import { call, signInGuest } from "./sign-in.js";

const BASE = "http://edgetick.test";

describe("hostile HTTP requests", () => {
  it("refuses more than 16 prop filters with 400, and takes 16", async () => {
    const s = await signInGuest("ada");
    const query = (n: number) => Array.from({ length: n }, (_, i) => `prop.k${i}=v${i}`).join("&");
    const ok = await call("GET", `/v1/sessions?${query(16)}`, s.accessToken);
    expect(ok.status).toBe(200);
    const many = await call("GET", `/v1/sessions?${query(60)}`, s.accessToken);
    expect(many.status).toBe(400);
    expect(await many.json()).toMatchObject({ error: { code: "invalid_request" } });
  });

  it("answers HEAD on a room like its GET, without a body, and never 500", async () => {
    (await RoomSocket.join("head-room", "ada")).close();
    const head = await exports.default.fetch(`${BASE}/v1/rooms/head-room`, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
    const none = await exports.default.fetch(`${BASE}/v1/rooms/no-such-room`, { method: "HEAD" });
    expect(none.status).toBe(404);
  });

  it("refuses a body over 128 KiB with 413 before reading it, signed in or not", async () => {
    const big = JSON.stringify({ deviceId: "x".repeat(32), name: "a".repeat(140_000) });
    const guest = await exports.default.fetch(`${BASE}/v1/auth/guest`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: big,
    });
    expect(guest.status).toBe(413);
    expect(await guest.json()).toMatchObject({ error: { code: "body_too_large" } });
    const s = await signInGuest("ada");
    const nested = "[".repeat(70_000) + "]".repeat(70_000);
    const deep = await exports.default.fetch(`${BASE}/v1/players/me/data/x.doc`, {
      method: "PUT",
      headers: { Authorization: `Bearer ${s.accessToken}`, "Content-Type": "application/json" },
      body: nested,
    });
    expect(deep.status).toBe(413);
    // Under the limit, the body reaches the route, which answers with its own validation.
    const small = await exports.default.fetch(`${BASE}/v1/players/me/data/x.doc`, {
      method: "PUT",
      headers: { Authorization: `Bearer ${s.accessToken}`, "Content-Type": "application/json" },
      body: JSON.stringify({ value: "v".repeat(100_000) }),
    });
    expect(small.status).toBe(400);
    const refusal = (await small.json()) as { error: { code: string } };
    expect(refusal.error.code).not.toBe("body_too_large");
  });
});
