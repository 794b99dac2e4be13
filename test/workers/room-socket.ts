// A test client for rooms inside workerd: opens a room WebSocket through the Worker,
// decodes every server frame and lets tests await messages and the close.
import { exports } from "cloudflare:workers";
import { ARENA_SCHEMA, listShips, type ShipValues } from "../../games/arena/index.js";
import { ByteWriter } from "../../shared/codec/byte-writer.js";
import {
  encodeHello,
  encodeInputHeader,
  encodePing,
  encodeRate,
  type HelloRole,
  NO_TICK_ACK,
} from "../../shared/protocol/client-messages.js";
import { decodeServerMessage, type ServerMessage } from "../../shared/protocol/server-messages.js";
import { ReplicationClient } from "../../shared/replication/replication-client.js";
import { World } from "../../shared/world/world.js";
import { signInGuest } from "./sign-in.js";

type Of<T extends ServerMessage["type"]> = Extract<ServerMessage, { type: T }>;

/** What one SNAPSHOT brought the client's mirror to. */
export interface AppliedSnapshot {
  readonly tick: number;
  readonly ackSeq: number;
  readonly ships: ShipValues[];
  /** Entities this update removed as out of view (REMOVAL_REASON.LEFT), not despawned. */
  readonly left: number;
  /** The SNAPSHOT frame's length, bytes (what the room's state budget pays for). */
  readonly bytes: number;
}

/** Rejects after `ms` so a missing message fails the test instead of hanging it. */
function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) =>
      setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms),
    ),
  ]);
}

/** One room connection as a test sees it. */
export class RoomSocket {
  readonly messages: ServerMessage[] = [];
  /** Every snapshot, applied in order to this client's mirror of the room. */
  readonly snapshots: AppliedSnapshot[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  readonly #ws: WebSocket;
  readonly #waiters: (() => void)[] = [];
  #mirroring = true;
  readonly #mirror = new ReplicationClient(
    new World({ capacity: ARENA_SCHEMA.maxEntities, idReuseDelayTicks: 0 }),
    ARENA_SCHEMA,
  );

