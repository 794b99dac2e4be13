// Typed RPC through the GameRoom Durable Object: the arena's emote (reliable) and map marker
// (unreliable, both directions), called by one client and delivered to every client; unknown
// RPCs and bad arguments answered with errors while the connection and the room carry on.
import { describe, expect, it } from "vitest";
import { ARENA_RPCS } from "../../games/arena/index.js";
import { ByteWriter } from "../../shared/codec/byte-writer.js";
import { RPC_STATUS, RpcClient, type RpcIncoming } from "../../shared/rpc/index.js";
import { RoomSocket } from "./room-socket.js";

type Incoming = RpcIncoming<typeof ARENA_RPCS.declarations>;

/** The RPC frames `socket` received so far, decoded by `client`. */
function rpcs(socket: RoomSocket, client: RpcClient<typeof ARENA_RPCS.declarations>): Incoming[] {
  return socket.all("rpc").map((m) => {
    const read = client.read(m.frame);
    if (!read.ok) throw new Error(read.error);
    return read.value;
  });
}

describe("GameRoom typed RPC", () => {
  it("delivers one player's emote to every player and answers the caller", async () => {
    const a = await RoomSocket.join("rpc-emote", "ada");
    const b = await RoomSocket.join("rpc-emote", "bob");
    const ca = new RpcClient(ARENA_RPCS);
    const cb = new RpcClient(ARENA_RPCS);
    const w = new ByteWriter();
    const callId = ca.writeCall("emote", { kind: "gg" }, w);
    a.send(w.toBytes());
    await b.next("rpc");
    // The RESULT (type byte 0x47) comes after the event the handler emitted.
    await a.next("rpc", (m) => m.frame[0] === 0x47);
    const emoted = { type: "event", name: "emoted", args: { player: 1, kind: "gg" } };
    expect(rpcs(b, cb)).toEqual([emoted]);
    expect(rpcs(a, ca)).toMatchObject([
      emoted,
      { type: "result", callId, name: "emote", status: RPC_STATUS.OK },
    ]);
    a.close();
    b.close();
  });

  it("carries an unreliable map marker both ways: the call to the room and its event to everyone", async () => {
    const a = await RoomSocket.join("rpc-mark", "ada");
    const b = await RoomSocket.join("rpc-mark", "bob");
    const ca = new RpcClient(ARENA_RPCS);
    const cb = new RpcClient(ARENA_RPCS);
    const w = new ByteWriter();
    // x beyond the 1600-unit arena: the room pulls the marker to its edge.
    const callId = ca.writeCall("mark", { x: 2000, y: 300 }, w);
    a.send(w.toBytes());
    await b.next("rpc");
    await a.next("rpc", (m) => m.frame[0] === 0x47);
    const marked = { type: "event", name: "marked", args: { player: 1, x: 1600, y: 300 } };
    expect(rpcs(b, cb)).toEqual([marked]);
    expect(rpcs(a, ca)).toMatchObject([
      marked,
      { type: "result", callId, name: "mark", status: RPC_STATUS.OK },
    ]);
    a.close();
    b.close();
  });

  it("answers an unknown RPC and bad arguments with errors and keeps the player", async () => {
    const a = await RoomSocket.join("rpc-bad", "ada");
    const client = new RpcClient(ARENA_RPCS);
    // rpc id 9 does not exist; emote (id 0) with kind 7 of 3.
    a.send(Uint8Array.of(0x04, 0x09, 0x01, 0x00));
    a.send(Uint8Array.of(0x04, 0x00, 0x02, 0x00, 0x07));
    await a.next("rpc", () => a.all("rpc").length >= 2);
    expect(rpcs(a, client)).toMatchObject([
      { type: "result", callId: 1, status: RPC_STATUS.UNKNOWN_RPC },
      { type: "result", callId: 2, status: RPC_STATUS.BAD_ARGUMENTS },
    ]);
    // Still in the room: snapshots keep coming.
    const tick = a.snapshots.at(-1)?.tick ?? -1;
    await a.snapshot((s) => s.tick > tick + 2);
    a.close();
  });
});
