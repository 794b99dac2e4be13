// Reconnection of a spectator after a dropped link: new links on reconnect-options' backoff
// schedule, each saying a spectator HELLO to a fresh netcode core, until the room welcomes
// one, a close says trying again cannot succeed, or the attempts run out. A spectator has
// nothing to resume (no avatar, no inputs, no resume token): a new welcome is the whole
// of it, and the stream starts again from a keyframe into the new core's empty mirror.

import { CLOSE, describeClose } from "../../../shared/protocol/close-codes.js";
import type { SpectatorWelcomeMessage } from "../../../shared/protocol/server-messages.js";
import { NetClient } from "../net-client.js";
import { backoffDelay } from "../reconnect-options.js";
import type { CloseInfo } from "../room-events.js";
import type { Transport } from "../transport/transport.js";
import type { ResolvedSpectateOptions } from "./spectate-options.js";

/** What a {@link SpectatorReconnector} reads from its connection and reports back to it. */
export interface SpectatorReconnectHost<Input> {
  /** The adapter's clock, ms. */
  now(): number;
  /** Sends a frame of the new core the way the connection sends its own. */
  send(bytes: Uint8Array): void;
  /** The room welcomed an attempt: adopt its link and core. */
  rejoined(transport: Transport, net: NetClient<Input>, welcome: SpectatorWelcomeMessage): void;
  /** Reconnecting is over without a welcome: the connection ends with this. */
  ended(code: number, reason: string, retryable?: boolean): void;
}

/** The attempts of one spectator connection; `start` on each drop, `cancel` when it ends. */
export class SpectatorReconnector<Input> {
  readonly #options: ResolvedSpectateOptions<Input>;
  readonly #host: SpectatorReconnectHost<Input>;
  #attempt = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #pending: Transport | undefined;
  #welcomeDeadline: ReturnType<typeof setTimeout> | undefined;

  /** `start` reads `options.reconnect`: the connection calls it only with reconnection on. */
  constructor(options: ResolvedSpectateOptions<Input>, host: SpectatorReconnectHost<Input>) {
    this.#options = options;
    this.#host = host;
  }

  /** The link dropped with `last`: schedules the first attempt. */
  start(last: CloseInfo): void {
    this.#attempt = 0;
    this.#schedule(last);
  }

  /** No further attempt; the pending one's link is closed. */
  cancel(): void {
    clearTimeout(this.#timer);
    clearTimeout(this.#welcomeDeadline);
    if (this.#pending) {
      this.#pending.onclose = null;
      this.#pending.close(CLOSE.NORMAL.code, "client left");
      this.#pending = undefined;
    }
  }

  #schedule(last: CloseInfo): void {
    const o = this.#options.reconnect!;
    if (this.#attempt >= o.maxAttempts)
      return this.#host.ended(last.code, `reconnect attempts exhausted (${last.reason})`, true);
    this.#timer = setTimeout(() => this.#try(), backoffDelay(this.#attempt++, o));
  }

  /** One attempt: a new link, a spectator HELLO and a fresh netcode core. */
  #try(): void {
    const o = this.#options;
    const host = this.#host;
    let link: Transport;
    try {
      link = o.transport();
    } catch (e) {
      // A link that cannot even be made is a failed attempt: the next waits its backoff.
      return this.#schedule({ code: 0, reason: `no link: ${String(e)}`, retryable: true });
    }
    this.#pending = link;
    const net = new NetClient(o.game, o, (bytes) => host.send(bytes));
    let settled = false;
    const fail = (info: CloseInfo) => {
      if (settled) return;
      settled = true;
      clearTimeout(timeout);
      if (this.#pending !== link) return; // cancel() let go of it: the connection ended
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
    const hello = (token: string) => net.hello(o.name.trim(), token, "spectator");
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
          fail({ code: 0, reason: `no credentials to watch with: ${String(e)}`, retryable: true });
        });
    };
    link.onerror = null; // the close that follows carries the outcome
    link.onclose = (code, reason) =>
      fail({ code, reason, retryable: describeClose(code)?.retryable ?? true });
    link.onmessage = (bytes, channel) => {
      if (settled) return;
      const result = net.receive(bytes, host.now(), channel);
      if (!result.ok || result.value.type !== "spectator-welcome") return;
      settled = true;
      clearTimeout(timeout);
      this.#pending = undefined;
      host.rejoined(link, net, result.value);
    };
  }
}
