// Inputs as zones carry them: the game's input with the world input sequence the world
// client gave it, and the few inputs before it. Zones number nothing per connection that
// survives a handoff (each zone's room numbers its own links' inputs), so the world sequence
// is what lets the next zone apply exactly the inputs the previous one did not: it travels
// in the commit as the last one applied. The window of earlier inputs exists because two
// netcode cores (the current zone's and the next one's, during the overlap) sample the held
// input on their own tickers: the next one may skip a sequence the current one took, and
// the window fills that gap instead of losing the input.
//
// Wire: u32 seq (little-endian) | ZONE_INPUT_WINDOW × the game's input bytes (newest first).

import type { InputCodec } from "../game/game-definition.js";

/** Inputs each zone input repeats: its own and the 3 before (a skip of up to 3 heals). */
export const ZONE_INPUT_WINDOW = 4;

/** No world sequence: the room's idle input, before a player sent any. */
export const NO_WORLD_SEQ = -1;

/** One tick of a player's input in a zoned world. */
export interface ZoneInput<Input> {
  /** The world input sequence (u32, wraps; serial-number order), or NO_WORLD_SEQ. */
  readonly seq: number;
  /** inputs[i] is input `seq - i`; ZONE_INPUT_WINDOW of them (the idle input before the first). */
  readonly inputs: readonly Input[];
}

/** The zone input holding nothing (a room's idle input). */
export function idleZoneInput<Input>(idle: Input): ZoneInput<Input> {
  return { seq: NO_WORLD_SEQ, inputs: new Array<Input>(ZONE_INPUT_WINDOW).fill(idle) };
}

/** The input codec of a zone's room: the sequence, then the window of the game's inputs. */
export function zoneInputCodec<Input>(codec: InputCodec<Input>): InputCodec<ZoneInput<Input>> {
  return {
    bytes: 4 + ZONE_INPUT_WINDOW * codec.bytes,
    encode(value, out, offset) {
      new DataView(out.buffer, out.byteOffset).setUint32(offset, value.seq >>> 0, true);
      for (let i = 0; i < ZONE_INPUT_WINDOW; i++)
        codec.encode(value.inputs[i]!, out, offset + 4 + i * codec.bytes);
    },
    decode(bytes, offset) {
      if (bytes.byteLength < offset + 4 + ZONE_INPUT_WINDOW * codec.bytes) return undefined;
      const seq = new DataView(bytes.buffer, bytes.byteOffset).getUint32(offset, true);
      const inputs: Input[] = [];
      for (let i = 0; i < ZONE_INPUT_WINDOW; i++) {
        const input = codec.decode(bytes, offset + 4 + i * codec.bytes);
        if (input === undefined) return undefined;
        inputs.push(input);
      }
      return { seq, inputs };
    },
  };
}