  private constructor(ws: WebSocket) {
    this.#ws = ws;
    this.closed = new Promise((resolve) => {
      ws.addEventListener("close", (e) => resolve({ code: e.code, reason: e.reason }));
    });
    ws.addEventListener("message", (e) => {
      const decoded = decodeServerMessage(new Uint8Array(e.data as ArrayBuffer));
      if (!decoded.ok) throw new Error(`server sent a malformed frame: ${decoded.error}`);
      this.messages.push(decoded.value);
      // The mirror holds arena state: a socket playing another game keeps only the messages.
      if (decoded.value.type === "snapshot" && this.#mirroring) {
        const applied = this.#mirror.apply(decoded.value.update);
        if (!applied.ok) throw new Error(`snapshot refused by the mirror: ${applied.error}`);
        const ships = listShips(this.#mirror.world);
        const { tick, left } = applied.value;
        const bytes = (e.data as ArrayBuffer).byteLength;
        this.snapshots.push({ tick, ackSeq: decoded.value.ackSeq, ships, left, bytes });
      }
      for (const wake of this.#waiters.splice(0)) wake();
    });
  }

  /**
   * Opens a socket to room `roomId` (no hello yet), making it a room of `game` if new, from
   * client address `address` (Cloudflare's CF-Connecting-IP) when given.
   */
  static async open(roomId: string, game?: string, address?: string): Promise<RoomSocket> {
    const query = game === undefined ? "" : `?game=${game}`;
    const headers: Record<string, string> = { Upgrade: "websocket" };
    if (address) headers["CF-Connecting-IP"] = address;
    const res = await exports.default.fetch(`http://edgetick.test/v1/rooms/${roomId}/ws${query}`, {
      headers,
    });
    const ws = res.webSocket;
    if (!ws) throw new Error(`no WebSocket: ${res.status} ${await res.text()}`);
    ws.accept();
    // Standard WebSockets deliver binary frames as Blobs unless told otherwise.
    ws.binaryType = "arraybuffer";
    return new RoomSocket(ws);
  }

  /**
   * Opens a socket, says hello with `token` (by default, a new guest's access token) and
   * waits for the welcome.
   */
  static async join(
    roomId: string,
    name: string,
    token?: string,
    resume = "",
  ): Promise<RoomSocket> {
    const socket = await RoomSocket.open(roomId);
    socket.hello(name, token ?? (await signInGuest(name)).accessToken, resume);
    await socket.next("welcome");
    return socket;
  }

  /**
   * Sends a HELLO (with `resume`, the resume token of an earlier WELCOME) as a client of
   * `game` (the arena by default: this socket mirrors arena state), as a player unless
   * `role` says spectator.
   */
  hello(
    name: string,
    token: string,
    resume = "",
    game = { name: "arena", fingerprint: ARENA_SCHEMA.fingerprint },
    role: HelloRole = "player",
  ): void {
    this.#mirroring = game.name === "arena";
    const w = new ByteWriter();
    encodeHello(w, { game: game.name, schema: game.fingerprint, name, token, resume, role });
    this.send(w.toBytes());
  }

  send(bytes: Uint8Array | string): void {
    this.#ws.send(bytes);
  }

  /**
   * Sends arena inputs with sequences `firstSeq`…, acknowledging the mirror's tick (or
   * `ackTick`, e.g. an old one to play a client that stopped acknowledging).
   */
  sendInputs(firstSeq: number, buttons: number[], ackTick?: number): void {
    const w = new ByteWriter();
    const ack = ackTick ?? (this.#mirror.tick < 0 ? NO_TICK_ACK : this.#mirror.tick);
    encodeInputHeader(w, ack, firstSeq, buttons.length);
    for (const b of buttons) w.u8(b);
    this.send(w.toBytes());
  }

  /** Sends a RATE: the most state bytes per second this client wants (0: no cap). */
  rate(bytesPerSecond: number): void {
    const w = new ByteWriter();
    encodeRate(w, bytesPerSecond);
    this.send(w.toBytes());
  }

  /** Sends a PING: the room answers it as it handles it, after every frame sent before it. */
  ping(clientTime: number): void {
    const w = new ByteWriter();
    encodePing(w, clientTime);
    this.send(w.toBytes());
  }

  close(): void {
    this.#ws.close(1000, "test done");
  }

  /** Closes as a lost link would look to the room: not a goodbye, so the player may resume. */
  drop(): void {
    this.#ws.close(3000, "link lost");
  }

  /** Received messages of one type. */
  all<T extends ServerMessage["type"]>(type: T): Of<T>[] {
    return this.messages.filter((m): m is Of<T> => m.type === type);
  }

  /** The first message of `type` matching `test`, waiting up to `ms` for it. */
  async next<T extends ServerMessage["type"]>(
    type: T,
    test: (m: Of<T>) => boolean = () => true,
    ms = 3000,
  ): Promise<Of<T>> {
    const find = () => this.all(type).find(test);
    return within(
      ms,
      type,
      (async () => {
        for (let m = find(); ; m = find()) {
          if (m) return m;
          await new Promise<void>((wake) => this.#waiters.push(wake));
        }
      })(),
    );
  }

  /** The first applied snapshot matching `test`, waiting up to `ms` for it. */
  async snapshot(test: (s: AppliedSnapshot) => boolean, ms = 3000): Promise<AppliedSnapshot> {
    return within(
      ms,
      "snapshot",
      (async () => {
        for (;;) {
          const found = this.snapshots.find(test);
          if (found) return found;
          await new Promise<void>((wake) => this.#waiters.push(wake));
        }
      })(),
    );
  }

  /** The first snapshot after tick `afterTick`, as the client's mirror saw it. */
  stateAfter(afterTick: number): Promise<AppliedSnapshot> {
    return this.snapshot((s) => s.tick > afterTick);
  }

  /** Waits for the close frame. */
  closedWithin(ms = 3000): Promise<{ code: number; reason: string }> {
    return within(ms, "close", this.closed);
  }
}
