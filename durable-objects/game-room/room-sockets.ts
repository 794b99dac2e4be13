// A GameRoom's sockets, from acceptance to departure: the open socket of each connection, the
// unadmitted ones counted against the room's and an address's caps (unadmitted-sockets.ts),
// the player or spectator an admitted HELLO seats kept on its socket's attachment (a
// restarted object re-attaches it from there), and what a refusal, a close or a kick does to
// a connection. The sockets themselves are the platform's (SocketHost): their attachments and
// closes are reached through SocketOps.

import { type RoomConfig, teamOf } from "../../server/placement/room-config.js";
import type { HelloMessage } from "../../shared/protocol/client-messages.js";
import { CLOSE, type CloseCode } from "../../shared/protocol/close-codes.js";
import type { ConnectionId } from "../../shared/room/room-sink.js";
import type { CloseEntry } from "../host/socket-host.js";
import type { PlayerIdentity } from "./admission.js";
import { matches, type PlayerTarget } from "./room-moderation.js";
import type { RoomRun } from "./room-run.js";
import { UnadmittedSockets } from "./unadmitted-sockets.js";
import type { ViolationAudit } from "./violation-audit.js";

/** The address of a socket request that came without one (tests, scripts). */
export const UNKNOWN_ADDRESS = "local";

/** Kept on each socket (at most 16 KiB) so a restarted object can re-attach it. */
export interface SocketAttachment {
  readonly conn: ConnectionId;
  readonly roomId: string;
  playerId?: number;
  name?: string;
  /** The player's resume token, kept so a restarted object restores it unchanged. */
  resumeToken?: string;
  /**
   * Set once the socket's HELLO was admitted as a spectator's: a restarted object re-attaches
   * it as a spectator (the tags of a socket are fixed when it is accepted, before its HELLO).
   */
  spectator?: true;
  /** The verified account, set with playerId (or spectator). */
  accountId?: string;
  /** The client's address (counted against the unadmitted sockets it may hold). */
  address?: string;
  roles?: readonly string[];
}

/** The attachment of a joined player's socket. */
export type JoinedAttachment = SocketAttachment & { playerId: number; accountId: string };

/** What the room's sockets need of the platform (SocketHost's socket methods). */
export interface SocketOps {
  attachmentOf(ws: WebSocket): SocketAttachment | null;
  attach(ws: WebSocket, attachment: SocketAttachment): void;
  close(ws: WebSocket, code: CloseEntry, detail?: string): void;
}

/** A room's open sockets by connection, and what happens to them. */
export class RoomSockets {
  readonly #ops: SocketOps;
  /** The room's run now (undefined before it is built). */
  readonly #run: () => RoomRun | undefined;
  readonly #sockets = new Map<ConnectionId, WebSocket>();
  readonly #unadmitted = new UnadmittedSockets();

  constructor(ops: SocketOps, run: () => RoomRun | undefined) {
    this.#ops = ops;
    this.#run = run;
  }

  /** Open sockets, joined or not. */
  get size(): number {
    return this.#sockets.size;
  }

  /** The open socket of `conn`. */
  get(conn: ConnectionId): WebSocket | undefined {
    return this.#sockets.get(conn);
  }

  /**
   * A socket just accepted from `address`: opened in `run`'s core, or closed with 4011 when
   * the room or the address holds too many unadmitted sockets (refused with a close code the
   * client library reports, rather than a failed upgrade).
   */
  accept(conn: ConnectionId, socket: WebSocket, address: string, run: RoomRun): void {
    const crowded = this.#unadmitted.add(conn, address);
    if (crowded) {
      const detail = crowded === "room" ? "in this room" : "from your address";
      this.#ops.close(socket, CLOSE.TOO_MANY_PENDING, detail);
      return;
    }
    this.#sockets.set(conn, socket);
    run.driver.open(conn, Date.now());
  }

  /** A socket that survived a restart of the object (eviction, code update), re-attached. */
  restore(ws: WebSocket, a: SocketAttachment, run: RoomRun, config: RoomConfig, now: number): void {
    const { core, driver, playerData, zone } = run;
    this.#sockets.set(a.conn, ws);
    if (a.spectator) driver.restoreSpectator(a.conn, now);
    else if (a.playerId !== undefined && a.name !== undefined) {
      const { playerId, name, resumeToken, accountId } = a;
      const team = teamOf(config, accountId);
      // A zone refuses (4103) a player its snapshot does not know: the socket is closed.
      driver.restore(a.conn, { playerId, name, resumeToken, accountId }, now, { team });
      if (!accountId || core.playerOf(a.conn) === undefined) return;
      playerData.join(a.conn, accountId, playerId);
      zone?.entered(accountId, name, playerId, true);
    } else {
      this.#unadmitted.add(a.conn, a.address ?? UNKNOWN_ADDRESS);
      driver.open(a.conn, now);
    }
  }

