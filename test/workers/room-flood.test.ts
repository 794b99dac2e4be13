// Floods issue 19 tried against one room: crowds of sockets that never join, pinging. They
// are refused at the door or closed at their first frame, and the players keep playing.
import { describe, expect, it } from "vitest";
import { CLOSE } from "../../shared/protocol/close-codes.js";
import { RoomSocket } from "./room-socket.js";
import { signInGuest } from "./sign-in.js";

describe("a room under a flood of sockets that never join", () => {
  it("closes the 17th unjoined socket of one address with 4011, and takes another address's", async () => {
    const room = "flood-door";
    (await RoomSocket.join(room, "ada")).close();
    const crowd: RoomSocket[] = [];
    for (let i = 0; i < 16; i++) crowd.push(await RoomSocket.open(room, undefined, "203.0.113.7"));
    const over = await RoomSocket.open(room, undefined, "203.0.113.7");
    const closed = await over.closed;
    expect(closed.code).toBe(CLOSE.TOO_MANY_PENDING.code);
    expect(closed.reason).toContain("from your address");
    // Another address still gets in and plays.
    const bob = await RoomSocket.open(room, undefined, "198.51.100.9");
    bob.hello("bob", (await signInGuest("bob")).accessToken);
    await bob.next("welcome");
    // One of the crowd leaving frees its place for its address.
    crowd[0]!.close();
    await crowd[0]!.closed;
    const again = await RoomSocket.open(room, undefined, "203.0.113.7");
    again.ping(1);
    expect((await again.closed).code).toBe(CLOSE.UNEXPECTED_MESSAGE.code);
    for (const s of crowd) s.drop();
    bob.close();
  });

  it("closes 32 unjoined sockets sending 200 pings each at their first, and the players keep playing", async () => {
    const room = "flood-pings";
    const ada = await RoomSocket.join(room, "ada");
    const bob = await RoomSocket.join(room, "bob");
    const crowd: RoomSocket[] = [];
    for (let i = 0; i < 32; i++)
      crowd.push(await RoomSocket.open(room, undefined, `203.0.113.${i % 2}`));
    for (const s of crowd) for (let p = 0; p < 200; p++) s.ping(p);
    const closes = await Promise.all(crowd.map((s) => s.closed));
    expect(new Set(closes.map((c) => c.code))).toEqual(new Set([CLOSE.UNEXPECTED_MESSAGE.code]));
    for (const s of crowd) expect(s.messages.filter((m) => m.type === "pong")).toEqual([]);
    // The players were never cut and still get state. Ten ticks take a third of a second on
    // a quiet machine; the workerd process also drains the 6,400 frames in flight, which on
    // a busy machine (load 12) took over 3 s. The flood this guards against froze the room
    // for ~13 s, so 10 s still tells a frozen room from a slow machine.
    const tick = ada.snapshots.at(-1)?.tick ?? 0;
    await ada.snapshot((s) => s.tick > tick + 10, 10_000);
    await bob.snapshot((s) => s.tick > tick + 10, 10_000);
    ada.ping(1);
    await ada.next("pong");
    ada.close();
    bob.close();
  });
});

describe("one access token in one room", () => {
  it("holds one seat: joining again takes it over (4302 to the earlier socket), never a second", async () => {
    const room = "flood-seats";
    const { accessToken } = await signInGuest("mallory");
    const first = await RoomSocket.join(room, "m1", accessToken);
    const joined = first.messages.find((m) => m.type === "welcome");
    const sockets: RoomSocket[] = [];
    for (let i = 0; i < 5; i++) sockets.push(await RoomSocket.join(room, `m${i + 2}`, accessToken));
    expect((await first.closed).code).toBe(CLOSE.REPLACED.code);
    const last = sockets.at(-1)!;
    const welcome = last.messages.find((m) => m.type === "welcome");
    expect(welcome).toMatchObject({
      playerId: (joined as { playerId: number }).playerId,
      resumed: true,
    });
    // Everyone else still finds a seat.
    const ada = await RoomSocket.join(room, "ada");
    const adaWelcome = ada.messages.find((m) => m.type === "welcome");
    expect(adaWelcome).toMatchObject({ resumed: false });
    ada.close();
    last.close();
  });
});
