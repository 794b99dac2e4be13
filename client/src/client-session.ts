// The client's side of the protocol, free of sockets and timers: it builds frames, applies
// server messages to its view of the room, and remembers inputs until they are acknowledged.
// connect() wires it to a WebSocket; tests drive it directly.

import { ByteReader } from "../../shared/codec/byte-reader.js";
import { ByteWriter } from "../../shared/codec/byte-writer.js";
import { err, ok, type Result } from "../../shared/codec/result.js";
import type { GameDefinition } from "../../shared/game/game-definition.js";
import {
  encodeHello,
  encodeInputHeader,
  encodePing,
} from "../../shared/protocol/client-messages.js";
import {
  decodeServerMessage,
  NO_INPUT_ACK,
  type ServerMessage,
  type WelcomeMessage,
} from "../../shared/protocol/server-messages.js";
import { InputHistory } from "./input-history.js";

/** Inputs remembered for repeats; a frame never carries more than the protocol's 32. */
const HISTORY_CAPACITY = 64;

/** Protocol state of one room connection. */
export class ClientSession<State, Input> {
  readonly #game: GameDefinition<State, Input>;
  readonly #history: InputHistory;
  readonly #maxInputsPerFrame: number;
  readonly #out = new ByteWriter(256);
  readonly #players = new Map<number, string>();
  #welcome: WelcomeMessage | undefined;
  #state: State | undefined;
  #tick = -1;
  #ackSeq = NO_INPUT_ACK;
  #rtt: number | undefined;

  /**
   * @param game the game played in the room (its codecs decode inputs and state)
   * @param maxInputsPerFrame most inputs repeated in one INPUT frame (1–32)
   */
  constructor(game: GameDefinition<State, Input>, maxInputsPerFrame: number) {
    this.#game = game;
    this.#maxInputsPerFrame = maxInputsPerFrame;
    this.#history = new InputHistory(game.input.bytes, HISTORY_CAPACITY);
  }

  /** The accepted handshake, once WELCOME arrived. */
  get welcome(): WelcomeMessage | undefined {
    return this.#welcome;
  }

  /** The latest authoritative state, once a snapshot arrived. */
  get state(): State | undefined {
    return this.#state;
  }

  /** Tick of the latest snapshot, -1 before the first. */
  get tick(): number {
    return this.#tick;
  }

  /** The last of our inputs the server applied (NO_INPUT_ACK before any). */
  get ackSeq(): number {
    return this.#ackSeq;
  }

  /** Players in the room, id → name (ourselves included). */
  get players(): ReadonlyMap<number, string> {
    return this.#players;
  }

  /** Latest round-trip time in ms from PING/PONG, once measured. */
  get rtt(): number | undefined {
    return this.#rtt;
  }

  /** The HELLO frame. */
  hello(name: string, token: string): Uint8Array {
    encodeHello(this.#out.reset(), { name, token });
    return this.#out.toBytes();
  }

  /** A PING frame stamped with `now` (ms). */
  ping(now: number): Uint8Array {
    encodePing(this.#out.reset(), now);
    return this.#out.toBytes();
  }

  /** Records the input for the next client tick; returns its sequence. */
  record(input: Input): number {
    return this.#history.record((out, offset) => this.#game.input.encode(input, out, offset));
  }

  /** An INPUT frame with every recent unacknowledged input, or undefined if none. */
  inputFrame(): Uint8Array | undefined {
    const next = this.#history.nextSeq;
    const firstUnacked = this.#ackSeq === NO_INPUT_ACK ? 0 : this.#ackSeq + 1;
    const from = Math.max(firstUnacked, this.#history.oldestSeq, next - this.#maxInputsPerFrame);
    const count = next - from;
    if (count <= 0) return undefined;
    const w = this.#out.reset();
    encodeInputHeader(w, from, count);
    const header = w.length;
    const bytes = new Uint8Array(header + count * this.#game.input.bytes);
    bytes.set(w.view());
    this.#history.copy(from, count, bytes, header);
    return bytes;
  }

  /** Applies one server frame; refuses malformed ones without changing anything. */
  receive(bytes: Uint8Array, now: number): Result<ServerMessage> {
    const decoded = decodeServerMessage(bytes);
    if (!decoded.ok) return decoded;
    const msg = decoded.value;
    switch (msg.type) {
      case "welcome":
        this.#welcome = msg;
        break;
      case "snapshot": {
        const r = new ByteReader(msg.state);
        const state = this.#game.state.decode(r);
        if (r.failed || r.remaining !== 0) return err("snapshot state does not decode");
        this.#state = state;
        this.#tick = msg.tick;
        this.#ackSeq = msg.ackSeq;
        break;
      }
      case "player-joined":
        this.#players.set(msg.playerId, msg.name);
        break;
      case "player-left":
        this.#players.delete(msg.playerId);
        break;
      case "pong":
        this.#rtt = ((now >>> 0) - msg.clientTime) >>> 0;
        break;
    }
    return ok(msg);
  }
}
