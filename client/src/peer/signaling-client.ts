// A peer's signaling socket: the WebSocket to its session's PeerSession object. Text frames
// are the JSON signaling protocol (shared/peer/signal-messages.ts), binary frames are relayed
// room frames (shared/peer/relay-frame.ts). Every frame from the object is validated before
// it changes anything; a malformed one closes the socket with 4000 and a reason saying what
// was wrong, as a room does with a malformed client frame. The socket is also the peer's
// membership: when it closes, the object counts the peer as gone (and elects a new host if
// it hosted).

import { err, ok, type Result } from "../../../shared/codec/result.js";
import { utf8Length } from "../../../shared/codec/utf8.js";
import { decodeRelayFrame, encodeRelayFrame } from "../../../shared/peer/relay-frame.js";
import {
  MAX_SIGNAL_FRAME_BYTES,
  type PeerInfo,
  type RosterEntry,
  type SignalClientMessage,
  type SignalData,
  SignalServerMessage,
} from "../../../shared/peer/signal-messages.js";
import { CLOSE, describeClose } from "../../../shared/protocol/close-codes.js";
import { ConnectError } from "../connect.js";
import { Emitter } from "../emitter.js";
import { resolveSignalingOptions, type SignalingOptions } from "./signaling-options.js";

/** The object's first frame: who we are in the session and how to reach the others. */
export type SignalingWelcome = Extract<SignalServerMessage, { type: "welcome" }>;

/** A new host was elected; `previousHostPeerId` is the one that left. */
export interface HostChange {
  readonly hostPeerId: number;
  readonly previousHostPeerId: number | null;
  readonly epoch: number;
  readonly roster: readonly RosterEntry[];
}

/** A relayed frame from another peer; `payload` is the receiver's to keep. */
export interface RelayedFrame {
  readonly from: number;
  readonly unreliable: boolean;
  readonly payload: Uint8Array;
}

/** Events of a {@link SignalingClient}. */
export interface SignalingEvents {
  "peer-joined": PeerInfo;
  /** `wasHost`: the peer hosted the session at some point (its links carried the room). */
  "peer-left": { readonly peerId: number; readonly reason: string; readonly wasHost: boolean };
  host: HostChange;
  signal: { readonly from: number; readonly data: SignalData };
  relay: RelayedFrame;
  /** The object refused one of our frames; the socket stays open. */
  error: { readonly code: string; readonly message: string };
  /** The socket closed (once); nothing more is sent or received. */
  close: { readonly code: number; readonly reason: string };
}

/**
 * One peer's connection to its session's signaling object.
 * @example
 * const signaling = await SignalingClient.connect({ signalUrl, ticket, baseUrl });
 * signaling.on("host", ({ hostPeerId, epoch }) => console.info("host is now", hostPeerId, epoch));
 */
export class SignalingClient {
  readonly welcome: SignalingWelcome;
  readonly #ws: WebSocket;
  readonly #events = new Emitter<SignalingEvents>();
  /** Per-peer listeners, so a link hears its own peer's frames without filtering all. */
  readonly #signalsFrom = new Emitter<Record<number, SignalData>>();
  readonly #relayFrom = new Emitter<Record<number, RelayedFrame>>();
  readonly #peers = new Map<number, PeerInfo>();
  /** Everyone seen in the session, gone or not (migration needs departed players' accounts). */
  readonly #known = new Map<number, PeerInfo>();
  /** Peers that hosted at some point. */
  readonly #hosts = new Set<number>();
  #hostPeerId: number | null;
  #epoch: number;
  #roster: readonly RosterEntry[] = [];
  #closed: { code: number; reason: string } | undefined;

