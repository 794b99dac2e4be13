// The P2P mesh protocol: binary frames between two peers of a mesh session, over any
// transport (WebRTC data channels, the relay, an in-process pair). Each peer replicates the
// entities it owns to every other peer with the replication encoder; these frames carry
// the handshake, the updates, their acknowledgements, a leaving peer's handover and voice
// frames (the room's VOICE body: docs/voice.md, "Peer sessions").
// Little-endian like the room protocol; layouts in docs/sessions.md ("Wire format"), golden
// vectors in mesh-messages.test.ts pin them. Decoding treats every byte as hostile.

import { ByteReader } from "../codec/byte-reader.js";
import type { ByteWriter } from "../codec/byte-writer.js";
import { err, ok, type Result } from "../codec/result.js";
import { MAX_GAME_NAME_BYTES } from "../protocol/limits.js";
import { readVoiceFrame, VOICE_FLAGS, type VoiceFrame } from "../protocol/voice-messages.js";
import { MAX_RELAY_FRAME_BYTES, RELAY_HEADER_BYTES } from "./relay-frame.js";

/**
 * The mesh protocol version this build speaks; HELLO carries it at bytes 1–2. 2: VOICE
 * (a version 1 peer would close the link on its first voice frame as an unknown type).
 */
export const MESH_PROTOCOL_VERSION = 2;

/**
 * Mesh message types, the first byte of every frame. Both directions share the table (a
 * mesh is symmetric); all below 128 so a future varint type stays one byte.
 */
export const MESH_OP = {
  /** `[0x01][version u16][peerId u16][game str8][schema u32]`: first frame, reliable. */
  HELLO: 0x01, //    0b0000_0001
  /** `[0x02][tick u32][replication update]`: the sender's entities, usually unreliable. */
  UPDATE: 0x02, //   0b0000_0010
  /** `[0x03][tick u32]`: the last update tick applied (the sender's baseline), reliable. */
  ACK: 0x03, //      0b0000_0011
  /** `[0x04][adopter u16]`: the sender leaves and `adopter` takes its entities, reliable. */
  HANDOVER: 0x04, // 0b0000_0100
  /**
   * `[0x05][seq u16][flags u8][opus …]`: one 20 ms voice frame of the sender (its flags as
   * the room's VOICE: channel in bits 0–3, END in bit 7), usually unreliable.
   */
  VOICE: 0x05, //    0b0000_0101
} as const;

/** A mesh message type byte. */
export type MeshOp = (typeof MESH_OP)[keyof typeof MESH_OP];

/**
 * Largest mesh frame, bytes: what the session's relay forwards once its 3-byte header is
 * added (65 533), so a mesh runs unchanged when it falls back to the relay. Data channels
 * take it too (their common floor is 64 KiB).
 */
export const MAX_MESH_FRAME_BYTES = MAX_RELAY_FRAME_BYTES - RELAY_HEADER_BYTES;

/** Bytes before the replication update in an UPDATE frame: type and tick. */
export const MESH_UPDATE_HEADER_BYTES = 5;

/** Opens the link: who the sender is and which game and schema build it runs. */
export interface MeshHello {
  readonly type: "hello";
  /**
   * Always bytes 1–2, so any version is refused cleanly; when it is not
   * {@link MESH_PROTOCOL_VERSION} the other fields are not read (empty / 0).
   */
  readonly version: number;
  /** The sender's peer id in the session (1–65 535). */
  readonly peerId: number;
  /** The game the sender plays (`game.name`). */
  readonly game: string;
  /** The fingerprint of the sender's network schema. */
  readonly schema: number;
}

/** One replication update of the sender's entities. */
export interface MeshUpdate {
  readonly type: "update";
  /** The update's tick on the sender's clock (its replication tick). */
  readonly tick: number;
  /** The replication update bytes, a view into the frame. */
  readonly update: Uint8Array;
}

/** The receiver of updates applied the one of `tick`: deltas may build on it. */
export interface MeshAck {
  readonly type: "ack";
  readonly tick: number;
}

/** The sender leaves the mesh; `adopter` adopts its entities. */
export interface MeshHandover {
  readonly type: "handover";
  readonly adopter: number;
}

/**
 * One voice frame spoken by the sender: the link names the speaker, so a peer can only ever
 * speak as itself. The payload is a view into the frame.
 */
export interface MeshVoice extends VoiceFrame {
  readonly type: "voice";
}

/** Bytes of a VOICE frame before the Opus packet: type, seq, flags. */
export const MESH_VOICE_HEADER_BYTES = 4;

/** Any mesh frame. */
export type MeshMessage = MeshHello | MeshUpdate | MeshAck | MeshHandover | MeshVoice;

