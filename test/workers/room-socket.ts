// A test client for rooms inside workerd: opens a room WebSocket through the Worker,
// decodes every server frame and lets tests await messages and the close.
import { exports } from "cloudflare:workers";
import { ByteReader } from "../../shared/codec/byte-reader.js";
import { ByteWriter } from "../../shared/codec/byte-writer.js";
import { type ArenaState, arenaGame } from "../../shared/game/arena/index.js";
import { encodeHello, encodeInputHeader } from "../../shared/protocol/client-messages.js";
import { decodeServerMessage, type ServerMessage } from "../../shared/protocol/server-messages.js";

type Of<T extends ServerMessage["type"]> = Extract<ServerMessage, { type: T }>;

/** Rejects after `ms` so a missing message fails the test instead of hanging it. */
function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) =>
      setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms),
    ),
  ]);
}

/** One room connection as a test sees it. */
export class RoomSocket {
  readonly messages: ServerMessage[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  readonly #ws: WebSocket;
  readonly #waiters: (() => void)[] = [];

  private constructor(ws: WebSocket) {
    this.#ws = ws;
    this.closed = new Promise((resolve) => {
      ws.addEventListener("close", (e) => resolve({ code: e.code, reason: e.reason }));
    });
    ws.addEventListener("message", (e) => {
      const decoded = decodeServerMessage(new Uint8Array(e.data as ArrayBuffer));
      if (!decoded.ok) throw new Error(`server sent a malformed frame: ${decoded.error}`);
      this.messages.push(decoded.value);
      for (const wake of this.#waiters.splice(0)) wake();
    });
  }

  /** Opens a socket to room `roomId` (no hello yet). */
  static async open(roomId: string): Promise<RoomSocket> {
    const res = await exports.default.fetch(`http://edgetick.test/v1/rooms/${roomId}/ws`, {
      headers: { Upgrade: "websocket" },
    });
    const ws = res.webSocket;
    if (!ws) throw new Error(`no WebSocket: ${res.status} ${await res.text()}`);
    ws.accept();
    // Standard WebSockets deliver binary frames as Blobs unless told otherwise.
    ws.binaryType = "arraybuffer";
    return new RoomSocket(ws);
  }

  /** Opens a socket, says hello and waits for the welcome. */
  static async join(roomId: string, name: string): Promise<RoomSocket> {
    const socket = await RoomSocket.open(roomId);
    const w = new ByteWriter();
    encodeHello(w, { name, token: "" });
    socket.send(w.toBytes());
    await socket.next("welcome");
    return socket;
  }

  send(bytes: Uint8Array | string): void {
    this.#ws.send(bytes);
  }

  /** Sends arena inputs with sequences `firstSeq`… */
  sendInputs(firstSeq: number, buttons: number[]): void {
    const w = new ByteWriter();
    encodeInputHeader(w, firstSeq, buttons.length);
    for (const b of buttons) w.u8(b);
    this.send(w.toBytes());
  }

  close(): void {
    this.#ws.close(1000, "test done");
  }

  /** Received messages of one type. */
  all<T extends ServerMessage["type"]>(type: T): Of<T>[] {
    return this.messages.filter((m): m is Of<T> => m.type === type);
  }

  /** The first message of `type` matching `test`, waiting up to `ms` for it. */
  async next<T extends ServerMessage["type"]>(
    type: T,
    test: (m: Of<T>) => boolean = () => true,
    ms = 3000,
  ): Promise<Of<T>> {
    const find = () => this.all(type).find(test);
    return within(
      ms,
      type,
      (async () => {
        for (let m = find(); ; m = find()) {
          if (m) return m;
          await new Promise<void>((wake) => this.#waiters.push(wake));
        }
      })(),
    );
  }

  /** The arena state of the latest snapshot received after `afterTick`. */
  async stateAfter(afterTick: number): Promise<{ tick: number; state: ArenaState }> {
    const snap = await this.next("snapshot", (m) => m.tick > afterTick);
    return { tick: snap.tick, state: arenaGame.state.decode(new ByteReader(snap.state)) };
  }

  /** Waits for the close frame. */
  closedWithin(ms = 3000): Promise<{ code: number; reason: string }> {
    return within(ms, "close", this.closed);
  }
}
