// Client → server messages: encoders for the client, a hostile-input decoder for the room.
// Byte layouts are in docs/protocol.md; golden vectors in client-messages.test.ts pin them.

import { ByteReader } from "../codec/byte-reader.js";
import type { ByteWriter } from "../codec/byte-writer.js";
import { err, ok, type Result } from "../codec/result.js";
import { utf8Length } from "../codec/utf8.js";
import {
  MAX_CLIENT_FRAME_BYTES,
  MAX_GAME_NAME_BYTES,
  MAX_INPUTS_PER_FRAME,
  MAX_NAME_BYTES,
  MAX_RESUME_TOKEN_BYTES,
  MAX_TOKEN_BYTES,
  PROTOCOL_VERSION,
} from "./limits.js";
import { CLIENT_OP } from "./opcodes.js";
import { readVoiceFrame, type VoiceMessage } from "./voice-messages.js";

/**
 * What a HELLO asks to be, the byte after its version: a player (an avatar, inputs) or a
 * spectator (the delayed broadcast stream, no avatar, no inputs).
 */
export const HELLO_ROLE = {
  PLAYER: 0, //    0b0000_0000
  SPECTATOR: 1, // 0b0000_0001
} as const;

/** A HELLO's role, by name. */
export type HelloRole = "player" | "spectator";

/**
 * Opens a session:
 * `[0x01][version u16][role u8][game str8][schema u32][name str8][token str16][resume str8]`.
 */
export interface HelloMessage {
  readonly type: "hello";
  /** Protocol version; always bytes 1–2 so any version can be refused cleanly. */
  readonly version: number;
  /**
   * A player, or a spectator: it watches the room's broadcast stream `spectatorDelayMs`
   * behind, has no avatar and sends no inputs (an INPUT closes it with 4004).
   */
  readonly role: HelloRole;
  /** The game the client plays (`game.name`); a room of another game refuses it (4010). */
  readonly game: string;
  /** The fingerprint of the client's game schema; the room refuses another one (4009). */
  readonly schema: number;
  readonly name: string;
  /** An access token or a join ticket for the room; rooms refuse an empty one (4100). */
  readonly token: string;
  /**
   * The resume token of an earlier WELCOME (empty: a fresh join). Within the room's grace
   * period it gets back the same player and entities; an unknown or expired one joins fresh.
   */
  readonly resume: string;
}

/**
 * Sequenced inputs: `[0x02][ackTick u32][firstSeq u32][count u8][count × inputBytes]`.
 * Input `i` has sequence `firstSeq + i`; clients repeat recent unacknowledged inputs in
 * every frame. `ackTick` is the last state tick the client applied (0xFFFFFFFF: none), the
 * baseline acknowledgement of the replication core.
 */
export interface InputMessage {
  readonly type: "input";
  readonly ackTick: number;
  readonly firstSeq: number;
  readonly count: number;
  /** `count × inputBytes` bytes, a view into the frame. */
  readonly inputs: Uint8Array;
}

/** `ackTick` before the client applied any state. */
export const NO_TICK_ACK = 0xffff_ffff;

/** Clock probe: `[0x03][clientTime u32]`, echoed in PONG. */
export interface PingMessage {
  readonly type: "ping";
  /** Client milliseconds modulo 2^32. */
  readonly clientTime: number;
}

/**
 * The client's own cap on state bytes: `[0x05][bytesPerSecond u32]` (0: no cap of its own).
 * The room uses the lower of this and its own budget for the client, never less than
 * its floor (docs/protocol.md, budgets).
 */
export interface RateMessage {
  readonly type: "rate";
  readonly bytesPerSecond: number;
}

/** Any message a client sends. */
export type ClientMessage = HelloMessage | InputMessage | PingMessage | RateMessage | VoiceMessage;

/** A game name on the wire: what GameRegistry accepts (1–32 of a-z, 0-9, -). */
const GAME_NAME = new RegExp(`^[a-z0-9-]{1,${MAX_GAME_NAME_BYTES}}$`);

/**
 * Writes a HELLO (role `"player"` unless given); the caller keeps name and token within the
 * limits.
 */