/** A game name on the wire, as the room's HELLO has it (1–32 of a-z, 0-9, -). */
const GAME_NAME = new RegExp(`^[a-z0-9-]{1,${MAX_GAME_NAME_BYTES}}$`);

/** True when `name` can travel in a mesh HELLO. */
export function isMeshGameName(name: string): boolean {
  return GAME_NAME.test(name);
}

/** Writes a HELLO; the caller passes a valid peer id and game name. */
export function encodeMeshHello(w: ByteWriter, msg: Omit<MeshHello, "type" | "version">): void {
  w.u8(MESH_OP.HELLO).u16(MESH_PROTOCOL_VERSION).u16(msg.peerId).str8(msg.game).u32(msg.schema);
}

/**
 * Fills the first {@link MESH_UPDATE_HEADER_BYTES} of `frame` (left free by the replication
 * server's `reserveBytes`) with the UPDATE header, so the update is sent without a copy.
 */
export function writeMeshUpdateHeader(frame: Uint8Array, tick: number): void {
  frame[0] = MESH_OP.UPDATE;
  frame[1] = tick & 0xff;
  frame[2] = (tick >>> 8) & 0xff;
  frame[3] = (tick >>> 16) & 0xff;
  frame[4] = tick >>> 24;
}

/** Writes an ACK. */
export function encodeMeshAck(w: ByteWriter, tick: number): void {
  w.u8(MESH_OP.ACK).u32(tick >>> 0);
}

/** Writes a HANDOVER naming the adopter. */
export function encodeMeshHandover(w: ByteWriter, adopter: number): void {
  w.u8(MESH_OP.HANDOVER).u16(adopter);
}

/**
 * Writes a VOICE. The caller keeps `channel` in 0–15 and the payload within
 * MAX_VOICE_PAYLOAD_BYTES (empty only with `end`); `seq` is taken modulo 2^16.
 */
export function encodeMeshVoice(w: ByteWriter, f: VoiceFrame): void {
  w.u8(MESH_OP.VOICE)
    .u16(f.seq & 0xffff)
    .u8((f.channel & VOICE_FLAGS.CHANNEL_MASK) | (f.end ? VOICE_FLAGS.END : 0))
    .bytes(f.payload);
}

/**
 * Decodes one mesh frame. Refuses (never throws on) empty, oversized, truncated, unknown
 * and trailing-garbage frames, peer id 0 and malformed game names. The replication bytes of
 * an UPDATE are not looked into: the replication client validates them before applying.
 */
export function decodeMeshMessage(bytes: Uint8Array): Result<MeshMessage> {
  if (bytes.length === 0) return err("empty frame");
  if (bytes.length > MAX_MESH_FRAME_BYTES)
    return err(`frame of ${bytes.length} bytes over ${MAX_MESH_FRAME_BYTES}`);
  const r = new ByteReader(bytes);
  const op = r.u8();
  let msg: MeshMessage;
  switch (op) {
    case MESH_OP.HELLO: {
      const version = r.u16();
      if (r.failed) return err("truncated hello");
      // Another version may lay out the rest differently: stop here so it can be refused.
      if (version !== MESH_PROTOCOL_VERSION)
        return ok({ type: "hello", version, peerId: 0, game: "", schema: 0 });
      const peerId = r.u16();
      const game = r.str8();
      const schema = r.u32();
      if (r.failed) return err("truncated or malformed hello");
      if (peerId === 0) return err("hello from peer 0");
      if (!GAME_NAME.test(game)) return err("game name malformed");
      msg = { type: "hello", version, peerId, game, schema };
      break;
    }
    case MESH_OP.UPDATE: {
      const tick = r.u32();
      if (r.failed) return err("truncated update header");
      const update = r.rest();
      if (update.length === 0) return err("update without replication bytes");
      msg = { type: "update", tick, update };
      break;
    }
    case MESH_OP.ACK: {
      const tick = r.u32();
      if (r.failed) return err("truncated ack");
      msg = { type: "ack", tick };
      break;
    }
    case MESH_OP.HANDOVER: {
      const adopter = r.u16();
      if (r.failed) return err("truncated handover");
      if (adopter === 0) return err("handover to peer 0");
      msg = { type: "handover", adopter };
      break;
    }
    case MESH_OP.VOICE: {
      // The room's VOICE body: reserved flags, an empty packet without END and one over
      // MAX_VOICE_PAYLOAD_BYTES are refused. Whether the channel exists is the receiver's call.
      const frame = readVoiceFrame(r);
      if (!frame.ok) return frame;
      msg = { type: "voice", ...frame.value };
      break;
    }
    default:
      return err(`unknown message type 0x${op.toString(16).padStart(2, "0")}`);
  }
  if (r.remaining !== 0) return err("trailing bytes after message");
  return ok(msg);
}
