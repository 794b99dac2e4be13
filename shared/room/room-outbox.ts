// The room's control messages (everything but SNAPSHOTs, which the replication core builds):
// one reused writer, each frame handed to the sink, which sends or copies it at once.

import { ByteWriter } from "../codec/byte-writer.js";
import {
  encodePlayerJoined,
  encodePlayerLeft,
  encodePlayerStatus,
  encodePong,
  encodeSpectatorWelcome,
  encodeWelcome,
  type SpectatorWelcomeMessage,
  type WelcomeMessage,
} from "../protocol/server-messages.js";
import { encodeVoiceState } from "../protocol/voice-messages.js";
import type { ConnectionId, RoomSink } from "./room-sink.js";

/** Encodes and sends a room's control messages. */
export class RoomOutbox {
  readonly #sink: RoomSink;
  readonly #out = new ByteWriter();

  constructor(sink: RoomSink) {
    this.#sink = sink;
  }

  welcome(to: ConnectionId, message: Omit<WelcomeMessage, "type">): void {
    encodeWelcome(this.#out.reset(), message);
    this.#send(to);
  }

  spectatorWelcome(to: ConnectionId, message: Omit<SpectatorWelcomeMessage, "type">): void {
    encodeSpectatorWelcome(this.#out.reset(), message);
    this.#send(to);
  }

  joined(to: ConnectionId, playerId: number, name: string): void {
    encodePlayerJoined(this.#out.reset(), playerId, name);
    this.#send(to);
  }

  left(to: ConnectionId, playerId: number): void {
    encodePlayerLeft(this.#out.reset(), playerId);
    this.#send(to);
  }

  status(to: ConnectionId, playerId: number, connected: boolean): void {
    encodePlayerStatus(this.#out.reset(), playerId, connected);
    this.#send(to);
  }

  pong(to: ConnectionId, clientTime: number, serverTime: number): void {
    encodePong(this.#out.reset(), clientTime, serverTime);
    this.#send(to);
  }

  /** VOICE_STATE: whether `playerId` is muted by moderation. */
  voiceState(to: ConnectionId, playerId: number, muted: boolean): void {
    encodeVoiceState(this.#out.reset(), playerId, muted);
    this.#send(to);
  }

  /** Sends what `write` puts in the (reset) writer, e.g. an RPC answer. */
  send(to: ConnectionId, write: (w: ByteWriter) => void): void {
    write(this.#out.reset());
    this.#send(to);
  }

  #send(to: ConnectionId): void {
    this.#sink.send(to, this.#out.view());
  }
}
