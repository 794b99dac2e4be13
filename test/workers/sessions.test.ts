import { describe, expect, it } from "vitest";
import { RoomSocket } from "./room-socket.js";
import { call, signInGuest } from "./sign-in.js";

interface Page {
  sessions: {
    sessionId: string;
    players: number;
    capacity: number;
    region: string | null;
    properties: Record<string, unknown>;
  }[];
  next: string | null;
}

async function register(token: string, body: object) {
  const res = await call("POST", "/v1/sessions", token, {
    kind: "listen",
    players: 1,
    capacity: 4,
    ...body,
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { sessionId: string };
}

async function search(token: string, query: string): Promise<Page> {
  const res = await call("GET", `/v1/sessions?${query}`, token);
  expect(res.status).toBe(200);
  return (await res.json()) as Page;
}

describe("session search", () => {
  it("filters by mode, region, space and properties, sorts by players and paginates", async () => {
    const host = await signInGuest("host");
    const t = host.accessToken;
    const a = await register(t, {
      mode: "ss-race",
      region: "weur",
      players: 3,
      properties: { map: "oval", ranked: true },
    });
    const b = await register(t, {
      mode: "ss-race",
      region: "weur",
      players: 4,
      capacity: 4,
      properties: { map: "oval" },
    });
    const c = await register(t, {
      mode: "ss-race",
      region: "enam",
      players: 1,
      properties: { map: "hills", laps: 3 },
    });
    await register(t, { mode: "ss-other", region: "weur" });
    const all = await search(t, "mode=ss-race");
    expect(all.sessions.map((s) => s.sessionId)).toEqual([b.sessionId, a.sessionId, c.sessionId]);
    expect(
      (await search(t, "mode=ss-race&region=weur&hasSpace=true")).sessions.map((s) => s.sessionId),
    ).toEqual([a.sessionId]);
    expect(
      (await search(t, "mode=ss-race&prop.map=oval&prop.ranked=true")).sessions.map(
        (s) => s.sessionId,
      ),
    ).toEqual([a.sessionId]);
    expect((await search(t, "mode=ss-race&prop.laps=3")).sessions.map((s) => s.sessionId)).toEqual([
      c.sessionId,
    ]);
    const first = await search(t, "mode=ss-race&limit=2&sort=players&order=asc");
    expect(first.sessions.map((s) => s.sessionId)).toEqual([c.sessionId, a.sessionId]);
    expect(first.next).toBe("2");
    const second = await search(t, "mode=ss-race&limit=2&sort=players&order=asc&cursor=2");
    expect(second).toEqual({
      sessions: [expect.objectContaining({ sessionId: b.sessionId })],
      next: null,
    });
    const bad = await call("GET", "/v1/sessions?prop.a$b=1", t);
    expect(bad.status).toBe(400);
  });

  it("keeps a hosted session alive with heartbeats, only for its host, and removes it", async () => {
    const host = await signInGuest("host");
    const other = await signInGuest("other");
    const { sessionId } = await register(host.accessToken, { mode: "ss-hb", region: "weur" });
    const beat = await call("POST", `/v1/sessions/${sessionId}/heartbeat`, host.accessToken, {
      players: 2,
    });
    expect(((await beat.json()) as { players: number }).players).toBe(2);
    expect(
      (await call("POST", `/v1/sessions/${sessionId}/heartbeat`, other.accessToken, {})).status,
    ).toBe(404);
    expect((await call("DELETE", `/v1/sessions/${sessionId}`, host.accessToken)).status).toBe(204);
    expect((await search(host.accessToken, "mode=ss-hb")).sessions).toEqual([]);
  });

  it("join-or-create creates a room in the caller's region, then sends the next player to it", async () => {
    const ada = await signInGuest("ada");
    const bob = await signInGuest("bob");
    const body = { mode: "ss-jc", region: "apac", properties: { map: "moon" }, capacity: 2 };
    const first = (await (
      await call("POST", "/v1/sessions/join-or-create", ada.accessToken, body)
    ).json()) as {
      created: boolean;
      regionId: string;
      joinTicket: { ticket: string; roomId: string };
    };
    expect(first).toMatchObject({ created: true, regionId: "apac" });
    const second = (await (
      await call("POST", "/v1/sessions/join-or-create", bob.accessToken, body)
    ).json()) as typeof first;
    expect(second).toMatchObject({
      created: false,
      joinTicket: { roomId: first.joinTicket.roomId },
    });
    // The room registers itself on its first player, keeping its creator's region and capacity.
    const room = await RoomSocket.join(first.joinTicket.roomId, "ada", first.joinTicket.ticket);
    // The registry writes within its 1 s debounce: poll for it rather than sleep.
    let row: Page["sessions"][number] | undefined;
    for (let i = 0; i < 60 && row?.players !== 1; i++) {
      await new Promise((r) => setTimeout(r, 50));
      [row] = (await search(ada.accessToken, "mode=ss-jc")).sessions;
    }
    expect(row).toMatchObject({
      sessionId: first.joinTicket.roomId,
      region: "apac",
      players: 1,
      capacity: 2,
    });
    room.close();
  });
});
