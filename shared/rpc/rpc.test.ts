import { describe, expect, expectTypeOf, it } from "vitest";
import { ByteWriter } from "../codec/byte-writer.js";
import { World } from "../world/world.js";
import { readArgs, writeArgs } from "./rpc-arg-codec.js";
import { arg } from "./rpc-args.js";
import { RpcClient } from "./rpc-client.js";
import { RPC_STATUS } from "./rpc-frames.js";
import { RpcServer } from "./rpc-server.js";
import { defineRpcs, type RpcArgs } from "./rpc-table.js";

const EMOTES = ["wave", "cheer", "taunt"] as const;

const rpcs = defineRpcs({
  emote: {
    direction: "client-to-server",
    args: { kind: arg.enumOf(EMOTES) },
    rateLimit: { perSecond: 2, burst: 2 },
  },
  say: {
    direction: "client-to-server",
    args: { text: arg.string(16), loud: arg.bool },
    result: { accepted: arg.bool, length: arg.u8 },
  },
  fire: { direction: "client-to-server", args: { angle: arg.f64 }, delivery: "unreliable" },
  emoted: { direction: "server-to-client", args: { player: arg.u16, kind: arg.enumOf(EMOTES) } },
});

function setup() {
  const seen: string[] = [];
  const server = new RpcServer(rpcs, {
    emote: ({ playerId }, { kind }) => {
      seen.push(`${playerId}:${kind}`);
    },
    say: (_call, { text, loud }) => ({ accepted: !loud, length: text.length }),
    fire: ({ playerId }, { angle }) => {
      if (angle > 100) throw new Error("out of range");
      seen.push(`${playerId} fired`);
    },
  });
  const receive_ = (playerId: number, frame: Uint8Array, now: number, out: ByteWriter) =>
    server.receive(playerId, frame, now, WORLD, out);
  return {
    server: { receive_, writeEvent: server.writeEvent.bind(server) },
    client: new RpcClient(rpcs),
    seen,
  };
}

const WORLD = new World({ capacity: 8 });

function bytes(w: ByteWriter): Uint8Array {
  return w.view().slice();
}

