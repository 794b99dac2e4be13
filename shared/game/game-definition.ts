// The contract between a game and edgetick. A game is written once and runs on the server
// (authoritative) and in the client (prediction), so `step` must be deterministic given the
// state and the inputs: no clock, no I/O, no unseeded randomness.

import type { ByteReader } from "../codec/byte-reader.js";
import type { ByteWriter } from "../codec/byte-writer.js";
import type { RoomOptions } from "../room/room-options.js";

/** Encodes one tick of one player's input in a fixed number of bytes. */
export interface InputCodec<Input> {
  /** Encoded size in bytes; every input of the game has this size. */
  readonly bytes: number;
  /** Writes `input` at `offset` (trusted: our own code produced it). */
  encode(input: Input, out: Uint8Array, offset: number): void;
  /** Reads an input from hostile bytes; undefined refuses it (the room closes with 4008). */
  decode(bytes: Uint8Array, offset: number): Input | undefined;
}

/** Encodes the whole replicated state (full snapshots). */
export interface StateCodec<State> {
  encode(state: State, w: ByteWriter): void;
  /** Reads a state; the caller checks `r.failed` and the leftover bytes. */
  decode(r: ByteReader): State;
}

/** Everything the room and the client need to run a game. */
export interface GameDefinition<State, Input> {
  /** Stable name, e.g. "arena". */
  readonly name: string;
  readonly input: InputCodec<Input>;
  readonly state: StateCodec<State>;
  /** Settings of rooms running this game (tick rate, player cap…); defaults otherwise. */
  readonly roomOptions?: RoomOptions;
  /** The input applied for a player before any arrives. */
  readonly idleInput: Input;
  /** A fresh world. */
  create(): State;
  /** Adds a player's avatar; called when the player joins. */
  addPlayer(state: State, playerId: number, name: string): void;
  /** Removes a player's avatar; called when the player leaves. */
  removePlayer(state: State, playerId: number): void;
  /**
   * Advances the world by one fixed step of `dt` seconds, in place. `inputs` holds one
   * input per player present this tick.
   */
  step(state: State, inputs: ReadonlyMap<number, Input>, dt: number): void;
}
