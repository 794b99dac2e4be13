// State budgets through the GameRoom Durable Object: a client's RATE holds its SNAPSHOTs to
// that many bytes a second while the others get every change, its mirror still holds every
// ship and converges once the arena is quiet; a client that stops acknowledging has its rate
// cut and wins it back when it acknowledges again. Operators see each rate in the admin
// inspect route.
import { describe, expect, it } from "vitest";
import { ARENA_BUTTON } from "../../games/arena/index.js";
import { type AppliedSnapshot, RoomSocket } from "./room-socket.js";
import { call, signInWithRoles } from "./sign-in.js";

/** Circling at full speed: the heading and the velocity change every tick. */
const CIRCLE = ARENA_BUTTON.THRUST | ARENA_BUTTON.LEFT;

/**
 * A client's input loop: every 100 ms an INPUT with the held buttons, acknowledging the
 * mirror's tick (or `frozenAck`), as the client package sends them batched. The room repeats
 * the last input on the ticks between.
 */
class Pilot {
  buttons: number = CIRCLE;
  /** Set: every INPUT acknowledges this tick instead of the mirror's. */
  frozenAck: number | undefined;
  #seq = 0;
  readonly #timer: ReturnType<typeof setInterval>;

  constructor(readonly socket: RoomSocket) {
    this.#timer = setInterval(() => this.send(), 100);
  }