describe("typed RPC", () => {
  it("runs a client call on the server and answers with the declared result type", () => {
    const { server, client } = setup();
    const w = new ByteWriter();
    const callId = client.writeCall("say", { text: "gg", loud: false }, w);
    const out = new ByteWriter();
    expect(server.receive_(7, bytes(w), 0, out)).toBe(RPC_STATUS.OK);
    const answer = client.read(bytes(out));
    expect(answer).toEqual({
      ok: true,
      value: {
        type: "result",
        callId,
        name: "say",
        status: RPC_STATUS.OK,
        value: { accepted: true, length: 2 },
        error: undefined,
      },
    });
    const result = client.resultOf("say", answer.ok ? answer.value : undefined);
    expectTypeOf(result).toEqualTypeOf<{ accepted: boolean; length: number }>();
  });

  it("infers argument types from the declarations", () => {
    expectTypeOf<RpcArgs<typeof rpcs.declarations, "emote">>().toEqualTypeOf<{
      kind: "wave" | "cheer" | "taunt";
    }>();
    expectTypeOf<RpcArgs<typeof rpcs.declarations, "say">>().toEqualTypeOf<{
      text: string;
      loud: boolean;
    }>();
  });

  it("pins the CALL bytes: [0x04][rpcId][callId u16][args]", () => {
    const client = new RpcClient(rpcs);
    const w = new ByteWriter();
    client.writeCall("emote", { kind: "taunt" }, w);
    // Sorted names: emote 0, emoted 1, fire 2, say 3. callId 1; "taunt" is index 2.
    expect([...w.view()]).toEqual([0x04, 0x00, 0x01, 0x00, 0x02]);
  });

  it("delivers a server event to the client with typed arguments", () => {
    const { server, client } = setup();
    const w = new ByteWriter();
    server.writeEvent("emoted", { player: 3, kind: "cheer" }, w);
    expect([...w.view()]).toEqual([0x48, 0x01, 0x03, 0x00, 0x01]);
    expect(client.read(bytes(w))).toEqual({
      ok: true,
      value: { type: "event", name: "emoted", args: { player: 3, kind: "cheer" } },
    });
  });

  it("answers an unknown RPC, a server-only RPC and bad arguments with an error, and runs nothing", () => {
    const { server, client, seen } = setup();
    const cases: [number[], number][] = [
      [[0x04, 0x09, 0x05, 0x00], RPC_STATUS.UNKNOWN_RPC], // no rpc 9
      [[0x04, 0x01, 0x05, 0x00, 0x03, 0x00, 0x00], RPC_STATUS.UNKNOWN_RPC], // emoted is server→client
      [[0x04, 0x00, 0x05, 0x00, 0x03], RPC_STATUS.BAD_ARGUMENTS], // enum index 3 of 3
      [[0x04, 0x00, 0x05, 0x00], RPC_STATUS.BAD_ARGUMENTS], // missing argument
      [[0x04, 0x00, 0x05, 0x00, 0x01, 0x00], RPC_STATUS.BAD_ARGUMENTS], // trailing byte
      [[0x04, 0x03, 0x05, 0x00, 0x01, 0x41, 0x02], RPC_STATUS.BAD_ARGUMENTS], // bool 2
      [[0x04, 0x03, 0x05, 0x00, 17, ...new Array(17).fill(0x41), 0x00], RPC_STATUS.BAD_ARGUMENTS], // 17 > 16 bytes
      [[0x04, 0x03, 0x05, 0x00, 0x01, 0xff, 0x00], RPC_STATUS.BAD_ARGUMENTS], // bad UTF-8
      [[0x04, 0x02, 0x05, 0x00, 0, 0, 0, 0, 0, 0, 0xf8, 0x7f], RPC_STATUS.BAD_ARGUMENTS], // NaN
      [[0x04, 0x00], RPC_STATUS.BAD_ARGUMENTS], // truncated header
    ];
    // One player per case, so no case meets the emote rate limit (2 in a burst).
    for (const [k, [frame, status]] of cases.entries()) {
      const out = new ByteWriter();
      expect(server.receive_(100 + k, Uint8Array.from(frame), 0, out)).toBe(status);
      const answer = client.read(bytes(out));
      expect(answer.ok && answer.value.type === "result" && answer.value.status).toBe(status);
    }
    expect(seen).toEqual([]);
    // The accepted neighbours of the refused boundaries.
    const out = new ByteWriter();
    expect(server.receive_(1, Uint8Array.from([0x04, 0x00, 0x05, 0x00, 0x02]), 0, out)).toBe(
      RPC_STATUS.OK,
    );
    const sixteen = [0x04, 0x03, 0x05, 0x00, 16, ...new Array(16).fill(0x41), 0x00];
    expect(server.receive_(1, Uint8Array.from(sixteen), 0, out.reset())).toBe(RPC_STATUS.OK);
  });

  it("answers a throwing handler with HANDLER_FAILED and keeps serving", () => {
    const { server, client, seen } = setup();
    const w = new ByteWriter();
    client.writeCall("fire", { angle: 500 }, w);
    const out = new ByteWriter();
    expect(server.receive_(2, bytes(w), 0, out)).toBe(RPC_STATUS.HANDLER_FAILED);
    const answer = client.read(bytes(out));
    expect(answer.ok && answer.value.type === "result" && answer.value.error).toBe(
      "fire: out of range",
    );
    client.writeCall("fire", { angle: 1 }, w.reset());
    expect(server.receive_(2, bytes(w), 0, out.reset())).toBe(RPC_STATUS.OK);
    expect(seen).toEqual(["2 fired"]);
  });

  it("rate-limits each player's calls of an RPC to its declared rate", () => {
    const { server, client, seen } = setup();
    const w = new ByteWriter();
    const out = new ByteWriter();
    const statuses: number[] = [];
    // burst 2, 2/s: at t=0 two pass, the third is refused; 500 ms later one more token.
    for (const [player, now] of [
      [1, 0],
      [1, 0],
      [1, 0],
      [2, 0],
      [1, 500],
    ] as const) {
      client.writeCall("emote", { kind: "wave" }, w.reset());
      statuses.push(server.receive_(player, bytes(w), now, out.reset()));
    }
    expect(statuses).toEqual([0, 0, RPC_STATUS.RATE_LIMITED, 0, 0]);
    expect(seen).toEqual(["1:wave", "1:wave", "2:wave", "1:wave"]);
  });

  it("refuses to encode arguments outside their schema (our own code is wrong)", () => {
    const w = new ByteWriter();
    expect(() => writeArgs({ t: arg.string(2) }, { t: "long" }, w)).toThrow("longer than 2");
    expect(readArgs({ a: arg.u16 }, Uint8Array.from([1, 0]))).toEqual({
      ok: true,
      value: { a: 1 },
    });
  });
});
