// Fuzzing the other decoders of untrusted bytes and text (issue 19): the lobby protocol both
// ways, RPC CALL frames and arguments, peer signaling, relay and mesh frames, replay chunks
// and manifests. Each answers a Result (or zod's safeParse verdict) for any input and never
// throws.
import fc from "fast-check";
import { describe, it } from "vitest";
import { ARENA_RPCS } from "../../games/arena/index.js";
import { fuzzBytes, fuzzParams, fuzzText, hostileJson, isResult } from "../../test/support/fuzz.js";
import { CLIENT_SEEDS } from "../../test/support/fuzz-seeds.js";
import { recordMatch } from "../../test/support/room/recorded-match.js";
import { ByteWriter } from "../codec/byte-writer.js";
import { decodeLobbyClientMessage, decodeLobbyServerMessage } from "../lobby/lobby-protocol.js";
import { decodeReplayChunk } from "../replay/replay-chunk-decoder.js";
import { decodeReplayManifest, parseReplayManifest } from "../replay/replay-manifest.js";
import { readArgs } from "../rpc/rpc-arg-codec.js";
import { readCall } from "../rpc/rpc-frames.js";
import {
  decodeMeshMessage,
  encodeMeshAck,
  encodeMeshHandover,
  encodeMeshHello,
  encodeMeshVoice,
} from "./mesh-messages.js";
import { decodeRelayFrame, encodeRelayFrame } from "./relay-frame.js";
import { SignalClientMessage, SignalServerMessage } from "./signal-messages.js";

const LOBBY_SEEDS = [
  JSON.stringify({ type: "hello", token: "t".repeat(40) }),
  JSON.stringify({ type: "ready", ready: true }),
  JSON.stringify({ type: "settings", settings: { mode: "duel", private: true } }),
  JSON.stringify({ type: "kick", accountId: "acct_1234" }),
  JSON.stringify({ type: "chat", text: "gg" }),
  JSON.stringify({ type: "latencies", latencies: { "eu-west": 30 } }),
  JSON.stringify({ type: "start" }),
  JSON.stringify({ type: "state", lobby: { code: "ABCD", members: [] } }),
];

const SIGNAL_SEEDS = [
  JSON.stringify({ type: "signal", to: 2, data: { kind: "offer", sdp: "v=0" } }),
  JSON.stringify({
    type: "signal",
    to: 2,
    data: { kind: "candidate", candidate: "candidate:1 1 udp 1 127.0.0.1 9 typ host" },
  }),
  JSON.stringify({
    type: "welcome",
    peerId: 1,
    roster: [{ peerId: 1, playerId: 1 }],
    iceServers: [],
  }),
];

function frame(write: (w: ByteWriter) => void): Uint8Array {
  const w = new ByteWriter();
  write(w);
  return w.toBytes();
}

const MESH_SEEDS = [
  frame((w) => encodeMeshHello(w, { peerId: 3, game: "arena", schema: 0x1234_5678 })),
  frame((w) => encodeMeshAck(w, 99)),
  frame((w) => encodeMeshHandover(w, 2)),
  frame((w) =>
    encodeMeshVoice(w, {
      seq: 7,
      channel: 2,
      end: false,
      payload: Uint8Array.of(0xf8, 0xff, 0xfe),
    }),
  ),
  frame((w) => encodeMeshVoice(w, { seq: 8, channel: 2, end: true, payload: new Uint8Array() })),
];

const RELAY_SEEDS = [
  encodeRelayFrame(2, false, CLIENT_SEEDS[0]!),
  encodeRelayFrame(65_535, true, CLIENT_SEEDS[2]!),
];

const accepts = (schema: { safeParse(v: unknown): { success: boolean } }, text: string) => {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return true; // not JSON: the socket answers that before any schema
  }
  return typeof schema.safeParse(value).success === "boolean";
};

describe("decoders of untrusted input under fuzzing", () => {
  it("lobby frames, both ways", () => {
    fc.assert(
      fc.property(
        fuzzText(LOBBY_SEEDS),
        (text) =>
          isResult(decodeLobbyClientMessage(text)) && isResult(decodeLobbyServerMessage(text)),
      ),
      fuzzParams(),
    );
  });

  it("RPC CALL frames and every client-to-server argument list of the arena", () => {
    const calls = CLIENT_SEEDS.filter((b) => readCall(b).ok);
    const schemas = Object.values(ARENA_RPCS.declarations).map((d) => d.args);
    fc.assert(
      fc.property(fuzzBytes(calls), fc.nat({ max: schemas.length - 1 }), (bytes, i) => {
        const call = readCall(bytes);
        if (!isResult(call)) return false;
        return isResult(readArgs(schemas[i]!, call.ok ? call.value.args : bytes));
      }),
      fuzzParams(),
    );
  });

  it("peer signaling messages", () => {
    fc.assert(
      fc.property(
        fuzzText(SIGNAL_SEEDS),
        (text) => accepts(SignalClientMessage, text) && accepts(SignalServerMessage, text),
      ),
      fuzzParams(),
    );
  });

  it("relay and mesh frames", () => {
    fc.assert(
      fc.property(
        fuzzBytes([...MESH_SEEDS, ...RELAY_SEEDS]),
        (bytes) => isResult(decodeMeshMessage(bytes)) && isResult(decodeRelayFrame(bytes)),
      ),
      fuzzParams(),
    );
  });

  it("replay chunks and manifests", () => {
    const match = recordMatch(90);
    const manifest = JSON.stringify(match.manifest);
    fc.assert(
      fc.property(fuzzBytes(match.chunks.slice(0, 3)), (bytes) =>
        isResult(decodeReplayChunk(bytes)),
      ),
      fuzzParams(Math.ceil(fuzzParams().numRuns! / 5)),
    );
    fc.assert(
      fc.property(
        fuzzText([manifest]),
        hostileJson(),
        (text, value) =>
          isResult(parseReplayManifest(text)) && isResult(decodeReplayManifest(value)),
      ),
      fuzzParams(),
    );
  });
});
