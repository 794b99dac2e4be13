// SocketHost: the one base of edgetick's Durable Objects that hold WebSockets, as
// partyserver's Server is for PartyKit. It owns what every such object would otherwise
// repeat: accepting hibernatable sockets with a typed attachment (kept across restarts,
// at most 16 KiB), the close reply (workerd leaves a peer's close unanswered, and the client
// hangs in CLOSING, unless the object echoes it — with a code that may be sent), closing
// with a table code and a reason cut to fit, and named alarms multiplexed on the object's
// single alarm. Subclasses see messages, departures and due alarms as plain calls.

import { DurableObject } from "cloudflare:workers";
import { echoCode } from "./close-echo.js";
import { closeReason } from "./close-reason.js";

/** Storage key of the named alarms' deadlines (a record of name → Unix ms). */
export const ALARMS_KEY = "host-alarms";

/** An entry of a close-code table (the room's CLOSE, the lobby's LOBBY_CLOSE). */
export interface CloseEntry {
  readonly code: number;
  readonly reason: string;
}

/** A Durable Object that holds WebSockets (hibernation API) with attachments of type `A`. */
export abstract class SocketHost<Env, A extends object> extends DurableObject<Env> {
  /**
   * Accepts a WebSocket upgrade: the socket hibernates with the object and comes back with
   * `attachment` after a restart.
   * @param tags at most 10, for `ctx.getWebSockets(tag)`
   */
  protected accept(
    attachment: A | null,
    tags: string[] = [],
  ): { socket: WebSocket; response: Response } {
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server, tags);
    if (attachment) server.serializeAttachment(attachment);
    return { socket: server, response: new Response(null, { status: 101, webSocket: client }) };
  }

  /** The socket's attachment, or null before one was set. */
  protected attachmentOf(ws: WebSocket): A | null {
    return ws.deserializeAttachment() as A | null;
  }

  /** Replaces the socket's attachment (serialized: at most 16 KiB). */
  protected attach(ws: WebSocket, attachment: A): void {
    ws.serializeAttachment(attachment);
  }

  /** The open sockets with an attachment, optionally only those tagged `tag`. */
  protected *attached(tag?: string): Generator<[WebSocket, A]> {
    for (const ws of this.ctx.getWebSockets(tag)) {
      const a = this.attachmentOf(ws);
      if (a && ws.readyState === WebSocket.OPEN) yield [ws, a];
    }
  }

  /** Closes `ws` with a code of a close table and an optional detail, cut to fit the frame. */
  protected closeSocket(ws: WebSocket, code: CloseEntry, detail?: string): void {
    if (ws.readyState === WebSocket.CLOSED) return;
    ws.close(code.code, closeReason(code, detail));
  }

  /**
   * Arms the alarm `name` for `at` (Unix ms), replacing its earlier deadline; several named
   * alarms share the object's one alarm, which is set to the earliest.
   */
  protected async setNamedAlarm(name: string, at: number): Promise<void> {
    const alarms = (await this.ctx.storage.get<Record<string, number>>(ALARMS_KEY)) ?? {};
    alarms[name] = at;
    await this.#arm(alarms);
  }

  /** Cancels the alarm `name`. */
  protected async clearNamedAlarm(name: string): Promise<void> {
    const alarms = (await this.ctx.storage.get<Record<string, number>>(ALARMS_KEY)) ?? {};
    if (!(name in alarms)) return;
    delete alarms[name];
    await this.#arm(alarms);
  }

  async #arm(alarms: Record<string, number>): Promise<void> {
    await this.ctx.storage.put(ALARMS_KEY, alarms);
    const first = Math.min(...Object.values(alarms));
    if (Number.isFinite(first)) await this.ctx.storage.setAlarm(first);
    else await this.ctx.storage.deleteAlarm();
  }

  override async alarm(): Promise<void> {
    const alarms = (await this.ctx.storage.get<Record<string, number>>(ALARMS_KEY)) ?? {};
    const now = Date.now();
    const due = Object.keys(alarms).filter((name) => alarms[name]! <= now);
    for (const name of due) delete alarms[name];
    await this.#arm(alarms);
    // One alarm failing must not keep the others from running; the platform retries a
    // throwing alarm() itself, so it is re-armed instead and the error logged.
    for (const name of due) {
      try {
        await this.onAlarm(name);
      } catch (e) {
        console.error(`alarm ${name} failed`, e);
        await this.setNamedAlarm(name, Date.now() + 1000);
      }
    }
  }

  override async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): Promise<void> {
    await this.onMessage(ws, message, this.attachmentOf(ws));
  }

  override async webSocketClose(ws: WebSocket, code: number, reason: string): Promise<void> {
    // The socket is CLOSING here, not CLOSED: answer the peer's close or it hangs. The
    // departure is handled whatever the answer does: a player whose close could not be
    // echoed must not stay seated, receiving snapshots, until the idle timeout.
    try {
      if (ws.readyState !== WebSocket.CLOSED) {
        const echo = echoCode(code);
        ws.close(echo, echo === code ? reason : "");
      }
    } catch (e) {
      console.error(`socket host: answering close ${code} failed`, e);
    } finally {
      await this.onGone(ws, this.attachmentOf(ws), code);
    }
  }

  override async webSocketError(ws: WebSocket): Promise<void> {
    await this.onGone(ws, this.attachmentOf(ws), 1006);
  }

  /** A frame from `ws`; `attachment` is null until the subclass set one. */
  protected abstract onMessage(
    ws: WebSocket,
    message: string | ArrayBuffer,
    attachment: A | null,
  ): void | Promise<void>;

  /**
   * `ws` closed (`code` as the peer sent it: 1000 is a goodbye, 1005/1006 a lost link) or
   * failed (1006). The close is already answered.
   */
  protected abstract onGone(
    ws: WebSocket,
    attachment: A | null,
    code: number,
  ): void | Promise<void>;

  /** The named alarm `name` is due. */
  protected onAlarm(_name: string): void | Promise<void> {}
}
