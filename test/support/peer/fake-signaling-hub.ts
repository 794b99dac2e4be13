// An in-process stand-in for a session's PeerSession Durable Object: the signaling protocol
// of shared/peer (welcome, peer-joined/left, signals, rosters, host election, relayed binary
// frames) behind a WebSocket double that SignalingClient takes as its `WebSocket` option.
// Frames are delivered asynchronously and in order per socket, as a real socket delivers
// them. Tests use it; nothing in production does.

import { decodeRelayFrame, encodeRelayFrame } from "../../../shared/peer/relay-frame.js";
import {
  type IceServer,
  type PeerInfo,
  type RosterEntry,
  SignalClientMessage,
  type SignalServerMessage,
} from "../../../shared/peer/signal-messages.js";

/** Settings of a {@link FakeSignalingHub}. */
export interface FakeHubOptions {
  readonly sessionId?: string;
  readonly kind?: "listen" | "p2p";
  readonly iceServers?: IceServer[];
  readonly maxRelayFrameBytes?: number;
  /** Announce a new host before telling the others that the old one left (default: after). */
  readonly hostBeforePeerLeft?: boolean;
  /** Hold elections until the test calls `elect()` (a slow object, a delayed announcement). */
  readonly manualElection?: boolean;
}

interface Member {
  readonly info: PeerInfo;
  readonly socket: FakeSocket;
}

/** The server side of {@link FakeSocket}s: a signaling object in the test's process. */
export interface SocketServer {
  /** A socket opened: its peer id, or undefined to refuse it (the Worker's 401). */
  join(socket: FakeSocket, url: string): number | undefined;
  text(peerId: number, text: string): void;
  binary(peerId: number, bytes: Uint8Array): void;
  /** The socket closed with `code` (1006: the network lost it). */
  left(peerId: number, reason: string, code: number): void;
  /** Runs `task` as a later socket event. */
  schedule(task: () => void): void;
}

/** A WebSocket constructor whose sockets talk to `server`. */
export function socketConstructor(server: SocketServer): typeof WebSocket {
  return class extends FakeSocket {
    constructor(url: string | URL) {
      super(server, String(url));
    }
  } as unknown as typeof WebSocket;
}

/** One signaling session with its peers. */
export class FakeSignalingHub implements SocketServer {
  readonly sessionId: string;
  readonly kind: "listen" | "p2p";
  readonly #options: FakeHubOptions;
  readonly #tickets = new Map<string, { name: string; accountId: string }>();
  readonly #members = new Map<number, Member>();
  #nextPeerId = 1;
  #hostPeerId: number | null = null;
  #epoch = 0;
  #roster: RosterEntry[] = [];
  /** Relayed frames and their bytes (header included), as the object counts them. */
  relayFrames = 0;
  relayBytes = 0;
  /** Text frames the hub received, by type. */
  readonly received: SignalClientMessage[] = [];
  /** Errors the hub sent, by peer. */
  readonly errors: { peerId: number; code: string }[] = [];
  /** The WebSocket constructor for SignalingClient ({ WebSocket: hub.WebSocket }). */
  readonly WebSocket: typeof WebSocket;
  /** Socket events scheduled and not yet run. */
  inFlight = 0;

  constructor(options: FakeHubOptions = {}) {
    this.#options = options;
    this.sessionId = options.sessionId ?? "s_test";
    this.kind = options.kind ?? "listen";
    this.WebSocket = socketConstructor(this);
  }

  /** A ticket for `name` of account `accountId`: pass it as SignalingOptions.ticket. */
  ticket(name: string, accountId = `acct-${name}`): string {
    const ticket = `ticket-${name}-${this.#tickets.size + 1}`;
    this.#tickets.set(ticket, { name, accountId });
    return ticket;
  }

  /** The signalUrl to pass with a ticket. */
  get signalUrl(): string {
    return `ws://hub.test/v1/sessions/${this.sessionId}/signal`;
  }

  get hostPeerId(): number | null {
    return this.#hostPeerId;
  }

  get epoch(): number {
    return this.#epoch;
  }

