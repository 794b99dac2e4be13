// The client package's HTTP client against the real Worker in workerd: every answer passes
// the shared/http schema the route is declared with.
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createHttpClient, type HttpClient } from "../../client/src/http/http-client.js";
import { HttpError } from "../../client/src/http/http-error.js";
import { mintAccessToken, newDeviceId, randomIp } from "./sign-in.js";

/** A client whose fetch goes straight to the Worker, from its own address (per-IP limits). */
function client(): HttpClient {
  const ip = randomIp();
  return createHttpClient({
    baseUrl: "http://edgetick.test",
    fetch: (url, init) =>
      exports.default.fetch(url, { ...init, headers: { ...init.headers, "CF-Connecting-IP": ip } }),
  });
}

describe("HttpClient against the Worker", () => {
  it("signs in as a guest, then writes and reads a player document, refusing a stale version", async () => {
    const http = client();
    const session = await http.signInGuest({ deviceId: newDeviceId(), name: "ada" });
    expect(http.session).toEqual(session);
    expect((await http.getAccount()).displayName).toBe("ada");
    const written = await http.putPlayerData("settings", { version: 0, value: { volume: 3 } });
    expect(written).toMatchObject({ key: "settings", version: 1, value: { volume: 3 } });
    expect(await http.getPlayerData("settings")).toEqual(written);
    const stale = await http
      .putPlayerData("settings", { version: 0, value: { volume: 9 } })
      .catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(HttpError);
    expect(stale).toMatchObject({ status: 409, code: "version_conflict" });
  });

  it("searches sessions and finds the one it registered", async () => {
    const http = client();
    await http.signInGuest({ deviceId: newDeviceId() });
    const mode = `hc-${crypto.randomUUID().slice(0, 8)}`;
    const hosted = await http.registerSession({ kind: "listen", mode, players: 1, capacity: 4 });
    const page = await http.searchSessions({ mode, hasSpace: true });
    expect(page.sessions.map((s) => s.sessionId)).toEqual([hosted.sessionId]);
    await http.removeSession(hosted.sessionId);
    expect((await http.searchSessions({ mode })).sessions).toEqual([]);
  });

  it("registers a peer session with the host's ticket; a second player joins it and the host reads its usage", async () => {
    const host = client();
    await host.signInGuest({ deviceId: newDeviceId(), name: "host" });
    const mode = `hc-${crypto.randomUUID().slice(0, 8)}`;
    const hosted = await host.registerSession({ kind: "listen", mode, players: 1, capacity: 4 });
    expect(hosted.ticket).toMatch(/^ey/);
    expect(hosted.signalUrl).toBe(`/v1/sessions/${hosted.sessionId}/signal`);
    const guest = client();
    await guest.signInGuest({ deviceId: newDeviceId(), name: "guest" });
    const joined = await guest.joinPeerSession(hosted.sessionId, { name: "guest" });
    expect(joined).toMatchObject({ sessionId: hosted.sessionId, kind: "listen" });
    expect(joined.ticket).not.toBe(hosted.ticket);
    const usage = await host.getSessionUsage(hosted.sessionId);
    expect(usage).toMatchObject({ sessionId: hosted.sessionId, relayFrames: 0, relayBytes: 0 });
    const refused = await guest.getSessionUsage(hosted.sessionId).catch((e: unknown) => e);
    expect(refused).toMatchObject({ status: 403, code: "not_session_host" });
    await host.removeSession(hosted.sessionId);
  });

  it("creates a lobby that a second player joins by its code", async () => {
    const [ada, bob] = [client(), client()];
    await ada.signInGuest({ deviceId: newDeviceId(), name: "ada" });
    await bob.signInGuest({ deviceId: newDeviceId(), name: "bob" });
    const { lobby } = await ada.createLobby({ settings: { maxPlayers: 2 } });
    expect(lobby.settings.maxPlayers).toBe(2);
    const joined = await bob.joinLobby(lobby.code);
    expect(joined.lobby.members.map((m) => m.name)).toEqual(["ada", "bob"]);
    expect((await ada.getLobby(lobby.code)).lobby.members).toHaveLength(2);
  });

  it("refreshes an expired access token once and completes the call", async () => {
    const first = client();
    const session = await first.signInGuest({ deviceId: newDeviceId() });
    // An access token that ran out an hour ago, beside the session's live refresh token.
    const expired = await mintAccessToken(session.accountId, session.roles, {
      now: Date.now() - 3_600_000,
    });
    const saved: unknown[] = [];
    const ip = randomIp();
    const http = createHttpClient({
      baseUrl: "http://edgetick.test",
      fetch: (url, init) =>
        exports.default.fetch(url, {
          ...init,
          headers: { ...init.headers, "CF-Connecting-IP": ip },
        }),
      session: { ...session, accessToken: expired },
      onSession: (s) => saved.push(s),
    });
    expect((await http.getAccount()).accountId).toBe(session.accountId);
    expect(saved).toHaveLength(1);
    expect(http.session?.refreshToken).not.toBe(session.refreshToken);
  });
});