export function encodeHello(
  w: ByteWriter,
  msg: Omit<HelloMessage, "type" | "version" | "resume" | "role"> & {
    readonly resume?: string;
    readonly role?: HelloRole;
  },
): void {
  const role = msg.role === "spectator" ? HELLO_ROLE.SPECTATOR : HELLO_ROLE.PLAYER;
  w.u8(CLIENT_OP.HELLO).u16(PROTOCOL_VERSION).u8(role).str8(msg.game).u32(msg.schema);
  w.str8(msg.name)
    .str16(msg.token)
    .str8(msg.resume ?? "");
}

/** Writes an INPUT frame header; the caller appends `count` encoded inputs. */
export function encodeInputHeader(
  w: ByteWriter,
  ackTick: number,
  firstSeq: number,
  count: number,
): void {
  w.u8(CLIENT_OP.INPUT).u32(ackTick).u32(firstSeq).u8(count);
}

/** Writes a PING. */
export function encodePing(w: ByteWriter, clientTime: number): void {
  w.u8(CLIENT_OP.PING).u32(clientTime >>> 0);
}

/** Writes a RATE (0: the client sets no cap). */
export function encodeRate(w: ByteWriter, bytesPerSecond: number): void {
  w.u8(CLIENT_OP.RATE).u32(bytesPerSecond >>> 0);
}

/**
 * Decodes one client frame. `inputBytes` is the game's fixed input size. Refuses (never
 * throws on) truncated, oversized, trailing-garbage and unknown-type frames.
 */
export function decodeClientMessage(bytes: Uint8Array, inputBytes: number): Result<ClientMessage> {
  if (bytes.length === 0) return err("empty frame");
  if (bytes.length > MAX_CLIENT_FRAME_BYTES) return err("frame too large");
  const r = new ByteReader(bytes);
  const op = r.u8();
  let msg: ClientMessage;
  switch (op) {
    case CLIENT_OP.HELLO: {
      const version = r.u16();
      if (r.failed) return err("truncated hello");
      // Another version may lay out the rest differently: stop here and let the room refuse it.
      if (version !== PROTOCOL_VERSION) {
        return ok({
          type: "hello",
          version,
          role: "player",
          game: "",
          schema: 0,
          name: "",
          token: "",
          resume: "",
        });
      }
      const roleByte = r.u8();
      const game = r.str8();
      const schema = r.u32();
      const name = r.str8();
      const token = r.str16();
      const resume = r.str8();
      if (r.failed) return err("truncated or malformed hello");
      if (roleByte > HELLO_ROLE.SPECTATOR) return err("hello role out of range");
      if (!GAME_NAME.test(game)) return err("game name malformed");
      if (name.length === 0 || utf8Length(name) > MAX_NAME_BYTES)
        return err("name length out of range");
      if (utf8Length(token) > MAX_TOKEN_BYTES) return err("token too long");
      if (utf8Length(resume) > MAX_RESUME_TOKEN_BYTES) return err("resume token too long");
      const role = roleByte === HELLO_ROLE.SPECTATOR ? "spectator" : "player";
      msg = { type: "hello", version, role, game, schema, name, token, resume };
      break;
    }
    case CLIENT_OP.INPUT: {
      const ackTick = r.u32();
      const firstSeq = r.u32();
      const count = r.u8();
      if (r.failed) return err("truncated input header");
      if (count === 0 || count > MAX_INPUTS_PER_FRAME) return err("input count out of range");
      const inputs = r.bytes(count * inputBytes);
      if (r.failed) return err("truncated inputs");
      msg = { type: "input", ackTick, firstSeq, count, inputs };
      break;
    }
    case CLIENT_OP.PING: {
      const clientTime = r.u32();
      if (r.failed) return err("truncated ping");
      msg = { type: "ping", clientTime };
      break;
    }
    case CLIENT_OP.RATE: {
      const bytesPerSecond = r.u32();
      if (r.failed) return err("truncated rate");
      msg = { type: "rate", bytesPerSecond };
      break;
    }
    case CLIENT_OP.VOICE: {
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
