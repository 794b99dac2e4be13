// Zoned worlds through the Worker inside workerd: joining places a player in a zone (made in
// its region on first use) with a ticket its socket accepts, a zone at its cap is refused with
// zone_full, zones admit no bare access token, and the world's chat and description come
// from its WorldState object.
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { WORLD_SCHEMA, WORLD_ZONE_SEATS, worldGame } from "../../games/world/index.js";
import { spawnZone } from "../../server/worlds/spawn-zone.js";
import { ByteWriter } from "../../shared/codec/byte-writer.js";
import { encodeHello } from "../../shared/protocol/client-messages.js";
import { CLOSE } from "../../shared/protocol/close-codes.js";
import { decodeServerMessage } from "../../shared/protocol/server-messages.js";
import { ZoneGrid } from "../../shared/zones/zone-grid.js";
import { call, signInGuest } from "./sign-in.js";

interface Placement {
  worldId: string;
  zoneId: string;
  game: string;
  ticket: string;
  socketPath: string;
  region: string;
}

const grid = new ZoneGrid(worldGame.zones.grid);

async function join(worldId: string, token: string, body: unknown): Promise<Response> {
  return call("POST", `/v1/worlds/${worldId}/join`, token, body);
}

/** Opens `path`, says HELLO with `token` as a world client; resolves with the first answer. */
async function hello(path: string, token: string): Promise<{ type: string } | { code: number }> {
  const res = await exports.default.fetch(`http://edgetick.test${path}`, {
    headers: { Upgrade: "websocket" },
  });
  const ws = res.webSocket;
  if (!ws) throw new Error(`no WebSocket: ${res.status} ${await res.text()}`);
  ws.accept();
  ws.binaryType = "arraybuffer";
  const answer = new Promise<{ type: string } | { code: number }>((resolve) => {
    ws.addEventListener("message", (e) => {
      const m = decodeServerMessage(new Uint8Array(e.data as ArrayBuffer));
      if (m.ok && m.value.type === "welcome") resolve({ type: "welcome" });
    });
    ws.addEventListener("close", (e) => resolve({ code: e.code }));
  });
  const w = new ByteWriter();
  const game = { game: "world", schema: WORLD_SCHEMA.fingerprint };
  encodeHello(w, { ...game, name: "ada-75", token, resume: "", role: "player" });
  ws.send(w.toBytes());
  const first = await answer;
  ws.close(1000, "test done");
  return first;
}

describe("/v1/worlds", () => {
  it("places a player in its spawn zone with a ticket its socket accepts, and describes the world", async () => {
    const ada = await signInGuest("ada");
    const res = await join("meadow", ada.accessToken, { name: "ada-75", region: "weur" });
    expect(res.status).toBe(200);
    const placed = (await res.json()) as Placement;
    // ada-75 spawns at (310, 110): zone 0.0.
    expect(placed).toMatchObject({
      worldId: "meadow",
      zoneId: "0.0",
      game: "world",
      region: "weur",
      socketPath: "/v1/worlds/meadow/zones/0.0/ws",
    });
    expect(await hello(placed.socketPath, placed.ticket)).toEqual({ type: "welcome" });
    const info = await call("GET", "/v1/worlds/meadow", undefined);
    expect(info.status).toBe(200);
    expect(await info.json()).toMatchObject({
      worldId: "meadow",
      game: "world",
      grid: { columns: 4, rows: 4, zoneWidth: 400, zoneHeight: 400 },
      capacityPerZone: WORLD_ZONE_SEATS,
      clock: { rate: 60 },
    });
  });

  it("refuses a player whose spawn zone is at its cap with 409 zone_full and admits one spawning elsewhere", async () => {
    const bob = await signInGuest("bob");
    expect((await join("crowded", bob.accessToken, { name: "ada-75" })).status).toBe(200);
    // Zone 0.0 reports a full house to the world (as its load report would).
    await env.WORLD_STATE!.get(env.WORLD_STATE!.idFromName("crowded")).apply({
      zoneId: "0.0",
      run: "test",
      seq: 1,
      visits: [],
      chat: [],
      load: { zoneId: "0.0", players: WORLD_ZONE_SEATS, tickP99Ms: 1, region: "weur", at: 0 },
    });
    const full = await join("crowded", bob.accessToken, { name: "ada-75" });
    expect(full.status).toBe(409);
    expect(((await full.json()) as { error: { code: string } }).error.code).toBe("zone_full");
    const elsewhere = ["bob", "cy", "di", "eve"].find(
      (n) => spawnZone(worldGame, grid, n) !== "0.0",
    )!;
    const placed = (await (
      await join("crowded", bob.accessToken, { name: elsewhere })
    ).json()) as Placement;
    expect(placed.zoneId).toBe(spawnZone(worldGame, grid, elsewhere));
  });

  it("closes a zone socket whose HELLO carries a bare access token with 4108", async () => {
    const cy = await signInGuest("cy");
    const placed = (await (
      await join("strict", cy.accessToken, { name: "ada-75" })
    ).json()) as Placement;
    expect(await hello(placed.socketPath, cy.accessToken)).toEqual({
      code: CLOSE.TICKET_REQUIRED.code,
    });
  });

  it("answers 400 to a join without the player's name and 404 for a world nobody joined", async () => {
    const di = await signInGuest("di");
    const res = await join("small", di.accessToken, {});
    expect(res.status).toBe(400);
    expect((await call("GET", "/v1/worlds/nobody-here", undefined)).status).toBe(404);
  });

  it("numbers world chat lines and reads them after a seq", async () => {
    const eve = await signInGuest("eve");
    await join("chatty", eve.accessToken, { name: "eve" });
    for (const text of ["hello", "anyone here?"]) {
      const res = await call("POST", "/v1/worlds/chatty/chat", eve.accessToken, {
        name: "eve",
        text,
      });
      expect(res.status).toBe(200);
    }
    const page = await call("GET", "/v1/worlds/chatty/chat?after=1", undefined);
    expect(await page.json()).toMatchObject({
      lines: [{ seq: 2, name: "eve", text: "anyone here?" }],
      chatSeq: 2,
    });
  });
});
