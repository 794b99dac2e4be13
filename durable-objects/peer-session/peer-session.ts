// PeerSession: one Durable Object per listen-server or P2P session, named by the session id
// and placed (locationHint) in the session's region when the session is registered. A thin
// adapter around PeerSessionCore: hibernatable signaling sockets whose attachments hold the
// peer (so a restarted object knows who is connected), the session state in storage, the
// usage counts persisted on a coarse alarm, and the session's heartbeat in session search
// while peers are connected (so it stays joinable after its first host left, when nobody
// calls the heartbeat route). The Worker verifies each socket's session ticket and passes the
// identity in an internal header; the object trusts nothing else from it.

import type { DurableObjectsEnv } from "../../server/env.js";
import {
  decodeSignalIdentity,
  PEER_SESSION_SOCKET_PATH,
  PeerSessionConfig,
  SIGNAL_IDENTITY_HEADER,
} from "../../server/peer/peer-session-address.js";
import {
  HOSTED_SESSION_TTL_MS,
  SessionRepository,
} from "../../server/sessions/session-repository.js";
import type { SignalServerMessage } from "../../shared/peer/signal-messages.js";
import { ObjectUsage } from "../host/object-usage.js";
import { SocketHost } from "../host/socket-host.js";
import {
  newSessionState,
  PeerSessionCore,
  type PeerSessionSink,
  type PeerSessionState,
  type SessionPeer,
} from "./peer-session-core.js";
import { SessionUsage, type UsageCounts } from "./session-usage.js";

/** How long usage counts may stay only in memory, ms: well under the ~10 s idle eviction. */
export const USAGE_FLUSH_MS = 5_000;

const STATE_KEY = "state";
const USAGE_KEY = "usage";

/** The named alarm that persists the usage counts. */
const USAGE_ALARM = "usage";

/** The named alarm that heartbeats the session in search while peers are connected. */
const BEAT_ALARM = "beat";

/** A session's heartbeat interval while peers are connected, ms (its search TTL is 60 s). */
export const SESSION_BEAT_MS = 20_000;

/** Joins and departures within this long share one heartbeat, ms. */
const BEAT_DEBOUNCE_MS = 1_000;

/** A session as the Worker's join route checks it. */
export interface PeerSessionInfo {
  readonly kind: PeerSessionConfig["kind"];
  readonly capacity: number;
  readonly hostAccount: string;
  /** Peers connected now. */
  readonly peers: number;
  readonly ended: boolean;
}

/** GET /v1/sessions/:sessionId/usage, and whom the Worker shows it to. */
export interface PeerSessionUsage extends UsageCounts {
  readonly sessionId: string;
  readonly kind: PeerSessionConfig["kind"];
  readonly hostAccount: string;
  readonly ended: boolean;
  /** Peers connected now. */
  readonly peers: number;
}

/** What configure answers. */
export type ConfigureOutcome =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly code: "invalid_config" | "session_exists";
      readonly message: string;
    };

/** One peer session's signaling and relay object. */
export class PeerSession extends SocketHost<DurableObjectsEnv, SessionPeer> {
  #core: PeerSessionCore | undefined;
  #usage = new SessionUsage();
  /** The session's share of the deployment's metered usage (ObjectUsage, usage_minutes). */
  readonly #meter: ObjectUsage;
  readonly #sockets = new Map<number, WebSocket>();
  #flushArmed = false;
  /**
   * Named alarms are a read-modify-write of one stored record: two armed in the same event
   * would race and one would be lost, so they are armed one after another.
   */
  #alarms: Promise<void> = Promise.resolve();

