import { describe, expect, it } from "vitest";
import { RoomSocket } from "./room-socket.js";
import { call, signInGuest, signInWithRoles } from "./sign-in.js";

type Who = "anonymous" | "player" | "moderator" | "admin";

/** Every privileged route, with whether each role may call it. */
interface Case {
  readonly route: string;
  readonly allowed: readonly Who[];
  /** Makes the request for a token (target state is prepared per call). */
  readonly send: (token: string | undefined) => Promise<Response>;
}

const ADMIN: Who[] = ["admin"];
const STAFF: Who[] = ["moderator", "admin"];

async function cases(): Promise<Case[]> {
  const target = await signInGuest("target");
  const id = target.accountId;
  // Kicks and mutes need someone in the room: seat a fresh player before each call.
  const seat = async (room: string) => {
    const s = await RoomSocket.join(room, "seat");
    return s.all("welcome")[0]!.playerId;
  };
  // The zone runs once somebody joined the world there (ada-75 spawns in zone 0.0).
  await call("POST", "/v1/worlds/rbac-world/join", target.accessToken, { name: "ada-75" });
  return [
    {
      route: "GET /v1/admin/rooms",
      allowed: ADMIN,
      send: (t) => call("GET", "/v1/admin/rooms", t),
    },
    {
      route: "GET /v1/admin/costs",
      allowed: ADMIN,
      send: (t) => call("GET", "/v1/admin/costs?groupBy=day", t),
    },
    {
      route: "GET /v1/admin/metrics",
      allowed: ADMIN,
      send: (t) => call("GET", "/v1/admin/metrics?minutes=5", t),
    },
    {
      route: "GET /v1/admin/flagged",
      allowed: ADMIN,
      send: (t) => call("GET", "/v1/admin/flagged?limit=5", t),
    },
    {
      route: "GET /v1/admin/rooms/:roomId",
      allowed: ADMIN,
      send: async (t) => {
        const s = await signInGuest("inspected");
        (await RoomSocket.join("rbac", "inspected", s.accessToken)).close();
        return call("GET", "/v1/admin/rooms/rbac", t);
      },
    },
    {
      route: "POST /v1/admin/rooms/:roomId/kick",
      allowed: ADMIN,
      send: async (t) => {
        const s = await signInGuest("kickee");
        await RoomSocket.join("rbac-admin-kick", "kickee", s.accessToken);
        return call("POST", "/v1/admin/rooms/rbac-admin-kick/kick", t, {
          accountId: s.accountId,
          reason: "rbac",
        });
      },
    },
    {
      route: "GET /v1/admin/players",
      allowed: ADMIN,
      send: (t) => call("GET", "/v1/admin/players?limit=5", t),
    },
    {
      route: "GET /v1/admin/players/:accountId",
      allowed: ADMIN,
      send: (t) => call("GET", `/v1/admin/players/${id}`, t),
    },
    {
      route: "POST /v1/admin/players/:accountId/ban",
      allowed: ADMIN,
      send: (t) => call("POST", `/v1/admin/players/${id}/ban`, t, { reason: "rbac", durationS: 1 }),
    },
    {
      route: "DELETE /v1/admin/players/:accountId/ban",
      allowed: ADMIN,
      send: (t) => call("DELETE", `/v1/admin/players/${id}/ban`, t),
    },
    {
      route: "PUT /v1/admin/players/:accountId/roles",
      allowed: ADMIN,
      send: (t) => call("PUT", `/v1/admin/players/${id}/roles`, t, { roles: ["player"] }),
    },
    {
      route: "GET /v1/admin/worlds/:worldId/zones/:zoneId",
      allowed: ADMIN,
      send: (t) => call("GET", "/v1/admin/worlds/rbac-world/zones/0.0", t),
    },
    {
      route: "POST /v1/rooms/:roomId/players/:playerId/kick",
      allowed: STAFF,
      send: async (t) =>
        call("POST", `/v1/rooms/rbac-kick/players/${await seat("rbac-kick")}/kick`, t, {
          reason: "rbac",
        }),
    },
    {
      route: "POST /v1/rooms/:roomId/players/:playerId/mute",
      allowed: STAFF,
      send: async (t) =>
        call("POST", `/v1/rooms/rbac-mute/players/${await seat("rbac-mute")}/mute`, t, {
          muted: true,
        }),
    },
  ];
}

describe("RBAC matrix", () => {
  it("gives every role × privileged route the expected answer: 401 anonymous, 403 unprivileged, 2xx allowed", async () => {
    const tokens: Record<Who, string | undefined> = {
      anonymous: undefined,
      player: (await signInGuest("p")).accessToken,
      moderator: (await signInWithRoles(["player", "moderator"])).accessToken,
      admin: (await signInWithRoles(["admin"])).accessToken,
    };
    const table: string[] = [];
    const expected: string[] = [];
    for (const c of await cases()) {
      for (const who of Object.keys(tokens) as Who[]) {
        const res = await c.send(tokens[who]);
        const got = res.status;
        const want = who === "anonymous" ? "401" : c.allowed.includes(who) ? "2xx" : "403";
        table.push(`${c.route} as ${who}: ${got >= 200 && got < 300 ? "2xx" : String(got)}`);
        expected.push(`${c.route} as ${who}: ${want}`);
      }
    }
    expect(table).toEqual(expected);
    // Four roles × every route, each a request or two: over 5 s on a busy machine.
  }, 30_000);
});
