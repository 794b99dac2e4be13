// Spectators through the real Worker and GameRoom: who may watch (any signed-in account at a
// public room, a spectator ticket's holder at a private one), that a spectator holds no seat
// and shows in room info and session search, and that its socket is marked a spectator's for
// a restarted object to re-attach.
import { runInDurableObject } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { RoomInfo } from "../../durable-objects/game-room/game-room.js";
import { ARENA_SCHEMA } from "../../games/arena/index.js";
import { CLOSE } from "../../shared/protocol/close-codes.js";
import { eventually } from "./eventually.js";
import { RoomSocket } from "./room-socket.js";
import { call, mintJoinTicket, signInGuest, signInWithRoles } from "./sign-in.js";

const ARENA = { name: "arena", fingerprint: ARENA_SCHEMA.fingerprint };

async function info(roomId: string): Promise<RoomInfo> {
  const res = await exports.default.fetch(`http://edgetick.test/v1/rooms/${roomId}`);
  expect(res.status).toBe(200);
  return (await res.json()) as RoomInfo;
}

/** Opens a socket to `roomId` and says hello as a spectator with `token`. */
async function spectate(roomId: string, token: string): Promise<RoomSocket> {
  const socket = await RoomSocket.open(roomId);
  socket.hello("watcher", token, "", ARENA, "spectator");
  return socket;
}

/** The row of `roomId` in session search as `token` sees it. */
async function searched(roomId: string, token: string) {
  const res = await call("GET", "/v1/sessions?game=arena&limit=100", token);
  const page = (await res.json()) as {
    sessions: { sessionId: string; players: number; spectators: number }[];
  };
  return page.sessions.find((s) => s.sessionId === roomId);
}

describe("spectators", () => {
  it("watch a public room with any signed-in account's access token, holding no seat", async () => {
    const ada = await RoomSocket.join("spec-open", "ada");
    const eve = await signInGuest("eve");
    const watcher = await spectate("spec-open", eve.accessToken);
    const welcome = await watcher.next("spectator-welcome");
    expect(welcome).toMatchObject({ roomId: "spec-open", tickRate: 30 });
    expect(watcher.all("welcome")).toEqual([]);
    const room = await info("spec-open");
    expect(room.players.map((p) => p.name)).toEqual(["ada"]);
    expect(room.spectators).toBe(1);
    // The delayed broadcast stream reaches it, with the player's ship in it.
    const seen = await watcher.snapshot((s) => s.ships.length === 1, 10_000);
    expect(seen.tick).toBeLessThan(ada.snapshots.at(-1)!.tick);
    watcher.close();
    await eventually(async () => (await info("spec-open")).spectators === 0, "the count drops");
    ada.close();
  });

  it("are counted in session search beside the players", async () => {
    const ada = await RoomSocket.join("spec-search", "ada");
    const [eve, cy] = await Promise.all(["eve", "cy"].map((n) => signInGuest(n)));
    const watchers = [await spectate("spec-search", eve.accessToken)];
    watchers.push(await spectate("spec-search", cy.accessToken));
    for (const w of watchers) await w.next("spectator-welcome");
    // Joins and leaves are written within a second (debounced).
    const row = await eventually(async () => {
      const r = await searched("spec-search", eve.accessToken);
      return r?.spectators === 2 ? r : undefined;
    }, "search shows two spectators");
    expect(row).toMatchObject({ players: 1, spectators: 2 });
    watchers[0]!.close();
    await eventually(
      async () => (await searched("spec-search", eve.accessToken))?.spectators === 1,
      "search shows one spectator",
    );
    watchers[1]!.close();
    ada.close();
  });

  it("watch a private room with a spectator ticket, beside its seated players", async () => {
    const ada = await signInGuest("ada");
    const mod = await signInWithRoles(["player", "moderator"]);
    const roomId = "lobby-SPEC-1";
    const res = await env.GAME_ROOM.get(env.GAME_ROOM.idFromName(roomId)).fetch(
      "https://room.internal/configure",
      {
        method: "POST",
        headers: { "X-Edgetick-Room": roomId, "Content-Type": "application/json" },
        body: JSON.stringify({
          game: "arena",
          access: "ticket",
          capacity: 2,
          members: [ada.accountId],
          origin: "lobby",
        }),
      },
    );
    expect(res.status).toBe(200);
    await res.arrayBuffer();
    const player = await RoomSocket.join(
      roomId,
      "ada",
      await mintJoinTicket(ada.accountId, roomId),
    );
    const ticket = (await (
      await call("POST", `/v1/rooms/${roomId}/spectator-tickets`, mod.accessToken)
    ).json()) as { ticket: string };
    const watcher = await spectate(roomId, ticket.ticket);
    await watcher.next("spectator-welcome");
    expect(await info(roomId)).toMatchObject({ spectators: 1, capacity: 2 });
    expect((await info(roomId)).players).toHaveLength(1);
    watcher.close();
    player.close();
  });

  it("are marked on their sockets, which a restarted object re-attaches from", async () => {
    // A ticking room is never evicted with its sockets kept (its timer keeps it awake, and a
    // forced eviction closes them), so the restart is seen where it reads: the attachments
    // the platform keeps with each hibernatable socket, which the constructor re-attaches by.
    const roomId = "spec-marked";
    const ada = await RoomSocket.join(roomId, "ada");
    const eve = await signInGuest("eve");
    const watcher = await spectate(roomId, eve.accessToken);
    await watcher.next("spectator-welcome");
    const stub = env.GAME_ROOM.get(env.GAME_ROOM.idFromName(roomId));
    const kept = await runInDurableObject(stub, (_room, state) =>
      state.getWebSockets().map((ws) => ws.deserializeAttachment() as Record<string, unknown>),
    );
    const [player, spectator] = [...kept].sort(
      (a, b) => Number(!!a.spectator) - Number(!!b.spectator),
    );
    expect(player).toMatchObject({ playerId: 1, name: "ada" });
    expect(player!.spectator).toBeUndefined();
    expect(spectator).toMatchObject({ spectator: true, accountId: eve.accountId });
    expect(spectator!.playerId).toBeUndefined();
    const admin = await signInWithRoles(["admin"]);
    const inspected = (await (
      await call("GET", `/v1/admin/rooms/${roomId}`, admin.accessToken)
    ).json()) as { spectators: number; pendingConnections: number; players: unknown[] };
    expect(inspected).toMatchObject({ spectators: 1, pendingConnections: 0 });
    expect(inspected.players).toHaveLength(1);
    // A spectator has no seat to steer: an input closes it.
    watcher.sendInputs(0, [1]);
    const closed = await watcher.closedWithin();
    expect(closed.code).toBe(CLOSE.UNEXPECTED_MESSAGE.code);
    expect(closed.reason).toContain("spectators send no input");
    ada.close();
  });
});
