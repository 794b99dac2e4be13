// A lobby member's WebSocket inside workerd: opens it through the Worker, says hello, and
// lets tests await server messages.
import { exports } from "cloudflare:workers";
import type { LobbyClientMessage, LobbyServerMessage } from "../../shared/lobby/lobby-protocol.js";

type Of<T extends LobbyServerMessage["type"]> = Extract<LobbyServerMessage, { type: T }>;

/** One lobby connection as a test sees it. */
export class LobbySocket {
  readonly messages: LobbyServerMessage[] = [];
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
      this.messages.push(JSON.parse(e.data as string) as LobbyServerMessage);
      for (const wake of this.#waiters.splice(0)) wake();
    });
  }

  /** Opens lobby `code`'s socket and says hello with `token`. */
  static async open(code: string, token: string): Promise<LobbySocket> {
    const res = await exports.default.fetch(`http://edgetick.test/v1/lobbies/${code}/ws`, {
      headers: { Upgrade: "websocket" },
    });
    const ws = res.webSocket;
    if (!ws) throw new Error(`no WebSocket: ${res.status} ${await res.text()}`);
    ws.accept();
    const socket = new LobbySocket(ws);
    socket.send({ type: "hello", token });
    return socket;
  }

  send(m: LobbyClientMessage): void {
    this.#ws.send(JSON.stringify(m));
  }

  close(): void {
    this.#ws.close(1000, "test done");
  }

  /** The first message of `type` matching `test`, waiting up to `ms`. */
  async next<T extends LobbyServerMessage["type"]>(
    type: T,
    test: (m: Of<T>) => boolean = () => true,
    ms = 3000,
  ): Promise<Of<T>> {
    const until = Date.now() + ms;
    for (;;) {
      const found = this.messages.find((m): m is Of<T> => m.type === type && test(m as Of<T>));
      if (found) return found;
      if (Date.now() > until) throw new Error(`timed out waiting for ${type}`);
      await new Promise<void>((wake) => {
        this.#waiters.push(wake);
        setTimeout(wake, 100);
      });
    }
  }
}
