// Interest management through the GameRoom Durable Object: the arena's setViewRadius RPC
// zooms one player's view (a far ship leaves its mirror as out of view, its own ship stays,
// the far one comes back with its current state), an away player's ship is hidden from the
// others until it resumes, and a bad argument is answered without disturbing anyone.
import { describe, expect, it } from "vitest";
import {
  ARENA_BUTTON,
  ARENA_RPCS,
  ARENA_VIEW_RADIUS,
  spawnPoint,
} from "../../games/arena/index.js";
import { ByteWriter } from "../../shared/codec/byte-writer.js";
import { RPC_OP, RPC_STATUS, RpcClient, type RpcIncoming } from "../../shared/rpc/index.js";
import { type AppliedSnapshot, RoomSocket } from "./room-socket.js";
import { signInGuest } from "./sign-in.js";

type Result = Extract<RpcIncoming<typeof ARENA_RPCS.declarations>, { type: "result" }>;

type Client = RpcClient<typeof ARENA_RPCS.declarations>;

/**
 * Sends `frame`, a CALL `client` wrote with call id `callId`, from `socket` and waits for its
 * RESULT (decoded by the same client, which knows what the call was).
 */
async function answer(
  socket: RoomSocket,
  client: Client,
  frame: Uint8Array,
  callId: number,
): Promise<Result> {
  // The client forgets a call once it has read its answer: read each frame once.
  let result: Result | undefined;
  socket.send(frame);
  await socket.next("rpc", (m) => {
    if (m.frame[0] !== RPC_OP.RESULT || m.frame[1]! + (m.frame[2]! << 8) !== callId) return false;
    const read = client.read(m.frame);
    if (read.ok && read.value.type === "result") result = read.value;
    return true;
  });
  return result!;
}

/** Calls setViewRadius from `socket` and waits for its RESULT. */
function setViewRadius(socket: RoomSocket, rpc: Client, radius: number): Promise<Result> {
  const w = new ByteWriter();
  const callId = rpc.writeCall("setViewRadius", { radius }, w);
  return answer(socket, rpc, w.toBytes(), callId);
}

const owners = (s: AppliedSnapshot) => s.ships.map((ship) => ship.owner);
const latest = (socket: RoomSocket) => socket.snapshots.at(-1)!.tick;

describe("GameRoom interest", () => {
  it("zooms one player's view: the far ship leaves, its own stays, and the far one re-enters in full", async () => {
    const ada = await RoomSocket.join("interest-zoom", "ada");
    const bob = await RoomSocket.join("interest-zoom", "bob");
    await ada.snapshot((s) => s.ships.length === 2);
    // The spawn points of players 1 and 2 are 372 units apart: outside the smallest view.
    const [p1, p2] = [spawnPoint(1), spawnPoint(2)];
    expect(Math.hypot(p1.x - p2.x, p1.y - p2.y)).toBeGreaterThan(ARENA_VIEW_RADIUS.MIN);
    const rpc = new RpcClient(ARENA_RPCS);

    const zoomed = await setViewRadius(ada, rpc, 0);
    // Clamped to the smallest radius, and answered with it.
    expect(zoomed).toMatchObject({ status: RPC_STATUS.OK, value: { radius: 100 } });
    const since = latest(ada);
    const gone = await ada.snapshot((s) => s.tick > since && s.ships.length === 1);
    expect(owners(gone)).toEqual([1]);
    // Out of view, not despawned: the update said LEFT.
    expect(gone.left).toBe(1);
    // Only ada's view changed: bob still holds both ships.
    expect(owners(await bob.stateAfter(gone.tick))).toEqual([1, 2]);

    // bob backs away from the centre (up: it spawned facing down) while ada cannot see it;
    // 20 ticks of half thrust move it about 50 units.
    bob.sendInputs(0, Array(20).fill(ARENA_BUTTON.REVERSE));
    await bob.snapshot((s) => s.ackSeq === 19 && s.ships[1]!.y < p2.y - 40);
    const dark = latest(ada);
    const meanwhile = ada.snapshots.filter((s) => s.tick > gone.tick && s.tick <= dark);
    expect(meanwhile.every((s) => owners(s).join() === "1")).toBe(true);

    expect(await setViewRadius(ada, rpc, 2000)).toMatchObject({ value: { radius: 2000 } });
    const back = await ada.snapshot((s) => s.tick > dark && s.ships.length === 2);
    // bob's ship re-entered with its state of that tick, as bob's own mirror has it.
    const same = await bob.snapshot((s) => s.tick === back.tick);
    expect(back.ships).toEqual(same.ships);
    // Not where ada last saw it (its spawn point).
    expect(back.ships[1]!.y).toBeLessThan(p2.y - 40);
    ada.close();
    bob.close();
  });

  it("hides a dropped player's ship from the others until that player resumes", async () => {
    const bobToken = (await signInGuest("bob")).accessToken;
    const ada = await RoomSocket.join("interest-away", "ada");
    const bob = await RoomSocket.join("interest-away", "bob", bobToken);
    await ada.snapshot((s) => s.ships.length === 2);
    const resume = bob.all("welcome")[0]!.resumeToken;

    bob.drop();
    await ada.next("player-status", (m) => m.playerId === 2 && !m.connected);
    // Hidden as the room heard the drop: from the next tick on.
    const since = latest(ada);
    const hidden = await ada.snapshot((s) => s.tick > since);
    expect(owners(hidden)).toEqual([1]);
    expect(hidden.left).toBe(1);

    const back = await RoomSocket.join("interest-away", "bob", bobToken, resume);
    expect(back.all("welcome")[0]).toMatchObject({ playerId: 2, resumed: true });
    const shown = await ada.snapshot((s) => s.tick > hidden.tick && s.ships.length === 2);
    expect(owners(shown)).toEqual([1, 2]);
    // The returning player's fresh mirror holds the same state.
    expect((await back.snapshot((s) => s.tick === shown.tick)).ships).toEqual(shown.ships);
    expect(ada.all("player-left")).toEqual([]);
    ada.close();
    back.close();
  });

  it("answers a bad setViewRadius argument with an RPC error and disturbs no one", async () => {
    const ada = await RoomSocket.join("interest-bad", "ada");
    const bob = await RoomSocket.join("interest-bad", "bob");
    await ada.snapshot((s) => s.ships.length === 2);
    const rpc = new RpcClient(ARENA_RPCS);
    const w = new ByteWriter();
    // The radius is a u16: one byte of it is truncated, three carry a trailing byte.
    const short = rpc.writeCall("setViewRadius", { radius: 100 }, w);
    const truncated = w.toBytes().slice(0, -1);
    w.reset();
    const long = rpc.writeCall("setViewRadius", { radius: 100 }, w);
    w.u8(0);
    const trailing = w.toBytes();
    for (const [frame, callId] of [
      [truncated, short],
      [trailing, long],
    ] as const) {
      expect(await answer(ada, rpc, frame, callId)).toMatchObject({
        status: RPC_STATUS.BAD_ARGUMENTS,
        name: "setViewRadius",
      });
    }
    // Nobody closed, and ada's radius is untouched: both keep seeing both ships.
    const since = Math.max(latest(ada), latest(bob));
    expect(owners(await ada.snapshot((s) => s.tick > since + 2))).toEqual([1, 2]);
    expect(owners(await bob.snapshot((s) => s.tick > since + 2))).toEqual([1, 2]);
    expect([...ada.all("rpc"), ...bob.all("rpc")]).toHaveLength(2);
    ada.close();
    bob.close();
  });
});
