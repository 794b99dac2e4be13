// The two ends of one Colyseus connection as the benchmark stands them in: a server-side
// `Client` that captures what the room sends instead of writing to a socket, and the client
// SDK's decoding of ROOM_STATE / ROOM_STATE_PATCH frames into a Reflection-built state.
import type { Client } from "@colyseus/core";
import { ClientState, Protocol } from "@colyseus/core";
import { type Decoder, type Iterator, Reflection, type StateView } from "@colyseus/schema";
import type { ClientMirror, EntitySample } from "./system.js";

/**
 * The server-side end: what `SchemaSerializer` touches on a client (`state`, `view`, `raw`).
 * `raw` copies the frame as a socket's send copies what it is handed (a transport's
 * `ws.send`, a Durable Object's), into a per-client buffer reused from tick to tick: the
 * same stand-in as edgetick's bench host (edgetick-host.ts), so both systems' timed encode
 * pays one copy of every frame to every client, no more.
 */
export class CapturingClient {
  /** Only JOINED clients get patches, as in a room after the JOIN_ROOM acknowledgement. */
  state: ClientState = ClientState.JOINED;
  /** The client's StateView (scene B), as a room's `onJoin` would set it. */
  view: StateView | undefined;
  /** The frame sent this tick (a view of the socket's buffer), or null. */
  frame: Uint8Array | null = null;
  /** The socket's receive buffer, grown in 4 KiB blocks, then reused. */
  #buffer = new Uint8Array(4096);

  raw(data: Uint8Array): void {
    if (this.frame !== null) throw new Error("colyseus sent a client two frames in one tick");
    if (this.#buffer.byteLength < data.byteLength)
      this.#buffer = new Uint8Array(Math.ceil(data.byteLength / 4096) * 4096);
    this.#buffer.set(data);
    this.frame = this.#buffer.subarray(0, data.byteLength);
  }

  /**
   * This object as core's `Client`: the serializer reads only `state` and `view` and calls
   * `raw`; the rest of the interface (socket, auth, input buffers) is never reached.
   */
  asClient(): Client {
    return this as unknown as Client;
  }
}

/** The shape of a Reflection-decoded arena state, as the SDK exposes it. */
interface DecodedState {
  entities: { size: number; get(key: string): EntitySample | undefined } | undefined;
}

/**
 * The client SDK's end: a Decoder rebuilt from the room's handshake (`Reflection.decode`, as
 * the JS SDK does when the game passes no state class), fed frames after their type byte.
 */
export class ColyseusClientDecoder implements ClientMirror {
  readonly #decoder: Decoder;

  constructor(handshake: Uint8Array) {
    this.#decoder = Reflection.decode(handshake);
  }

  /** Decodes one ROOM_STATE or ROOM_STATE_PATCH frame; anything else is a bench bug. */
  receive(frame: Uint8Array): void {
    const type = frame[0];
    if (type !== Protocol.ROOM_STATE && type !== Protocol.ROOM_STATE_PATCH) {
      throw new Error(`colyseus client: unexpected message type ${type}`);
    }
    const it: Iterator = { offset: 1 };
    this.#decoder.decode(frame, it);
  }

  size(): number {
    return this.#state().entities?.size ?? 0;
  }

  read(id: number, out: EntitySample): boolean {
    const entity = this.#state().entities?.get(String(id));
    if (entity === undefined) return false;
    out.x = entity.x;
    out.y = entity.y;
    out.angle = entity.angle;
    out.vx = entity.vx;
    out.vy = entity.vy;
    out.hp = entity.hp;
    out.kind = entity.kind;
    return true;
  }

  #state(): DecodedState {
    // Reflection builds the classes at runtime, so their type is only known structurally.
    return this.#decoder.state as unknown as DecodedState;
  }
}