  /** Sends the next INPUT now. */
  send(): void {
    this.socket.sendInputs(this.#seq++, [this.buttons], this.frozenAck);
  }

  stop(): void {
    clearInterval(this.#timer);
  }
}

interface Inspected {
  players: { playerId: number; bytesPerSecond: number }[];
}

/** Each player's state rate in force, from the admin inspect route. */
async function rates(roomId: string, adminToken: string): Promise<Map<number, number>> {
  const res = await call("GET", `/v1/admin/rooms/${roomId}`, adminToken);
  expect(res.status).toBe(200);
  const room = (await res.json()) as Inspected;
  return new Map(room.players.map((p) => [p.playerId, p.bytesPerSecond]));
}

/** The first tick `socket` receives after the room handled everything it sent so far. */
async function afterBarrier(socket: RoomSocket, id: number): Promise<number> {
  socket.ping(id);
  const pong = await socket.next("pong", (m) => m.clientTime === id);
  // Frames are handled in order and the PONG is sent as the PING is: every SNAPSHOT after
  // it was written by a later tick.
  const before = socket.messages.slice(0, socket.messages.indexOf(pong));
  const k = before.filter((m) => m.type === "snapshot").length;
  return (await socket.snapshot((s) => socket.snapshots.indexOf(s) >= k)).tick;
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
/** SNAPSHOT bytes received for ticks in [from, to]. */
const bytesIn = (s: AppliedSnapshot[], from: number, to: number) =>
  sum(s.filter((x) => x.tick >= from && x.tick <= to).map((x) => x.bytes));
/** How many snapshots in `window` changed each ship's heading (not predicted on the wire). */
function headingUpdates(window: AppliedSnapshot[]): Map<number, number> {
  const n = new Map<number, number>();
  for (let i = 1; i < window.length; i++) {
    for (const ship of window[i]!.ships) {
      const before = window[i - 1]!.ships.find((x) => x.owner === ship.owner);
      if (before?.heading !== ship.heading) n.set(ship.owner, (n.get(ship.owner) ?? 0) + 1);
    }
  }
  return n;
}

const PLAYERS = 16;
const ROOM_RATE = 65_536;

describe("GameRoom state budgets", () => {
  it("holds a client to its RATE, keeps every ship in its mirror and converges once quiet", async () => {
    const room = "budget-rate";
    const admin = await signInWithRoles(["admin"]);
    const sockets: RoomSocket[] = [];
    for (let i = 0; i < PLAYERS; i++) sockets.push(await RoomSocket.join(room, `p${i + 1}`));
    const [wide, thin] = [sockets[0]!, sockets[1]!];
    const pilots = sockets.map((s) => new Pilot(s));
    await thin.snapshot((s) => s.ships.length === PLAYERS);

    thin.rate(1024);
    const from = await afterBarrier(thin, 1);
    const all = [...Array(PLAYERS).keys()].map((i) => i + 1);
    expect(await rates(room, admin.accessToken)).toEqual(
      new Map(all.map((id) => [id, id === 2 ? 1024 : ROOM_RATE])),
    );

    // Two seconds of every ship circling.
    const to = from + 59;
    await thin.snapshot((s) => s.tick >= to, 5000);
    await wide.snapshot((s) => s.tick >= to, 5000);
    const thinWindow = thin.snapshots.filter((s) => s.tick >= from && s.tick <= to);
    // Any 30 ticks: a second of credits (1024) plus the quarter second the bucket saves (256),
    // plus one update's header and list counts (9 bytes in the arena) that may run a debt.
    for (let t = from; t + 29 <= to; t++)
      expect(bytesIn(thin.snapshots, t, t + 29)).toBeLessThanOrEqual(1024 + 256 + 9);
    // 16 circling ships: the uncapped client gets well over twice the cap (protocol 9 codes a
    // circling ship in fewer bytes than 8 a tick, so 12 no longer made twice).
    expect(bytesIn(wide.snapshots, from, to)).toBeGreaterThan(
      2 * bytesIn(thin.snapshots, from, to),
    );
    // Every ship stays in the capped mirror and keeps being updated, near or far.
    expect(thinWindow.every((s) => s.ships.length === PLAYERS)).toBe(true);
    // About 25 bytes of state a tick fit, ~3–4 ship updates: each of the 16 ships
    // every ~4 ticks, nearest and longest-waiting first; none waits out the two seconds.
    const updates = headingUpdates(thinWindow);
    for (const id of all) expect(updates.get(id) ?? 0).toBeGreaterThanOrEqual(6);

    // Everyone lets go: drag stops the ships within 5 s, then the capped mirror catches up
    // exactly with what the uncapped one holds.
    for (const p of pilots) p.buttons = 0;
    const rest = await wide.snapshot(
      (s) => s.tick > to && s.ships.every((x) => x.vx === 0 && x.vy === 0),
      8000,
    );
    const caught = await thin.snapshot(
      (s) => s.tick >= rest.tick && JSON.stringify(s.ships) === JSON.stringify(rest.ships),
      5000,
    );
    expect(caught.ships).toEqual(rest.ships);
    for (const p of pilots) p.stop();
    for (const s of sockets) s.close();
  }, 30_000);

  it("cuts the rate of a client that stops acknowledging and restores it when it acknowledges again", async () => {
    const room = "budget-stall";
    const admin = await signInWithRoles(["admin"]);
    const ada = await RoomSocket.join(room, "ada");
    const bob = await RoomSocket.join(room, "bob");
    const pilots = [new Pilot(ada), new Pilot(bob)];
    await afterBarrier(bob, 1);
    await afterBarrier(bob, 2);
    expect(await rates(room, admin.accessToken)).toEqual(
      new Map([
        [1, ROOM_RATE],
        [2, ROOM_RATE],
      ]),
    );

    // bob keeps steering but acknowledges nothing newer than what it holds now.
    pilots[1]!.frozenAck = bob.snapshots.at(-1)!.tick;
    const stalled = await afterBarrier(bob, 3);
    // The first halving once its lag passes a second (30 ticks), three more 8 ticks apart (a
    // quarter second is 7.5): 1/16 of the rate 31 + 3 × 8 = 55 ticks after its last ack.
    await ada.snapshot((s) => s.tick >= stalled + 75, 5000);
    expect(await rates(room, admin.accessToken)).toEqual(
      new Map([
        [1, ROOM_RATE],
        [2, ROOM_RATE / 16],
      ]),
    );

    pilots[1]!.frozenAck = undefined;
    pilots[1]!.send();
    const back = await afterBarrier(bob, 4);
    // Acknowledging again: 1/60 of the rate back per tick, from 1/16 to all of it in
    // ⌈(15/16) × 60⌉ = 57 ticks.
    await ada.snapshot((s) => s.tick >= back + 70, 5000);
    expect(await rates(room, admin.accessToken)).toEqual(
      new Map([
        [1, ROOM_RATE],
        [2, ROOM_RATE],
      ]),
    );
    for (const p of pilots) p.stop();
    ada.close();
    bob.close();
  }, 30_000);
});
