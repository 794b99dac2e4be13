// Server → client messages: encoders for the room, a hostile-input decoder for the client.
// Byte layouts are in docs/protocol.md; golden vectors in server-messages.test.ts pin them.

import { ByteReader } from "../codec/byte-reader.js";
import type { ByteWriter } from "../codec/byte-writer.js";
import { err, ok, type Result } from "../codec/result.js";
import { SERVER_OP } from "./opcodes.js";
import {
  readSnapshotHeader,
  SNAPSHOT_HEADER_BYTES,
  type SnapshotHeader,
} from "./snapshot-header.js";
import {
  type RelayedVoiceMessage,
  readVoiceFrame,
  readVoiceState,
  type VoiceStateMessage,
} from "./voice-messages.js";

/**
 * Accepts a HELLO: `[0x41][version u16][playerId u16][tickRate u8][tick u32]
 * [serverTime f64][roomId str8][resumed u8][resumeToken str8]`.
 */
export interface WelcomeMessage {
  readonly type: "welcome";
  readonly version: number;
  /** This connection's player id, unique in the room while it lives. */
  readonly playerId: number;
  /** The room's fixed simulation rate, in Hz. */
  readonly tickRate: number;
  /** The tick the room simulates next (ticks count from 0): the first SNAPSHOT has at least this. */
  readonly tick: number;
  /** Server clock in milliseconds (Unix epoch) when sent. */
  readonly serverTime: number;
  readonly roomId: string;
  /** 1: the HELLO's resume token got back its earlier player (same id, same entities). */
  readonly resumed: boolean;
  /** Present it in the HELLO of a reconnection within the room's grace period. */
  readonly resumeToken: string;
}

/**
 * Accepts a spectator's HELLO: `[0x49][version u16][tickRate u8][tick u32][serverTime f64]
 * [roomId str8][delayTicks u16][keyframeTicks u16]`. No player id, no resume token: a
 * spectator has no avatar and nothing to resume. SNAPSHOTs of the room's broadcast stream
 * follow once a keyframe at or before `tick − 1 − delayTicks` exists (ackSeq NO_INPUT_ACK,
 * inputBuffer 0: the same bytes for every spectator), then that tick's RPC events.
 */
export interface SpectatorWelcomeMessage {
  readonly type: "spectator-welcome";
  readonly version: number;
  /** The room's fixed simulation rate, in Hz. */
  readonly tickRate: number;
  /** The tick the room simulates next; the spectator sees ticks `delayTicks` behind it. */
  readonly tick: number;
  /** Server clock in milliseconds (Unix epoch) when sent. */
  readonly serverTime: number;
  readonly roomId: string;
  /** How many ticks behind the live room the spectator's stream runs (spectatorDelayMs). */
  readonly delayTicks: number;
  /** Ticks between keyframes (FULL states) of the broadcast stream. */
  readonly keyframeTicks: number;
}

/**
 * World state after a tick: `[0x42][ackSeq u32][inputBuffer i8][update …]`. `ackSeq` is the
 * last input sequence of this player the tick applied (0xFFFFFFFF: none yet); `inputBuffer`
 * says how early this player's inputs arrive; the update is the replication core's
 * bit-packed full state or delta (docs/replication.md), which carries the tick.
 */
export interface SnapshotMessage {
  readonly type: "snapshot";
  readonly ackSeq: number;
  /**
   * Input timing, in ticks. n ≥ 0: this tick applied a fresh input and n more were already
   * queued behind it (the inputs arrive n ticks early). −n: this tick found no new input
   * and repeated the last one, for the n-th tick in a row (the inputs arrive late).
   * Clamped to [−128, 127]; 0 before the first input.
   */
  readonly inputBuffer: number;
  /** The replication update, a view into the frame. */
  readonly update: Uint8Array;
}

/** Another player entered: `[0x43][playerId u16][name str8]`. */
export interface PlayerJoinedMessage {
  readonly type: "player-joined";
  readonly playerId: number;
  readonly name: string;
}

/** A player left: `[0x44][playerId u16]`. */
export interface PlayerLeftMessage {
  readonly type: "player-left";
  readonly playerId: number;
}

/**
 * A player's link dropped or came back: `[0x46][playerId u16][connected u8]`. A
 * disconnected player's entities stay in the world for the room's grace period; after it
 * a PLAYER_LEFT follows.
 */
export interface PlayerStatusMessage {
  readonly type: "player-status";
  readonly playerId: number;
  readonly connected: boolean;
}

/** Answers a PING: `[0x45][clientTime u32][serverTime f64]`. */
export interface PongMessage {
  readonly type: "pong";
  readonly clientTime: number;
  readonly serverTime: number;
}

/** Any message the server sends. */
export type ServerMessage =
  | WelcomeMessage
  | SpectatorWelcomeMessage
  | SnapshotMessage
  | PlayerJoinedMessage
  | PlayerLeftMessage
  | PlayerStatusMessage
  | PongMessage
  | RpcFrameMessage
  | RelayedVoiceMessage
  | VoiceStateMessage;

/**
 * A typed-RPC frame, RESULT `[0x47 …]` or EVENT `[0x48 …]`: its layout depends on the game's
 * RPC declarations, so it is passed whole to shared/rpc's RpcClient, which validates it.
 */
export interface RpcFrameMessage {
  readonly type: "rpc";
  readonly frame: Uint8Array;
}

