// Reconnection after a dropped link: new links (the connection's transport factory) on the
// backoff schedule of reconnect-options, each saying HELLO with the resume token to a fresh
// netcode core, until
// the room welcomes one back as the same player, a close says trying again cannot succeed,
// or the attempts run out. The connection adopts the resumed link or ends with the outcome.

import { CLOSE, describeClose } from "../../shared/protocol/close-codes.js";
import type { WelcomeMessage } from "../../shared/protocol/server-messages.js";
import type { ResolvedConnectOptions } from "./connect-options.js";
import { NetClient } from "./net-client.js";
import { backoffDelay } from "./reconnect-options.js";
import type { CloseInfo } from "./room-events.js";
import type { Transport } from "./transport/transport.js";

/** What a {@link Reconnector} reads from its connection and reports back to it. */
export interface ReconnectHost<Input> {
  /** The adapter's clock, ms. */
  now(): number;
  /** The input held now: a new core starts from it. */
  input(): Input;
  /** Sends a frame of the new core the way the connection sends its own. */
  send(bytes: Uint8Array): void;
  /** The room welcomed an attempt back as the same player: adopt its link and core. */
  resumed(transport: Transport, net: NetClient<Input>, welcome: WelcomeMessage): void;
  /** Reconnecting is over without a resume: the connection ends with this. */
  ended(code: number, reason: string, retryable?: boolean): void;
}

/** The attempts of one connection; `start` on each drop, `cancel` when the connection ends. */
export class Reconnector<Input> {
  readonly #options: ResolvedConnectOptions<Input>;
  readonly #host: ReconnectHost<Input>;
  /** The resume token of the player being resumed (the WELCOME before the drop). */
  #resumeToken = "";
  /** Attempts made since the link dropped. */
  #attempt = 0;
  /** The wait before the next attempt, and the attempt's link while it awaits a welcome. */
  #timer: ReturnType<typeof setTimeout> | undefined;
  #pending: Transport | undefined;
  /** The pending attempt's deadline for a welcome. */
  #welcomeDeadline: ReturnType<typeof setTimeout> | undefined;

  /** `start` reads `options.reconnect`: the connection calls it only with reconnection on. */
  constructor(options: ResolvedConnectOptions<Input>, host: ReconnectHost<Input>) {
    this.#options = options;
    this.#host = host;
  }

  /** The link dropped with `last`: schedules the first attempt to resume the token's player. */
  start(last: CloseInfo, resumeToken: string): void {
    this.#resumeToken = resumeToken;
    this.#attempt = 0;
    this.#schedule(last);
  }

  /** No further attempt; the pending one's link is closed. */
  cancel(): void {
    clearTimeout(this.#timer);
    // A left deadline would fire up to connectTimeoutMs later and keep a Node process alive.
    clearTimeout(this.#welcomeDeadline);
    if (this.#pending) {
      this.#pending.onclose = null;
      this.#pending.close(CLOSE.NORMAL.code, "client left");
      this.#pending = undefined;
    }
  }

  #schedule(last: CloseInfo): void {
    const o = this.#options.reconnect!;
    if (this.#attempt >= o.maxAttempts) {
      return this.#host.ended(last.code, `reconnect attempts exhausted (${last.reason})`, true);
    }
    const delay = backoffDelay(this.#attempt++, o);
    this.#timer = setTimeout(() => this.#tryResume(), delay);
  }

  /** One attempt: a new link, a HELLO with the resume token, and a fresh netcode core. */
  #tryResume(): void {
    const o = this.#options;
    const host = this.#host;
    let link: Transport;
    try {
      link = o.transport();
    } catch (e) {
      // A link that cannot even be made (a bad URL, no route to a peer yet) is a failed
      // attempt like a refused one: the next waits its backoff.
      return this.#schedule({ code: 0, reason: `no link: ${String(e)}`, retryable: true });
    }
    this.#pending = link;
    // Inputs recorded before the drop are not replayed: the new core starts with none.
    const net = new NetClient(o.game, o, (bytes) => host.send(bytes));
    net.setInput(host.input());
    let settled = false;
    const fail = (info: CloseInfo) => {
      if (settled) return;
      settled = true;
      clearTimeout(timeout);
      // cancel() let go of this link: the connection has ended meanwhile.
      if (this.#pending !== link) return;
      this.#pending = undefined;
      if (!info.retryable) return host.ended(info.code, info.reason);
      this.#schedule(info);
    };
    const timeout = setTimeout(() => {
      link.onclose = null;
      link.close();
      fail({ code: 0, reason: "no welcome in time", retryable: true });
    }, o.connectTimeoutMs);
    this.#welcomeDeadline = timeout;
    const hello = (token: string) => net.session.hello(o.name.trim(), token, this.#resumeToken);
    link.onopen = () => {
      const credentials = o.reconnectToken;
      if (!credentials) return link.send(hello(o.token), "reliable");
      Promise.resolve()
        .then(credentials)
        .then((token) => {
          // Asked asynchronously: the attempt may have ended while the token was fetched.
          if (!settled && this.#pending === link) link.send(hello(token), "reliable");
        })
        .catch((e: unknown) => {
          link.onclose = null;
          link.close();
          fail({ code: 0, reason: `no credentials to resume with: ${String(e)}`, retryable: true });
        });
    };
    link.onerror = null; // the close that follows carries the outcome
    link.onclose = (code, reason) =>
      fail({ code, reason, retryable: describeClose(code)?.retryable ?? true });
    link.onmessage = (bytes, channel) => {
      if (settled) return;
      const result = net.receive(bytes, host.now(), channel);
      if (!result.ok || result.value.type !== "welcome") return;
      settled = true;
      clearTimeout(timeout);
      this.#pending = undefined;
      if (!result.value.resumed) {
        // The grace period ran out: the room made us a new player. We leave that one at
        // once; connecting again (a new player) is the game's call.
        link.onclose = null;
        link.close(CLOSE.NORMAL.code, "resume expired");
        return host.ended(CLOSE.NORMAL.code, "resume expired: the room removed the player", true);
      }
      host.resumed(link, net, result.value);
    };
  }
}
