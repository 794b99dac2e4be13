// The PeerSession Durable Object's core (durable-objects/peer-session/peer-session-core.ts)
// behind the WebSocket double of fake-signaling-hub.ts, as the object runs it: the client's
// sessions checked against the server's real signaling, election and relay rules in one
// process. Tickets stand for what the Worker verifies (account, name, role). Tests only.

import {
  newSessionState,
  PeerSessionCore,
} from "../../../durable-objects/peer-session/peer-session-core.js";
import { SessionUsage } from "../../../durable-objects/peer-session/session-usage.js";
import type { SignalServerMessage } from "../../../shared/peer/signal-messages.js";
import { type FakeSocket, type SocketServer, socketConstructor } from "./fake-signaling-hub.js";

interface Holder {
  readonly accountId: string;
  readonly name: string;
  readonly role: "host" | "peer";
}

/** One listen session run by the signaling object's core. */
export class CoreSignalingHub implements SocketServer {
  readonly sessionId = "ls_core";
  readonly usage = new SessionUsage();
  readonly core: PeerSessionCore;
  /** The object's state (host, epoch, roster), as the core keeps it. */
  readonly state: ReturnType<typeof newSessionState>;
  readonly WebSocket: typeof WebSocket;
  readonly #tickets = new Map<string, Holder>();
  readonly #sockets = new Map<number, FakeSocket>();
  #clock = 0;

  constructor(capacity = 8) {
    const state = newSessionState({
      sessionId: this.sessionId,
      kind: "listen",
      capacity,
      hostAccount: "acct-host",
      region: null,
    });
    this.state = state;
    this.core = new PeerSessionCore(state, [], this.usage, {
      send: (peerId, msg: SignalServerMessage) =>
        this.#sockets.get(peerId)?.deliver(JSON.stringify(msg)),
      relay: (peerId, frame) => this.#sockets.get(peerId)?.deliver(frame.slice().buffer),
      backlog: () => 0,
      close: (peerId, code, detail) => {
        const socket = this.#sockets.get(peerId);
        this.#sockets.delete(peerId);
        socket?.serverClose(code.code, detail);
      },
      persist() {},
      counted() {},
      peersChanged() {},
      ended() {},
    });
    this.WebSocket = socketConstructor(this);
  }

  get signalUrl(): string {
    return `ws://core.test/v1/sessions/${this.sessionId}/signal`;
  }

  /** A ticket for `name`; the host's says role "host", as the registering account's does. */
  ticket(name: string, role: "host" | "peer" = "peer"): string {
    const ticket = `ticket-${name}-${this.#tickets.size + 1}`;
    this.#tickets.set(ticket, { accountId: `acct-${name}`, name, role });
    return ticket;
  }

  join(socket: FakeSocket, url: string): number | undefined {
    const holder = this.#tickets.get(new URL(url).searchParams.get("ticket") ?? "");
    if (!holder) return undefined;
    const admitted = this.core.admit({ ...holder, iceServers: [] });
    if (!admitted.ok) {
      socket.serverClose(admitted.code.code, admitted.detail);
      return undefined;
    }
    this.#sockets.set(admitted.peer.peerId, socket);
    socket.deliver(JSON.stringify(admitted.welcome));
    return admitted.peer.peerId;
  }

  text(peerId: number, text: string): void {
    this.core.receive(peerId, text, this.#now());
  }

  binary(peerId: number, bytes: Uint8Array): void {
    this.core.receive(peerId, bytes, this.#now());
  }

  left(peerId: number, _reason: string, code: number): void {
    this.#sockets.delete(peerId);
    this.core.leave(peerId, code);
  }

  schedule(task: () => void): void {
    setTimeout(task, 0);
  }

  /** The object's clock for its rate limits: real time, as the object reads it. */
  #now(): number {
    this.#clock = Math.max(this.#clock, performance.now());
    return this.#clock;
  }
}