// The SNAPSHOT header has its own module (read in place, per tick); re-exported for importers.
export { SNAPSHOT_HEADER_BYTES, writeSnapshotHeader } from "./snapshot-header.js";

/** `ackSeq` before any input was applied. */
export const NO_INPUT_ACK = 0xffff_ffff;

/** Writes a WELCOME. */
export function encodeWelcome(w: ByteWriter, m: Omit<WelcomeMessage, "type">): void {
  w.u8(SERVER_OP.WELCOME).u16(m.version).u16(m.playerId).u8(m.tickRate).u32(m.tick);
  w.f64(m.serverTime)
    .str8(m.roomId)
    .u8(m.resumed ? 1 : 0)
    .str8(m.resumeToken);
}

/** Writes a SPECTATOR_WELCOME. */
export function encodeSpectatorWelcome(
  w: ByteWriter,
  m: Omit<SpectatorWelcomeMessage, "type">,
): void {
  w.u8(SERVER_OP.SPECTATOR_WELCOME).u16(m.version).u8(m.tickRate).u32(m.tick).f64(m.serverTime);
  w.str8(m.roomId).u16(m.delayTicks).u16(m.keyframeTicks);
}

/** Writes a PLAYER_JOINED. */
export function encodePlayerJoined(w: ByteWriter, playerId: number, name: string): void {
  w.u8(SERVER_OP.PLAYER_JOINED).u16(playerId).str8(name);
}

/** Writes a PLAYER_LEFT. */
export function encodePlayerLeft(w: ByteWriter, playerId: number): void {
  w.u8(SERVER_OP.PLAYER_LEFT).u16(playerId);
}

/** Writes a PLAYER_STATUS. */
export function encodePlayerStatus(w: ByteWriter, playerId: number, connected: boolean): void {
  w.u8(SERVER_OP.PLAYER_STATUS)
    .u16(playerId)
    .u8(connected ? 1 : 0);
}

/** Writes a PONG. */
export function encodePong(w: ByteWriter, clientTime: number, serverTime: number): void {
  w.u8(SERVER_OP.PONG).u32(clientTime).f64(serverTime);
}

/**
 * Decodes one server frame; refuses truncated, trailing-garbage and unknown frames. It
 * allocates the message (and a view of a SNAPSHOT's update): a client's per-tick SNAPSHOT
 * path reads the header in place with readSnapshotHeader instead.
 */
export function decodeServerMessage(bytes: Uint8Array): Result<ServerMessage> {
  if (bytes.length === 0) return err("empty frame");
  if (bytes[0] === SERVER_OP.SNAPSHOT) {
    const header: SnapshotHeader = { ackSeq: 0, inputBuffer: 0 };
    if (!readSnapshotHeader(bytes, header)) return err("truncated or malformed snapshot");
    const update = bytes.subarray(SNAPSHOT_HEADER_BYTES);
    return ok({ type: "snapshot", ...header, update });
  }
  const r = new ByteReader(bytes);
  const op = r.u8();
  let msg: ServerMessage;
  switch (op) {
    case SERVER_OP.WELCOME: {
      const head = {
        version: r.u16(),
        playerId: r.u16(),
        tickRate: r.u8(),
        tick: r.u32(),
        serverTime: r.f64(),
        roomId: r.str8(),
      };
      const resumed = r.u8();
      if (resumed > 1) return err("welcome resumed flag out of range");
      msg = { type: "welcome", ...head, resumed: resumed === 1, resumeToken: r.str8() };
      break;
    }
    case SERVER_OP.SPECTATOR_WELCOME:
      msg = {
        type: "spectator-welcome",
        version: r.u16(),
        tickRate: r.u8(),
        tick: r.u32(),
        serverTime: r.f64(),
        roomId: r.str8(),
        delayTicks: r.u16(),
        keyframeTicks: r.u16(),
      };
      break;
    case SERVER_OP.PLAYER_JOINED:
      msg = { type: "player-joined", playerId: r.u16(), name: r.str8() };
      break;
    case SERVER_OP.PLAYER_LEFT:
      msg = { type: "player-left", playerId: r.u16() };
      break;
    case SERVER_OP.PLAYER_STATUS: {
      const playerId = r.u16();
      const connected = r.u8();
      if (connected > 1) return err("player-status flag out of range");
      msg = { type: "player-status", playerId, connected: connected === 1 };
      break;
    }
    case SERVER_OP.PONG:
      msg = { type: "pong", clientTime: r.u32(), serverTime: r.f64() };
      break;
    case SERVER_OP.VOICE: {
      const speaker = r.u16();
      if (r.failed) return err("truncated voice header");
      const frame = readVoiceFrame(r);
      if (!frame.ok) return frame;
      msg = { type: "voice", speaker, ...frame.value };
      break;
    }
    case SERVER_OP.VOICE_STATE: {
      const state = readVoiceState(r);
      if (!state.ok) return state;
      msg = state.value;
      break;
    }
    case SERVER_OP.RPC_RESULT:
    case SERVER_OP.RPC_EVENT:
      r.rest();
      msg = { type: "rpc", frame: bytes };
      break;
    default:
      return err(`unknown message type 0x${op.toString(16).padStart(2, "0")}`);
  }
  if (r.failed) return err(`truncated or malformed ${msg.type}`);
  if (r.remaining !== 0) return err("trailing bytes after message");
  return ok(msg);
}