  constructor(ctx: DurableObjectState, env: DurableObjectsEnv) {
    super(ctx, env);
    this.#meter = new ObjectUsage(
      env.DB,
      () => {
        const config = this.#core?.config;
        const id = config?.sessionId ?? ctx.id.name ?? ctx.id.toString();
        const region = config?.region ?? "";
        return {
          kind: "relay",
          objectId: id,
          matchId: id,
          game: "",
          mode: config?.kind ?? "",
          region,
        };
      },
      (work) => ctx.waitUntil(work),
    );
    // No event reaches the object before its state is read; sockets survive a restart (an
    // eviction, a code update) and are re-attached from their attachments.
    void ctx.blockConcurrencyWhile(async () => {
      const [state, usage] = await Promise.all([
        ctx.storage.get<PeerSessionState>(STATE_KEY),
        ctx.storage.get<UsageCounts>(USAGE_KEY),
      ]);
      this.#usage = new SessionUsage(usage);
      if (!state) return;
      const peers: SessionPeer[] = [];
      for (const [ws, peer] of this.attached()) {
        this.#sockets.set(peer.peerId, ws);
        peers.push(peer);
      }
      this.#core = this.#build(state, peers);
    });
  }

  /** RPC: takes the session's configuration once (again with the same one is fine). */
  async configure(config: PeerSessionConfig): Promise<ConfigureOutcome> {
    this.#meter.request();
    const parsed = PeerSessionConfig.safeParse(config);
    if (!parsed.success)
      return { ok: false, code: "invalid_config", message: parsed.error.message };
    if (this.#core) {
      const same = JSON.stringify(this.#core.config) === JSON.stringify(parsed.data);
      return same
        ? { ok: true }
        : { ok: false, code: "session_exists", message: "configured with another session" };
    }
    const state = newSessionState(parsed.data);
    this.#core = this.#build(state, []);
    await this.ctx.storage.put(STATE_KEY, state);
    return { ok: true };
  }

  /** RPC: the session's kind, capacity and occupancy; null if it was never configured. */
  info(): PeerSessionInfo | null {
    const core = this.#core;
    if (!core) return null;
    const { kind, capacity, hostAccount } = core.config;
    return { kind, capacity, hostAccount, peers: core.connected, ended: core.ended };
  }

  /** RPC: the relay and signaling counts; null if the session was never configured. */
  usage(): PeerSessionUsage | null {
    const core = this.#core;
    if (!core) return null;
    const { sessionId, kind, hostAccount } = core.config;
    return {
      sessionId,
      kind,
      hostAccount,
      ended: core.ended,
      peers: core.connected,
      ...this.#usage.counts,
    };
  }

  /** RPC: the host removed the session: close every peer with 4401. */
  async end(): Promise<void> {
    this.#meter.request();
    this.#core?.end("the host removed the session");
    await this.#flush();
  }

  /** The signaling socket's upgrade, from the Worker with the verified identity. */
  override async fetch(request: Request): Promise<Response> {
    this.#meter.request();
    if (new URL(request.url).pathname !== PEER_SESSION_SOCKET_PATH)
      return refusal(404, "not_found", "no such endpoint");
    if (request.headers.get("Upgrade")?.toLowerCase() !== "websocket")
      return refusal(426, "upgrade_required", "expected a WebSocket upgrade");
    const identity = decodeSignalIdentity(request.headers.get(SIGNAL_IDENTITY_HEADER));
    if (!identity) return refusal(400, "invalid_identity", "no verified identity");
    const core = this.#core;
    if (!core) return refusal(404, "session_not_found", "no such peer session");
    // Accepted first and closed with a code when refused: a browser sees a close code, never
    // the status of a failed upgrade.
    const { socket, response } = this.accept(null);
    const admitted = core.admit(identity);
    if (!admitted.ok) {
      this.closeSocket(socket, admitted.code, admitted.detail);
      return response;
    }
    this.attach(socket, admitted.peer);
    this.#sockets.set(admitted.peer.peerId, socket);
    send(socket, admitted.welcome);
    return response;
  }

  protected override onMessage(
    _ws: WebSocket,
    message: string | ArrayBuffer,
    peer: SessionPeer | null,
  ): void {
    this.#meter.message(typeof message === "string" ? message.length : message.byteLength);
    if (!peer) return; // a refused socket, closing
    const frame = typeof message === "string" ? message : new Uint8Array(message);
    this.#core?.receive(peer.peerId, frame, Date.now());
  }

  protected override async onGone(
    ws: WebSocket,
    peer: SessionPeer | null,
    code: number,
  ): Promise<void> {
    if (!peer || this.#sockets.get(peer.peerId) !== ws) return;
    this.#sockets.delete(peer.peerId);
    this.#core?.leave(peer.peerId, code);
    await this.#flush();
  }

  protected override async onAlarm(name: string): Promise<void> {
    if (name === USAGE_ALARM) {
      this.#flushArmed = false;
      await this.#flush();
    } else if (name === BEAT_ALARM) await this.#beat();
  }

  /** Refreshes the session's search row with the peers connected now, while there are any. */
  async #beat(): Promise<void> {
    const core = this.#core;
    if (!core || core.ended || core.connected === 0) return;
    const now = Date.now();
    const repo = new SessionRepository(this.env.DB);
    await repo.heartbeat(core.config.sessionId, core.connected, now, HOSTED_SESSION_TTL_MS);
    await this.#alarm(BEAT_ALARM, now + SESSION_BEAT_MS);
  }

  /**
   * Arms (a time) or cancels (null) the named alarm `name`, after those armed before; a
   * storage failure is logged (the next change arms it again).
   */
  #alarm(name: string, at: number | null): Promise<void> {
    this.#alarms = this.#alarms
      .then(() => (at === null ? this.clearNamedAlarm(name) : this.setNamedAlarm(name, at)))
      .catch((e) => console.error(`peer session: alarm ${name} failed`, e));
    return this.#alarms;
  }

  async #flush(): Promise<void> {
    // The deployment's metering too (at most every few seconds: the same debounced alarm).
    this.#meter.flush(true);
    if (!this.#usage.dirty) return;
    this.#usage.persisted();
    // Counts need not hold outgoing frames until they are durable.
    await this.ctx.storage.put(USAGE_KEY, { ...this.#usage.counts }, { allowUnconfirmed: true });
  }

  #build(state: PeerSessionState, peers: SessionPeer[]): PeerSessionCore {
    const sink: PeerSessionSink = {
      send: (peerId, message) => {
        const ws = this.#sockets.get(peerId);
        if (ws) send(ws, message);
      },
      relay: (peerId, frame) => {
        const ws = this.#sockets.get(peerId);
        if (ws?.readyState !== WebSocket.OPEN) return;
        ws.send(frame);
        const now = Date.now();
        this.#meter.meter.add("relayBytes", frame.byteLength, now);
        this.#meter.meter.add("wsMessagesOut", 1, now);
        this.#meter.meter.add("bytesOut", frame.byteLength, now);
      },
      backlog: (peerId) => this.#sockets.get(peerId)?.bufferedAmount ?? 0,
      close: (peerId, code, detail) => {
        const ws = this.#sockets.get(peerId);
        this.#sockets.delete(peerId);
        if (ws) this.closeSocket(ws, code, detail);
      },
      persist: (s) => void this.ctx.storage.put(STATE_KEY, s),
      counted: () => {
        if (this.#flushArmed) return;
        this.#flushArmed = true;
        this.ctx.waitUntil(this.#alarm(USAGE_ALARM, Date.now() + USAGE_FLUSH_MS));
      },
      peersChanged: () => {
        this.ctx.waitUntil(this.#alarm(BEAT_ALARM, Date.now() + BEAT_DEBOUNCE_MS));
      },
      ended: () => {
        const { sessionId } = state.config;
        // Out of session search at once, rather than when its heartbeats stop.
        const removed = new SessionRepository(this.env.DB).remove(sessionId).catch((e) => {
          console.error(`peer session ${sessionId}: removing it from search failed`, e);
        });
        const quiet = this.#alarm(BEAT_ALARM, null);
        this.ctx.waitUntil(Promise.all([removed, quiet, this.#flush()]));
      },
    };
    return new PeerSessionCore(state, peers, this.#usage, sink);
  }
}

function send(ws: WebSocket, message: SignalServerMessage): void {
  if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(message));
}

function refusal(status: number, code: string, message: string): Response {
  return Response.json({ error: { code, message } }, { status });
}