  /**
   * Opens the socket and resolves on the object's welcome.
   * @throws ConnectError when the socket closes or says nothing valid within the timeout
   * @throws RangeError for invalid options (naming the field)
   */
  static connect(options: SignalingOptions): Promise<SignalingClient> {
    const o = resolveSignalingOptions(options);
    const ws = new o.WebSocket(o.url);
    ws.binaryType = "arraybuffer";
    return new Promise((resolve, reject) => {
      const fail = (error: ConnectError) => {
        clearTimeout(timeout);
        ws.onclose = null;
        ws.onmessage = null;
        reject(error);
      };
      const timeout = setTimeout(() => {
        ws.close(CLOSE.NORMAL.code, "no welcome");
        fail(new ConnectError(`no signaling welcome within ${o.connectTimeoutMs} ms`, 0, true));
      }, o.connectTimeoutMs);
      ws.onerror = () => {}; // the close event that follows carries the outcome
      ws.onclose = (e) =>
        fail(
          new ConnectError(
            `signaling closed before welcome: ${e.code} ${e.reason}`,
            e.code,
            describeClose(e.code)?.retryable ?? true,
          ),
        );
      ws.onmessage = (e) => {
        const msg = typeof e.data === "string" ? parseServerMessage(e.data) : undefined;
        if (msg?.ok && msg.value.type === "welcome") {
          clearTimeout(timeout);
          return resolve(new SignalingClient(ws, msg.value));
        }
        const detail = msg && !msg.ok ? msg.error : "first frame is not a welcome";
        ws.close(CLOSE.MALFORMED_FRAME.code, `${CLOSE.MALFORMED_FRAME.reason}: ${detail}`);
        fail(new ConnectError(`malformed signaling frame: ${detail}`, 4000, false));
      };
    });
  }

  private constructor(ws: WebSocket, welcome: SignalingWelcome) {
    this.#ws = ws;
    this.welcome = welcome;
    this.#hostPeerId = welcome.hostPeerId;
    this.#epoch = welcome.epoch;
    if (welcome.hostPeerId !== null) this.#hosts.add(welcome.hostPeerId);
    for (const p of welcome.peers) {
      this.#peers.set(p.peerId, p);
      this.#known.set(p.peerId, p);
    }
    ws.onmessage = (e) =>
      typeof e.data === "string"
        ? this.#text(e.data)
        : this.#binary(new Uint8Array(e.data as ArrayBuffer));
    ws.onclose = (e) => this.#finish(e.code, e.reason);
  }

  /** This peer's id in the session. */
  get peerId(): number {
    return this.welcome.peerId;
  }

  /** The peer hosting a listen session now (null in a P2P mesh). */
  get hostPeerId(): number | null {
    return this.#hostPeerId;
  }

  /** Bumped on each host migration. */
  get epoch(): number {
    return this.#epoch;
  }

  /** The roster of the latest host announcement (empty before any migration). */
  get roster(): readonly RosterEntry[] {
    return this.#roster;
  }

  /** The other peers connected now, by peer id. */
  get peers(): ReadonlyMap<number, PeerInfo> {
    return this.#peers;
  }

  /** A peer seen in this session, connected or gone (undefined: never seen; this peer is not listed). */
  peerInfo(peerId: number): PeerInfo | undefined {
    return this.#known.get(peerId);
  }

  /** Bytes written to the socket and not yet sent (relayed frames count here). */
  get bufferedAmount(): number {
    return this.#ws.bufferedAmount ?? 0;
  }

  /** Why the socket closed, once it has. */
  get closed(): { readonly code: number; readonly reason: string } | undefined {
    return this.#closed;
  }

  /** Subscribes to an event; returns the unsubscribe function. */
  on<K extends keyof SignalingEvents>(
    event: K,
    listener: (payload: SignalingEvents[K]) => void,
  ): () => void {
    return this.#events.on(event, listener);
  }

  /** Subscribes to the signals of one peer; returns the unsubscribe function. */
  onSignal(from: number, listener: (data: SignalData) => void): () => void {
    return this.#signalsFrom.on(from, listener);
  }

  /** Subscribes to the relayed frames of one peer; returns the unsubscribe function. */
  onRelay(from: number, listener: (frame: RelayedFrame) => void): () => void {
    return this.#relayFrom.on(from, listener);
  }

  /** Sends `data` to peer `to`; false when the socket is closed or the frame too large. */
  signal(to: number, data: SignalData): boolean {
    return this.#sendText({ type: "signal", to, data });
  }

  /** Host only: which player each admitted peer is (replaces the previous roster). */
  sendRoster(players: readonly RosterEntry[]): boolean {
    return this.#sendText({ type: "roster", players: [...players] });
  }

