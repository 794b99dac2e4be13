// A player whose client stops reading: a WebSocket client of its own over a plain TCP socket
// (the handshake and framing of RFC 6455, client frames masked), so the test can stop reading
// from the socket while still writing to it. With reading paused the kernel's receive buffer
// fills, TCP holds back the room's sends, and the updates the client acknowledges in its
// inputs stop advancing. The frames it speaks come from the client package's ClientSession,
// as the real client's do.
import { randomBytes } from "node:crypto";
import { connect, type Socket } from "node:net";
import { ClientSession } from "@edgetick/client";
import { arenaGame } from "../../games/arena/index.js";

/** The close frame the room sent, once read. */
export interface CloseFrame {
  readonly code: number;
  readonly reason: string;
}

const OP = { TEXT: 0x1, BINARY: 0x2, CLOSE: 0x8, PING: 0x9, PONG: 0xa } as const;

/** A player that can stop reading its socket. */
export class StalledReader {
  readonly session = new ClientSession(arenaGame, 8);
  /** Payload bytes of the frames read so far. */
  bytesRead = 0;
  /** The room's close frame, once read. */
  close: CloseFrame | undefined;
  #socket: Socket;
  #pending = Buffer.alloc(0);
  #upgraded = false;
  #sender: ReturnType<typeof setInterval> | undefined;

  private constructor(socket: Socket) {
    this.#socket = socket;
  }

  /** Opens room `url` (ws://host:port/path) as `name` with `token`; resolves once welcomed. */
  static async join(url: string, name: string, token: string): Promise<StalledReader> {
    const { hostname, port, pathname, search } = new URL(url);
    const socket = connect(Number(port), hostname);
    let welcome!: () => void;
    let fail!: (e: Error) => void;
    const welcomed = new Promise<void>((resolve, reject) => {
      welcome = resolve;
      fail = reject;
    });
    const reader = new StalledReader(socket);
    const key = randomBytes(16).toString("base64");
    socket.on("connect", () =>
      socket.write(
        `GET ${pathname}${search} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nUpgrade: websocket\r\n` +
          `Connection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      ),
    );
    socket.on("error", (e) => fail(e));
    socket.on("close", () => fail(new Error("socket closed before the welcome")));
    socket.on("data", (chunk: Buffer) => reader.#read(chunk, welcome, fail, name, token));
    await welcomed;
    // Inputs as a client sends them (three ticks' worth, ten frames a second), each
    // acknowledging the newest update read: the room keeps hearing this player, so only its
    // reading is at fault, and once it stops reading its acknowledgements stop advancing.
    reader.#sender = setInterval(() => {
      for (let i = 0; i < 3; i++) reader.session.record(arenaGame.idleInput);
      const frame = reader.session.inputFrame();
      if (frame) reader.#send(frame);
    }, 100);
    return reader;
  }

  /** The player id the room gave. */
  get playerId(): number {
    return this.session.welcome?.playerId ?? -1;
  }

  /** Stops reading from the socket (writing goes on). */
  stopReading(): void {
    this.#socket.pause();
  }

  /** Stops sending (its inputs; the socket stays open): with reading stopped, a silent peer. */
  stopSending(): void {
    clearInterval(this.#sender);
  }

  /** Reads again: everything the kernel held arrives, then whatever the room sent last. */
  resumeReading(): void {
    this.#socket.resume();
  }

  /** Stops sending and ends the socket. */
  end(): void {
    clearInterval(this.#sender);
    this.#socket.destroy();
  }

  #read(
    chunk: Buffer,
    welcome: () => void,
    fail: (e: Error) => void,
    name: string,
    token: string,
  ): void {
    this.#pending = Buffer.concat([this.#pending, chunk]);
    if (!this.#upgraded) {
      const end = this.#pending.indexOf("\r\n\r\n");
      if (end < 0) return;
      const head = this.#pending.subarray(0, end).toString("latin1");
      if (!head.startsWith("HTTP/1.1 101")) return fail(new Error(`refused: ${head}`));
      this.#upgraded = true;
      this.#pending = this.#pending.subarray(end + 4);
      this.#send(this.session.hello(name, token));
    }
    for (let frame = this.#frame(); frame; frame = this.#frame()) {
      const [op, payload] = frame;
      this.bytesRead += payload.length;
      if (op === OP.BINARY) {
        const got = this.session.receive(payload, Date.now());
        if (got.ok && got.value.type === "welcome") welcome();
      } else if (op === OP.CLOSE) {
        const code = payload.length >= 2 ? payload.readUInt16BE(0) : 1005;
        this.close = { code, reason: payload.subarray(2).toString("utf8") };
        clearInterval(this.#sender);
        fail(new Error(`closed before the welcome: ${code} ${this.close.reason}`));
      } else if (op === OP.PING) this.#write(OP.PONG, payload);
    }
  }

  /** The next whole frame in the pending bytes (the room never fragments its frames). */
  #frame(): [op: number, payload: Buffer] | undefined {
    const b = this.#pending;
    if (b.length < 2) return undefined;
    let length = b[1]! & 0x7f;
    let at = 2;
    if (length === 126) {
      if (b.length < 4) return undefined;
      length = b.readUInt16BE(2);
      at = 4;
    } else if (length === 127) {
      if (b.length < 10) return undefined;
      length = Number(b.readBigUInt64BE(2));
      at = 10;
    }
    if (b.length < at + length) return undefined;
    this.#pending = b.subarray(at + length);
    return [b[0]! & 0x0f, b.subarray(at, at + length)];
  }

  #send(bytes: Uint8Array): void {
    this.#write(OP.BINARY, bytes);
  }

  /** Writes one final frame, masked as every client frame must be. */
  #write(op: number, payload: Uint8Array): void {
    const n = payload.length;
    const head = n < 126 ? Buffer.from([0x80 | op, 0x80 | n]) : Buffer.alloc(4);
    if (n >= 126) {
      if (n > 0xffff) throw new RangeError("frame too large for this client");
      head[0] = 0x80 | op;
      head[1] = 0x80 | 126;
      head.writeUInt16BE(n, 2);
    }
    const mask = randomBytes(4);
    const body = Buffer.alloc(n);
    for (let i = 0; i < n; i++) body[i] = payload[i]! ^ mask[i & 3]!;
    this.#socket.write(Buffer.concat([head, mask, body]));
  }
}