  /**
   * Hands an admitted HELLO to the core and keeps the joined player on its socket; true when
   * the core seated a player.
   */
  admit(
    run: RoomRun,
    config: RoomConfig,
    conn: ConnectionId,
    hello: HelloMessage,
    identity: PlayerIdentity,
  ): boolean {
    const { core } = run;
    const { accountId, roles } = identity;
    this.#unadmitted.remove(conn);
    if (hello.role === "spectator") {
      this.#admitSpectator(run, conn, hello, identity);
      return false;
    }
    const resumed = hello.resume !== "" && core.resumes(hello.resume, accountId);
    run.driver.hello(conn, hello, { accountId, team: teamOf(config, accountId) }, Date.now());
    const ws = this.#sockets.get(conn);
    const player = core.playerOf(conn);
    if (!ws || !player) return false; // the core refused the HELLO (room full, wrong game…)
    // Keep the player on the socket so a restarted object can restore it.
    const a = this.#ops.attachmentOf(ws)!;
    const { playerId, name, resumeToken } = player;
    this.#ops.attach(ws, { ...a, playerId, name, resumeToken, accountId, roles });
    run.playerData.join(conn, accountId, player.playerId);
    run.zone?.entered(accountId, name, playerId, resumed);
    run.registry.changed();
    return true;
  }

  /** Hands an admitted spectator HELLO to the core and marks its socket a spectator's. */
  #admitSpectator(
    run: RoomRun,
    conn: ConnectionId,
    hello: HelloMessage,
    { accountId, roles }: PlayerIdentity,
  ): void {
    const watching = run.core.spectatorCount;
    run.driver.hello(conn, hello, { accountId, team: undefined }, Date.now());
    const ws = this.#sockets.get(conn);
    // The core refused it (spectators full, another game…) and closed it: nothing to keep.
    if (!ws || run.core.spectatorCount === watching) return;
    this.#ops.attach(ws, { ...this.#ops.attachmentOf(ws)!, spectator: true, accountId, roles });
    run.registry.changed();
  }

  /** Closes a socket admission refused (the core has it open but not joined). */
  refuse(conn: ConnectionId, code: CloseCode, detail: string): void {
    const ws = this.#sockets.get(conn);
    this.#sockets.delete(conn);
    this.#unadmitted.remove(conn);
    this.#run()?.driver.disconnect(conn, Date.now());
    if (ws) this.#ops.close(ws, code, detail);
  }

  /** The core closed `conn` with `code`: recorded if a violation, forgotten, closed. */
  closedByCore(
    conn: ConnectionId,
    code: number,
    reason: string,
    audit: () => ViolationAudit,
  ): void {
    const ws = this.#sockets.get(conn);
    const who = ws ? this.#ops.attachmentOf(ws) : null;
    if (who) audit().closed(who, code, reason, Date.now());
    this.#sockets.delete(conn);
    this.#left(conn);
    ws?.close(code, reason);
  }

  /** The socket of `a` closed (`code` as the peer sent it) or failed; `run` is its room's. */
  gone(a: SocketAttachment, code: number, run: RoomRun | undefined): void {
    this.#sockets.delete(a.conn);
    // A client that said goodbye (1000) leaves for good; any other close may be a dropped
    // link, and its player waits out the grace period for a resume.
    run?.driver.disconnect(a.conn, Date.now(), code !== CLOSE.NORMAL.code);
    this.#left(a.conn);
  }

  /** Closes the matching players' sockets with 4200; returns how many. */
  kick(run: RoomRun, target: PlayerTarget, reason: string): number {
    let kicked = 0;
    for (const [conn, ws, a] of this.joined()) {
      if (!matches(target, a)) continue;
      this.#sockets.delete(conn);
      // Kicked players leave for good: no grace period to resume in.
      run.driver.disconnect(conn, Date.now(), false);
      this.#left(conn);
      this.#ops.close(ws, CLOSE.KICKED, reason);
      kicked++;
    }
    return kicked;
  }

  /** Joined sockets with their attachments. */
  *joined(): Generator<[ConnectionId, WebSocket, JoinedAttachment]> {
    for (const [conn, ws] of this.#sockets) {
      const a = this.#ops.attachmentOf(ws);
      if (a?.playerId !== undefined && a.accountId !== undefined)
        yield [conn, ws, a as JoinedAttachment];
    }
  }

  /** A connection is gone: nothing pending for it, and its player's data is saved. */
  #left(conn: ConnectionId): void {
    const run = this.#run();
    this.#unadmitted.remove(conn);
    run?.admission.forget(conn);
    void run?.playerData.leave(conn);
    run?.registry.changed();
  }
}