  /** The latest roster the host sent. */
  get roster(): readonly RosterEntry[] {
    return this.#roster;
  }

  /** Peer ids connected now. */
  peerIds(): number[] {
    return [...this.#members.keys()];
  }

  /**
   * Runs until no frame, open or close is on its way through the hub (each hop is a
   * zero-delay task, so this is a bounded number of turns, not a wait for time).
   */
  async settle(): Promise<void> {
    for (let turn = 0; this.inFlight > 0; turn++) {
      if (turn > 10_000) throw new Error("the hub never settled");
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  }

  /** @internal Runs `task` as a later socket event. */
  schedule(task: () => void): void {
    this.inFlight++;
    setTimeout(() => {
      this.inFlight--;
      task();
    }, 0);
  }

  /** Cuts a peer's socket as a network failure would (close 1006 on its side). */
  drop(peerId: number): void {
    const m = this.#members.get(peerId);
    if (!m) throw new Error(`no peer ${peerId}`);
    m.socket.serverClose(1006, "connection lost");
  }

  /** Sends a raw text frame to a peer (to test how it refuses bad frames). */
  injectText(peerId: number, text: string): void {
    this.#members.get(peerId)?.socket.deliver(text);
  }

  /** Sends a raw binary frame to a peer. */
  injectBinary(peerId: number, bytes: Uint8Array): void {
    this.#members.get(peerId)?.socket.deliver(bytes.slice().buffer);
  }

  /** @internal A socket opened: a known ticket joins, any other is refused as the Worker does. */
  join(socket: FakeSocket, url: string): number | undefined {
    const ticket = new URL(url).searchParams.get("ticket") ?? "";
    const holder = this.#tickets.get(ticket);
    if (!holder) return undefined;
    const peerId = this.#nextPeerId++;
    const info: PeerInfo = { peerId, name: holder.name, accountId: holder.accountId };
    if (this.kind === "listen" && this.#hostPeerId === null && this.#epoch === 0)
      this.#hostPeerId = peerId;
    const others = [...this.#members.values()].map((m) => m.info);
    this.#members.set(peerId, { info, socket });
    this.#send(peerId, {
      type: "welcome",
      sessionId: this.sessionId,
      kind: this.kind,
      peerId,
      hostPeerId: this.kind === "listen" ? this.#hostPeerId : null,
      epoch: this.#epoch,
      peers: others,
      iceServers: this.#options.iceServers ?? [],
      maxRelayFrameBytes: this.#options.maxRelayFrameBytes ?? 65_536,
    });
    for (const other of others) this.#send(other.peerId, { type: "peer-joined", peer: info });
    return peerId;
  }

  /** @internal A text frame from `peerId`. */
  text(peerId: number, text: string): void {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return this.#error(peerId, "malformed", "not JSON");
    }
    const parsed = SignalClientMessage.safeParse(json);
    if (!parsed.success) return this.#error(peerId, "malformed", parsed.error.message);
    const msg = parsed.data;
    this.received.push(msg);
    if (msg.type === "roster") {
      if (peerId !== this.#hostPeerId) return this.#error(peerId, "not_host", "only the host");
      this.#roster = msg.players;
      return;
    }
    if (!this.#members.has(msg.to)) return this.#error(peerId, "unknown_peer", `${msg.to}`);
    this.#send(msg.to, { type: "signal", from: peerId, data: msg.data });
  }

  /** @internal A binary frame from `peerId`: relayed with the source in place of the target. */
  binary(peerId: number, bytes: Uint8Array): void {
    const decoded = decodeRelayFrame(bytes);
    if (!decoded.ok) return this.#error(peerId, "malformed_relay", decoded.error);
    const { peerId: to, unreliable, payload } = decoded.value;
    const target = this.#members.get(to);
    if (!target) return this.#error(peerId, "unknown_peer", `${to}`);
    this.relayFrames++;
    this.relayBytes += bytes.length;
    target.socket.deliver(encodeRelayFrame(peerId, unreliable, payload).buffer);
  }

  /** @internal `peerId`'s socket closed. */
  left(peerId: number, reason: string): void {
    if (!this.#members.delete(peerId)) return;
    const elect = this.kind === "listen" && peerId === this.#hostPeerId;
    const announceLeft = () => {
      for (const id of this.#members.keys())
        this.#send(id, { type: "peer-left", peerId, reason: reason.slice(0, 123) });
    };
    if (!elect || !this.#options.hostBeforePeerLeft) announceLeft();
    if (elect) {
      this.#hostPeerId = null;
      if (this.#options.manualElection) this.#electionDue = true;
      else this.#elect();
      if (this.#options.hostBeforePeerLeft) announceLeft();
    }
  }

  /** Holds the election that `manualElection` held back. */
  elect(): void {
    if (!this.#electionDue) throw new Error("no election is due");
    this.#elect();
  }

  #electionDue = false;

  /** The connected peer that joined earliest hosts now; everyone hears it with the roster. */
  #elect(): void {
    this.#electionDue = false;
    const remaining = [...this.#members.keys()].sort((a, b) => a - b);
    this.#hostPeerId = remaining[0] ?? null;
    if (this.#hostPeerId === null) return;
    this.#epoch++;
    for (const id of remaining)
      this.#send(id, {
        type: "host",
        hostPeerId: this.#hostPeerId,
        epoch: this.#epoch,
        roster: this.#roster,
      });
  }

  #error(peerId: number, code: string, message: string): void {
    this.errors.push({ peerId, code });
    this.#send(peerId, { type: "error", code, message: message.slice(0, 256) });
  }

  #send(peerId: number, msg: SignalServerMessage): void {
    this.#members.get(peerId)?.socket.deliver(JSON.stringify(msg));
  }
}

/** The WebSocket double: enough of the browser API for SignalingClient. */
export class FakeSocket {
  readonly CONNECTING = 0;
  readonly OPEN = 1;
  readonly CLOSING = 2;
  readonly CLOSED = 3;
  readyState = 0;
  binaryType = "blob";
  bufferedAmount = 0;
  onopen: ((e: Event) => void) | null = null;
  onmessage: ((e: { data: unknown }) => void) | null = null;
  onclose: ((e: { code: number; reason: string }) => void) | null = null;
  onerror: ((e: Event) => void) | null = null;
  readonly #hub: SocketServer;
  #peerId: number | undefined;

  constructor(hub: SocketServer, url: string) {
    this.#hub = hub;
    hub.schedule(() => {
      this.#peerId = hub.join(this, url);
      if (this.#peerId === undefined) return this.serverClose(1006, "");
      this.readyState = this.OPEN;
      this.onopen?.(new Event("open"));
    });
  }

  send(data: string | Uint8Array): void {
    if (this.readyState !== this.OPEN) throw new Error("send on a socket that is not open");
    const peerId = this.#peerId!;
    // A copy now, delivered later: the caller may reuse its buffer.
    const frame = typeof data === "string" ? data : data.slice();
    this.#hub.schedule(() => {
      if (typeof frame === "string") this.#hub.text(peerId, frame);
      else this.#hub.binary(peerId, frame);
    });
  }

  close(code = 1000, reason = ""): void {
    if (this.readyState >= this.CLOSING) return;
    this.readyState = this.CLOSING;
    this.#hub.schedule(() => {
      this.readyState = this.CLOSED;
      if (this.#peerId !== undefined)
        this.#hub.left(this.#peerId, reason || `closed ${code}`, code);
      this.onclose?.({ code, reason });
    });
  }

  /** @internal A frame from the hub, delivered after what is already on its way. */
  deliver(data: string | ArrayBuffer | ArrayBufferLike): void {
    this.#hub.schedule(() => {
      if (this.readyState === this.OPEN) this.onmessage?.({ data });
    });
  }

  /** @internal The hub (or the network) closes the socket. */
  serverClose(code: number, reason: string): void {
    if (this.readyState === this.CLOSED) return;
    this.readyState = this.CLOSED;
    this.#hub.schedule(() => {
      if (this.#peerId !== undefined)
        this.#hub.left(this.#peerId, reason || `closed ${code}`, code);
      this.onclose?.({ code, reason });
    });
  }
}
