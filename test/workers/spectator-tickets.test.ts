// Spectator tickets through the real Worker and GameRoom: who may get one (anyone at a public
// room; at a private room its members, moderators and admins), and that the two kinds of
// ticket never stand in for each other — a spectator ticket never seats a player, a join
// ticket never admits a spectator — while a join ticket still seats its player.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ARENA_SCHEMA } from "../../games/arena/index.js";
import { loadKeyRing, signSpectatorTicket } from "../../server/auth/index.js";
import { CLOSE } from "../../shared/protocol/close-codes.js";
import { RoomSocket } from "./room-socket.js";
import { call, mintJoinTicket, signInGuest, signInWithRoles } from "./sign-in.js";

const ARENA = { name: "arena", fingerprint: ARENA_SCHEMA.fingerprint };

/** Makes `roomId` a private arena duel room for `members`, as a lobby would. */
async function privateRoom(roomId: string, members: string[]): Promise<void> {
  const res = await env.GAME_ROOM.get(env.GAME_ROOM.idFromName(roomId)).fetch(
    "https://room.internal/configure",
    {
      method: "POST",
      headers: { "X-Edgetick-Room": roomId, "Content-Type": "application/json" },
      body: JSON.stringify({
        game: "arena",
        access: "ticket",
        capacity: 2,
        members,
        origin: "lobby",
      }),
    },
  );
  expect(res.status).toBe(200);
  await res.arrayBuffer();
}

/** POST /v1/rooms/:roomId/spectator-tickets as `token`: the status and the body. */
async function askTicket(roomId: string, token: string) {
  const res = await call("POST", `/v1/rooms/${roomId}/spectator-tickets`, token);
  return {
    status: res.status,
    body: (await res.json()) as {
      ticket?: string;
      roomId?: string;
      expiresAt?: number;
      error?: { code: string };
    },
  };
}

/** Says hello as `role` with `token` and answers the close code (0: welcomed as either). */
async function hello(roomId: string, token: string, role: "player" | "spectator") {
  const socket = await RoomSocket.open(roomId);
  socket.hello("someone", token, "", ARENA, role);
  const outcome = await Promise.race([
    socket.closedWithin(),
    socket.next("welcome").then(() => ({ code: 0, reason: "welcomed" })),
    socket.next("spectator-welcome").then(() => ({ code: 0, reason: "watching" })),
  ]);
  if (outcome.code === 0) socket.close();
  return outcome;
}

describe("spectator tickets", () => {
  it("are minted for anyone signed in at a public room, for a minute, for that room", async () => {
    const player = await RoomSocket.join("spt-public", "ada");
    const eve = await signInGuest("eve");
    const before = Date.now();
    const { status, body } = await askTicket("spt-public", eve.accessToken);
    expect(status).toBe(200);
    expect(body.roomId).toBe("spt-public");
    expect(body.expiresAt! - before).toBeLessThanOrEqual(60_000);
    expect(body.expiresAt! - before).toBeGreaterThan(55_000);
    player.close();
  });

  it("at a private room are minted for its members, moderators and admins, 403 for strangers", async () => {
    const [ada, eve] = await Promise.all(["ada", "eve"].map((n) => signInGuest(n)));
    const mod = await signInWithRoles(["player", "moderator"]);
    const admin = await signInWithRoles(["admin"]);
    await privateRoom("lobby-SPT-1", [ada.accountId]);
    for (const who of [ada, mod, admin])
      expect((await askTicket("lobby-SPT-1", who.accessToken)).status).toBe(200);
    const refused = await askTicket("lobby-SPT-1", eve.accessToken);
    expect([refused.status, refused.body.error?.code]).toEqual([403, "not_invited"]);
    const missing = await askTicket("lobby-NOBODY-1", eve.accessToken);
    expect([missing.status, missing.body.error?.code]).toEqual([404, "room_not_found"]);
  });

  it("never seat a player (4104), and a join ticket never admits a spectator (4104)", async () => {
    const ada = await signInGuest("ada");
    await privateRoom("lobby-SPT-2", [ada.accountId]);
    const { body } = await askTicket("lobby-SPT-2", ada.accessToken);
    const asPlayer = await hello("lobby-SPT-2", body.ticket!, "player");
    expect(asPlayer.code).toBe(CLOSE.WRONG_AUDIENCE.code);
    const join = await mintJoinTicket(ada.accountId, "lobby-SPT-2");
    const asSpectator = await hello("lobby-SPT-2", join, "spectator");
    expect(asSpectator.code).toBe(CLOSE.WRONG_AUDIENCE.code);
    // The join ticket path is unchanged: it seats its player.
    expect(await hello("lobby-SPT-2", join, "player")).toEqual({ code: 0, reason: "welcomed" });
  });

  it("are refused at another room (4105) or expired (4103), and a private room wants one rather than an access token (4108)", async () => {
    const ada = await signInGuest("ada");
    await privateRoom("lobby-SPT-3", [ada.accountId]);
    await privateRoom("lobby-SPT-4", [ada.accountId]);
    const { body } = await askTicket("lobby-SPT-3", ada.accessToken);
    expect((await hello("lobby-SPT-4", body.ticket!, "spectator")).code).toBe(
      CLOSE.WRONG_ROOM.code,
    );
    const plain = await hello("lobby-SPT-4", ada.accessToken, "spectator");
    expect(plain.code).toBe(CLOSE.TICKET_REQUIRED.code);
    expect(plain.reason).toContain("spectator ticket");
    // An expired one is refused like any expired credential.
    const ring = await loadKeyRing(env.AUTH_KEYS);
    const subject = { accountId: ada.accountId, roles: ["player"] };
    const expired = await signSpectatorTicket(ring, subject, "lobby-SPT-4", {
      now: Date.now() - 3_600_000,
      ttlS: 60,
    });
    expect((await hello("lobby-SPT-4", expired, "spectator")).code).toBe(
      CLOSE.EXPIRED_CREDENTIALS.code,
    );
  });
});
