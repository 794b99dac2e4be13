// The bench's RoomSink: what a GameRoom Durable Object's sockets are to the room core.
// Every frame is copied as a socket's send copies it (the core's buffer is reused), into a
// per-connection buffer reused from tick to tick so the stand-in socket allocates nothing
// in the room's tick; the latest SNAPSHOT per connection waits for its client to decode it, the other frames
// (WELCOME, PLAYER_JOINED, PLAYER_LEFT) are checked and counted.
import { decodeServerMessage, SERVER_OP } from "../../shared/protocol/index.js";
import type { ConnectionId, RoomSink } from "../../shared/room/index.js";

/** What one connection has received. */
interface Inbox {
  /**
   * The socket's receive buffer: the latest SNAPSHOT is copied here (grown in 4 KiB blocks,
   * then reused), as a socket's send copies the core's reused buffer without the JS heap.
   */
  buffer: Uint8Array;
  /** Length of the SNAPSHOT in {@link buffer} not yet decoded, or −1. */
  pending: number;
  /** SNAPSHOT frames received so far. */
  snapshots: number;
  /** Bytes of every other frame received so far. */
  controlBytes: number;
  /**
   * A view of {@link buffer} for every length it can hold, made at the first take from this
   * buffer (empty until then: the capacity bench's 1,000 connections are mostly never decoded,
   * their snapshots only counted by {@link BenchRoomHost.skipSnapshot}, and 4,097 views of
   * ~200 B each made ~900 MB of heap for them). A socket hands over each message as a new
   * object; that object is the platform's, not the room's or the client's, so the stand-in
   * hands out these instead and the heap figures hold only what edgetick allocates.
   */
  views: Uint8Array[];
}

/** A view of `buffer` for every length from 0 to its size. */
function viewsOf(buffer: Uint8Array): Uint8Array[] {
  return Array.from({ length: buffer.byteLength + 1 }, (_, n) => buffer.subarray(0, n));
}

/**
 * A host with sockets that never fail. A connection the room closes is a bench bug, so
 * `close` throws with the room's reason.
 *
 * @example
 * const host = new BenchRoomHost();
 * const room = new RoomCore(game, "bench", host);
 * room.update(now);
 * const frame = host.takeSnapshot("client 0");
 */
export class BenchRoomHost implements RoomSink {
  readonly #inboxes = new Map<ConnectionId, Inbox>();
  #ticking = false;

  /** True while the room asked for its tick timer. */
  get ticking(): boolean {
    return this.#ticking;
  }

  send(conn: ConnectionId, bytes: Uint8Array): void {
    const inbox = this.#inbox(conn);
    if (bytes[0] === SERVER_OP.SNAPSHOT) {
      // A snapshot left undecoded is lost: its client has missed an update.
      if (inbox.buffer.byteLength < bytes.byteLength) {
        inbox.buffer = new Uint8Array(Math.ceil(bytes.byteLength / 4096) * 4096);
        inbox.views = [];
      }
      inbox.buffer.set(bytes);
      inbox.pending = bytes.byteLength;
      inbox.snapshots++;
      return;
    }
    const decoded = decodeServerMessage(bytes);
    if (!decoded.ok) throw new Error(`room sent ${conn} a malformed frame: ${decoded.error}`);
    inbox.controlBytes += bytes.byteLength;
  }

  close(conn: ConnectionId, code: number, reason: string): void {
    throw new Error(`room closed ${conn} with ${code}: ${reason}`);
  }

  setTicking(on: boolean): void {
    this.#ticking = on;
  }

  /** Size of `conn`'s pending SNAPSHOT frame, bytes (0 when none). */
  pendingBytes(conn: ConnectionId): number {
    return Math.max(0, this.#inboxes.get(conn)?.pending ?? 0);
  }

  /**
   * Hands over `conn`'s pending SNAPSHOT frame, or null: a view of the connection's buffer,
   * valid until the room's next send to `conn` (a client decodes it before the next tick).
   */
  takeSnapshot(conn: ConnectionId): Uint8Array | null {
    const length = this.skipSnapshot(conn);
    if (length < 0) return null;
    const inbox = this.#inboxes.get(conn)!;
    if (inbox.views.length === 0) inbox.views = viewsOf(inbox.buffer);
    return inbox.views[length]!;
  }

  /**
   * The length of `conn`'s pending SNAPSHOT, now taken without a view of it (a client that
   * does not decode), or −1 when none is pending.
   */
  skipSnapshot(conn: ConnectionId): number {
    const inbox = this.#inboxes.get(conn);
    if (inbox === undefined || inbox.pending < 0) return -1;
    const length = inbox.pending;
    inbox.pending = -1;
    return length;
  }

  /** SNAPSHOT frames `conn` received so far. */
  snapshots(conn: ConnectionId): number {
    return this.#inboxes.get(conn)?.snapshots ?? 0;
  }

  /** Bytes of the non-SNAPSHOT frames `conn` received so far. */
  controlBytes(conn: ConnectionId): number {
    return this.#inboxes.get(conn)?.controlBytes ?? 0;
  }

  /** Forgets `conn` (the socket is gone). */
  drop(conn: ConnectionId): void {
    this.#inboxes.delete(conn);
  }

  #inbox(conn: ConnectionId): Inbox {
    let inbox = this.#inboxes.get(conn);
    if (inbox === undefined) {
      const buffer = new Uint8Array(4096);
      inbox = { buffer, pending: -1, snapshots: 0, controlBytes: 0, views: [] };
      this.#inboxes.set(conn, inbox);
    }
    return inbox;
  }
}
