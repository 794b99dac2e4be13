// A peer's signaling socket inside workerd: opens GET /v1/sessions/:id/signal through the
// Worker, validates every text frame the object sends against the protocol's schema, keeps
// the binary (relayed) frames, and lets tests await both and the close.
import { exports } from "cloudflare:workers";
import {
  type SignalClientMessage,
  SignalServerMessage,
} from "../../shared/peer/signal-messages.js";

type Of<T extends SignalServerMessage["type"]> = Extract<SignalServerMessage, { type: T }>;

const BASE = "http://edgetick.test";

/** Rejects after `ms` so a missing message fails the test instead of hanging it. */
function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) =>
      setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms),
    ),
  ]);
}

/** One peer's signaling socket as a test sees it. */
export class PeerSessionSocket {
  readonly messages: SignalServerMessage[] = [];
  readonly frames: Uint8Array[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  readonly #ws: WebSocket;
  readonly #waiters: (() => void)[] = [];

  private constructor(ws: WebSocket) {
    this.#ws = ws;
    this.closed = new Promise((resolve) =>
      ws.addEventListener("close", (e) => {
        resolve({ code: e.code, reason: e.reason });
        for (const wake of this.#waiters.splice(0)) wake();
      }),
    );
    ws.addEventListener("message", (e) => {
      if (typeof e.data === "string") {
        const parsed = SignalServerMessage.safeParse(JSON.parse(e.data));
        if (!parsed.success) throw new Error(`the object sent a bad frame: ${e.data}`);
        this.messages.push(parsed.data);
      } else this.frames.push(new Uint8Array(e.data as ArrayBuffer));
      for (const wake of this.#waiters.splice(0)) wake();
    });
  }

  /** The raw answer to a signaling request with `ticket` (for refusals). */
  static request(signalUrl: string, ticket: string, upgrade = true): Promise<Response> {
    const url = `${BASE}${signalUrl}?ticket=${encodeURIComponent(ticket)}`;
    return exports.default.fetch(url, { headers: upgrade ? { Upgrade: "websocket" } : {} });
  }

  /** Opens the signaling socket at `signalUrl` with `ticket`. */
  static async open(signalUrl: string, ticket: string): Promise<PeerSessionSocket> {
    const res = await PeerSessionSocket.request(signalUrl, ticket);
    const ws = res.webSocket;
    if (!ws) throw new Error(`no WebSocket: ${res.status} ${await res.text()}`);
    ws.accept();
    ws.binaryType = "arraybuffer";
    return new PeerSessionSocket(ws);
  }

  /** Opens the socket and waits for its welcome. */
  static async join(
    signalUrl: string,
    ticket: string,
  ): Promise<[PeerSessionSocket, Of<"welcome">]> {
    const socket = await PeerSessionSocket.open(signalUrl, ticket);
    return [socket, await socket.next("welcome")];
  }

  send(m: SignalClientMessage): void {
    this.#ws.send(JSON.stringify(m));
  }

  /** Sends a raw frame (text or binary) as a hostile client might. */
  sendRaw(frame: string | Uint8Array): void {
    this.#ws.send(frame);
  }

  close(code = 1000): void {
    this.#ws.close(code, "test done");
  }

  /** The first message of `type` matching `test`, waiting up to `ms` for it. */
  next<T extends SignalServerMessage["type"]>(
    type: T,
    test: (m: Of<T>) => boolean = () => true,
    ms = 3000,
  ): Promise<Of<T>> {
    const find = () => this.messages.find((m): m is Of<T> => m.type === type && test(m as Of<T>));
    return within(ms, type, this.#until(find));
  }

  /** The `n`th binary frame received (0-based), waiting up to `ms` for it. */
  frame(n: number, ms = 3000): Promise<Uint8Array> {
    return within(
      ms,
      `relayed frame ${n}`,
      this.#until(() => this.frames[n]),
    );
  }

  async #until<T>(find: () => T | undefined): Promise<T> {
    for (let found = find(); ; found = find()) {
      if (found !== undefined) return found;
      await new Promise<void>((wake) => this.#waiters.push(wake));
    }
  }
}