  /**
   * Relays a frame to peer `to`; false when the socket is closed or the frame exceeds the
   * object's `maxRelayFrameBytes` (header included).
   */
  relay(to: number, unreliable: boolean, payload: Uint8Array): boolean {
    if (this.#closed || this.#ws.readyState !== this.#ws.OPEN) return false;
    const frame = encodeRelayFrame(to, unreliable, payload);
    if (frame.length > this.welcome.maxRelayFrameBytes) return false;
    this.#ws.send(frame);
    return true;
  }

  /** Leaves the session (the object tells the others; a host's leaving elects a new one). */
  close(code: number = CLOSE.NORMAL.code, reason = "peer left"): void {
    if (this.#closed) return;
    this.#ws.close(code, reason);
    this.#finish(code, reason);
  }

  #sendText(msg: SignalClientMessage): boolean {
    if (this.#closed || this.#ws.readyState !== this.#ws.OPEN) return false;
    const text = JSON.stringify(msg);
    if (utf8Length(text) > MAX_SIGNAL_FRAME_BYTES) return false;
    this.#ws.send(text);
    return true;
  }

  #text(text: string): void {
    if (this.#closed) return;
    const parsed = parseServerMessage(text);
    if (!parsed.ok) return this.#refuse(parsed.error);
    const msg = parsed.value;
    switch (msg.type) {
      case "welcome":
        return this.#refuse("a second welcome");
      case "peer-joined":
        this.#peers.set(msg.peer.peerId, msg.peer);
        this.#known.set(msg.peer.peerId, msg.peer);
        return this.#events.emit("peer-joined", msg.peer);
      case "peer-left": {
        this.#peers.delete(msg.peerId);
        const wasHost = this.#hosts.has(msg.peerId);
        return this.#events.emit("peer-left", { peerId: msg.peerId, reason: msg.reason, wasHost });
      }
      case "signal":
        this.#events.emit("signal", { from: msg.from, data: msg.data });
        return this.#signalsFrom.emit(msg.from, msg.data);
      case "host": {
        // An announcement of an epoch we already know is stale (reordered or repeated).
        if (msg.epoch <= this.#epoch) return;
        const previousHostPeerId = this.#hostPeerId;
        this.#hostPeerId = msg.hostPeerId;
        this.#epoch = msg.epoch;
        this.#roster = msg.roster;
        this.#hosts.add(msg.hostPeerId);
        const { hostPeerId, epoch, roster } = msg;
        return this.#events.emit("host", { hostPeerId, previousHostPeerId, epoch, roster });
      }
      case "error":
        return this.#events.emit("error", { code: msg.code, message: msg.message });
    }
  }

  #binary(frame: Uint8Array): void {
    if (this.#closed) return;
    const decoded = decodeRelayFrame(frame);
    if (!decoded.ok) return this.#refuse(decoded.error);
    const { peerId: from, unreliable, payload } = decoded.value;
    const relayed = { from, unreliable, payload };
    this.#events.emit("relay", relayed);
    this.#relayFrom.emit(from, relayed);
  }

  /** A frame the object should never send: the link to it cannot be trusted any more. */
  #refuse(detail: string): void {
    const reason = `${CLOSE.MALFORMED_FRAME.reason}: ${detail}`.slice(0, 120);
    this.#ws.close(CLOSE.MALFORMED_FRAME.code, reason);
    this.#finish(CLOSE.MALFORMED_FRAME.code, reason);
  }

  #finish(code: number, reason: string): void {
    if (this.#closed) return;
    this.#closed = { code, reason };
    this.#ws.onmessage = null;
    this.#ws.onclose = null;
    this.#events.emit("close", this.#closed);
  }
}

/** Parses and validates one text frame from the object. */
function parseServerMessage(text: string): Result<SignalServerMessage> {
  if (utf8Length(text) > MAX_SIGNAL_FRAME_BYTES)
    return err(`text frame over ${MAX_SIGNAL_FRAME_BYTES} bytes`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return err("text frame is not JSON");
  }
  const parsed = SignalServerMessage.safeParse(json);
  if (parsed.success) return ok(parsed.data);
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? ` at ${issue.path.join(".")}` : "";
  return err(`invalid signaling message${where}: ${issue?.message ?? "?"}`);
}
