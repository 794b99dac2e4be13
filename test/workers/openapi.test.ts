import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";

const ROUTES = [
  "GET /v1/health",
  "POST /v1/auth/guest",
  "POST /v1/auth/oidc",
  "POST /v1/auth/refresh",
  "POST /v1/auth/logout",
  "GET /v1/auth/jwks",
  "GET /v1/games",
  "GET /v1/players/me",
  "GET /v1/players/me/data/{key}",
  "PUT /v1/players/me/data/{key}",
  "GET /v1/rooms/{roomId}/ws",
  "GET /v1/rooms/{roomId}",
  "POST /v1/rooms/{roomId}/tickets",
  "POST /v1/rooms/{roomId}/spectator-tickets",
  "POST /v1/rooms/{roomId}/players/{playerId}/kick",
  "POST /v1/rooms/{roomId}/players/{playerId}/mute",
  "GET /v1/admin/rooms",
  "GET /v1/admin/rooms/{roomId}",
  "GET /v1/admin/rooms/{roomId}/stats",
  "POST /v1/admin/rooms/{roomId}/kick",
  "GET /v1/admin/players",
  "GET /v1/admin/players/{accountId}",
  "POST /v1/admin/players/{accountId}/ban",
  "DELETE /v1/admin/players/{accountId}/ban",
  "PUT /v1/admin/players/{accountId}/roles",
  "GET /v1/admin/flagged",
  "GET /v1/admin/flagged/{accountId}",
  "DELETE /v1/admin/flagged/{accountId}",
  "GET /v1/admin/costs",
  "GET /v1/admin/metrics",
  "GET /v1/admin/worlds/{worldId}/zones/{zoneId}",
  "GET /v1/regions",
  "GET /v1/regions/{regionId}/ping",
  "GET /v1/sessions",
  "POST /v1/sessions",
  "POST /v1/sessions/{sessionId}/heartbeat",
  "DELETE /v1/sessions/{sessionId}",
  "POST /v1/sessions/join-or-create",
  "POST /v1/sessions/{sessionId}/join",
  "GET /v1/sessions/{sessionId}/signal",
  "GET /v1/sessions/{sessionId}/usage",
  "POST /v1/matchmaking/tickets",
  "GET /v1/matchmaking/tickets/{ticketId}",
  "DELETE /v1/matchmaking/tickets/{ticketId}",
  "POST /v1/parties",
  "GET /v1/parties/me",
  "DELETE /v1/parties/me",
  "POST /v1/parties/me/invites",
  "GET /v1/parties/invites",
  "POST /v1/parties/join",
  "POST /v1/lobbies",
  "GET /v1/lobbies/{code}",
  "POST /v1/lobbies/{code}/members",
  "DELETE /v1/lobbies/{code}/members/me",
  "GET /v1/lobbies/{code}/ws",
  "GET /v1/replays",
  "GET /v1/replays/{replayId}",
  "GET /v1/replays/{replayId}/chunks/{index}",
  "GET /v1/costs/estimate",
  "GET /v1/worlds/{worldId}",
  "POST /v1/worlds/{worldId}/join",
  "GET /v1/worlds/{worldId}/zones/{zoneId}/ws",
  "GET /v1/worlds/{worldId}/chat",
  "POST /v1/worlds/{worldId}/chat",
];

interface OpenApi {
  openapi: string;
  paths: Record<string, Record<string, { security?: unknown; responses: Record<string, unknown> }>>;
}

describe("GET /v1/openapi.json", () => {
  it("describes every /v1 route, with bearer security on the routes that need a token", async () => {
    const res = await exports.default.fetch("http://edgetick.test/v1/openapi.json");
    expect(res.status).toBe(200);
    const doc = (await res.json()) as OpenApi;
    expect(doc.openapi).toBe("3.1.0");
    const listed = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(listed.sort()).toEqual([...ROUTES].sort());
    expect(doc.paths["/v1/players/me"]?.get?.security).toEqual([{ bearer: [] }]);
    expect(doc.paths["/v1/auth/guest"]?.post?.security).toBeUndefined();
  });
});

describe("GET /docs", () => {
  it("renders every route with an example in one page that loads nothing from elsewhere", async () => {
    const res = await exports.default.fetch("http://edgetick.test/docs");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toMatch(/^text\/html/);
    const html = await res.text();
    for (const route of ROUTES) {
      const [method, path] = route.split(" ");
      expect(html).toContain(`${method}</span> <code>${path}</code>`);
    }
    expect(html).toContain("&quot;deviceId&quot;: &quot;b1f0e6c2a4d94e8f9a7c3b5d2e1f0a9c&quot;");
    expect(html).not.toMatch(/<script|https?:\/\/(?!127\.0\.0\.1)[^"<]*\.(js|css)/);
  });
});
