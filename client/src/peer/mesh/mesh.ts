// A P2P mesh session: a small full mesh (up to 8 peers) where each peer is authoritative
// for the entities it owns. Each peer writes its entities into its own world (`local`) and
// replicates them to every other peer with the replication encoder, one session per peer
// against acknowledged baselines (updates on the unreliable channel, acknowledgements and
// control on the reliable one); it mirrors each other peer's entities into a world of their
// own (`remote(peerId)`). Transport-agnostic: WebRTC data channels, the relay and in-process
// pairs all fit. Time is passed in: the caller ticks it, or `start()` runs an interval.

import { ByteWriter } from "../../../../shared/codec/byte-writer.js";
import {
  encodeMeshHandover,
  MAX_MESH_FRAME_BYTES,
  MESH_OP,
  MESH_UPDATE_HEADER_BYTES,
  type MeshVoice,
  writeMeshUpdateHeader,
} from "../../../../shared/peer/mesh-messages.js";
import { CLOSE, type CloseCode } from "../../../../shared/protocol/close-codes.js";
import { WorldQuantizer } from "../../../../shared/replication/quantize-world.js";
import { ReplicationServer } from "../../../../shared/replication/replication-server.js";
import { type Entity, World } from "../../../../shared/world/world.js";
import { Emitter } from "../../emitter.js";
import type { Channel, Transport } from "../../transport/transport.js";
import { type AdoptedEntity, adoptEntities, chooseAdopter } from "./handover.js";
import { type LinkOutcome, MeshLink, type MeshPeerStats } from "./mesh-link.js";
import {
  MAX_MESH_PEERS,
  type MeshGame,
  type MeshOptions,
  type ResolvedMeshOptions,
  resolveMeshOptions,
} from "./mesh-options.js";

/** Events of a {@link Mesh}. */
export interface MeshEvents {
  /** A peer's HELLO was accepted: its entities start arriving in `remote(peerId)`. */
  "peer-joined": { readonly peerId: number };
  /**
   * A peer is gone from this mesh: its link closed (`code`, `reason` as the transport or
   * the mesh said them), it was removed, it handed over, or this peer left. Its mirror was
   * emptied first (despawn events on `remote(peerId)`), then dropped.
   */
  "peer-left": {
    readonly peerId: number;
    readonly code: number;
    readonly reason: string;
    /** The peer adopting its entities, or null when they were removed. */
    readonly adopter: number | null;
  };
  /** A leaver's entities were handed over; emitted by every peer, after `peer-left`. */
  "entities-adopted": {
    /** The peer that left. */
    readonly from: number;
    /** The adopter. On the other peers the entities arrive in `remote(by)`. */
    readonly by: number;
    /** On the adopter: its new entities in `local`, by the leaver's ids. Empty elsewhere. */
    readonly entities: readonly AdoptedEntity[];
    /** On the adopter: entities left behind because `local` was full. 0 elsewhere. */
    readonly refused: number;
  };
  /**
   * A joined peer sent a voice frame, as it came: nothing here checks who should hear it
   * (MeshVoice does, docs/voice.md). `frame.payload` is a view valid during the call.
   */
  voice: { readonly peerId: number; readonly frame: MeshVoice };
}

/** One remote peer, as {@link Mesh.peers} lists it. */
export interface MeshPeer {
  readonly peerId: number;
  /** True once its HELLO was accepted (updates flow both ways). */
  readonly ready: boolean;
  /** What carries its frames. */
  readonly path: Transport["path"];
  readonly stats: Readonly<MeshPeerStats>;
}

/** Options of {@link Mesh.removePeer}. */
export interface RemovePeerOptions {
  /**
   * True: the remaining peer with the lowest id (this one included) adopts the peer's
   * entities. Every peer must decide the same for one leaver.
   * @default false
   */
  handover?: boolean;
}

/** Options of {@link Mesh.leave}. */
export interface LeaveOptions {
  /**
   * True: hand this peer's entities to the connected peer with the lowest id. A last update
   * goes on the reliable channel before the HANDOVER, so every peer holds the final state.
   * @default false
   */
  handover?: boolean;
}

/** Why removePeer closes a link. */
const REMOVED = "removed from the mesh";

/**
 * One peer of a P2P mesh. Create it with {@link createMesh}.
 *
 * @example
 * const mesh = createMesh({ game: arenaGame, peerId: welcome.peerId });
 * const ship = mesh.local.spawn();
 * mesh.local.add(ship, Ship, { owner: welcome.peerId, pos: { x: 100, y: 100 } });
 * mesh.addPeer(2, transportTo2); // once per other peer, as signaling announces them
 * mesh.on("peer-left", ({ peerId }) => console.info("peer", peerId, "left"));
 * mesh.start(); // or call mesh.tick(now) from your loop, once per schema tick
 * // each frame: move your entities in mesh.local; draw them and mesh.remote(id) for the others
 */
export class Mesh {
  /** This peer's id in the session. */
  readonly peerId: number;
  readonly game: MeshGame;
  /** The entities this peer owns: write them here; every other peer mirrors them. */
  readonly local: World;
  readonly #options: ResolvedMeshOptions;
  readonly #server: ReplicationServer;
  readonly #quantizer: WorldQuantizer | null;
  readonly #links = new Map<number, MeshLink>();
  readonly #events = new Emitter<MeshEvents>();
  readonly #writer = new ByteWriter(64);
  #timer: ReturnType<typeof setInterval> | undefined;
  #left = false;

  /** @throws naming the bad option, or when the game's world cannot hold the baselines. */
  constructor(options: MeshOptions) {
    this.#options = resolveMeshOptions(options);
    this.peerId = this.#options.peerId;
    this.game = this.#options.game;
    const schema = this.game.schema;
    this.local = new World({ capacity: schema.maxEntities, ...this.game.world });
    this.#server = new ReplicationServer(this.local, schema, {
      baseline: "last-acked",
      baselineRing: this.#options.baselineRing,
      reserveBytes: MESH_UPDATE_HEADER_BYTES,
    });
    this.#quantizer = this.game.quantizeState ? new WorldQuantizer(this.local, schema) : null;
  }

  /** Subscribes to an event; returns the unsubscribe function. */
  on<K extends keyof MeshEvents>(event: K, listener: (payload: MeshEvents[K]) => void): () => void {
    return this.#events.on(event, listener);
  }

  /** The last replication tick of `local` (−1 before the first {@link tick}). */
  get currentTick(): number {
    return this.#server.tick;
  }

  /**
   * Adds the link to another peer. The HELLO goes out when the transport is open; updates
   * flow once the other peer's HELLO is accepted (`peer-joined`). The mesh owns the
   * transport's handlers from now on.
   * @throws when the id is invalid, taken or this peer's own, the mesh is full (8 peers),
   * the transport is closed already or this peer left.
   */
  addPeer(peerId: number, transport: Transport): void {
    if (this.#left) throw new Error("mesh: addPeer after leave");
    if (!Number.isInteger(peerId) || peerId < 1 || peerId > 65_535)
      throw new Error("mesh.addPeer: peerId must be an integer in 1..65535");
    if (peerId === this.peerId) throw new Error(`mesh.addPeer: ${peerId} is this peer's own id`);
    if (this.#links.has(peerId)) throw new Error(`mesh.addPeer: peer ${peerId} is already linked`);
    if (this.#links.size + 1 >= MAX_MESH_PEERS)
      throw new Error(`mesh.addPeer: a mesh holds at most ${MAX_MESH_PEERS} peers`);
    if (transport.state === "closed") throw new Error("mesh.addPeer: the transport is closed");
    const link = new MeshLink(peerId, transport, this.game, this.#writer);
    this.#links.set(peerId, link);
    transport.onopen = () => link.sendHello(this.peerId);
    transport.onmessage = (bytes, channel) => this.#receive(link, bytes, channel);
    transport.onclose = (code, reason) => this.#dropped(link, code, reason);
    transport.onerror = null; // the close that follows carries the outcome
    if (transport.state === "open") link.sendHello(this.peerId);
  }

  /**
   * Removes a peer (signaling said it left): closes its link and drops its mirror. With
   * `handover`, the remaining peer with the lowest id adopts its entities (docs/sessions.md,
   * "Handover"). Returns false when the peer is not in the mesh.
   */
  removePeer(peerId: number, options: RemovePeerOptions = {}): boolean {
    const link = this.#links.get(peerId);
    if (!link) return false;
    const adopter = options.handover ? this.#ruleAdopter(peerId) : null;
    this.#close(link, CLOSE.NORMAL, REMOVED, adopter);
    return true;
  }

  /** The mirror of a peer's entities (empty until it joined), or undefined for an unknown peer. */
  remote(peerId: number): World | undefined {
    return this.#links.get(peerId)?.mirror.world;
  }

  /**
   * The owner's id of a mirrored entity of `peerId` (the entity in that peer's `local`), or
   * −1: the name both ends share for it.
   */
  networkIdOf(peerId: number, entity: Entity): number {
    return this.#links.get(peerId)?.mirror.networkIdOf(entity) ?? -1;
  }

  /** The mirrored entity of `peerId` for the owner's id `networkId`, or −1. */
  entityOf(peerId: number, networkId: number): Entity {
    return this.#links.get(peerId)?.mirror.entityOf(networkId) ?? -1;
  }

  /** The remote peers, by ascending id (a fresh list; for stats and tools, not a hot loop). */
  peers(): MeshPeer[] {
    return [...this.#links.values()]
      .sort((a, b) => a.peerId - b.peerId)
      .map((l) => ({
        peerId: l.peerId,
        ready: l.ready,
        path: l.transport.path,
        stats: { ...l.stats },
      }));
  }

  /**
   * Sends an encoded VOICE frame (encodeMeshVoice) to a joined peer on the unreliable
   * channel. False, sending nothing, when the peer has not joined or its link holds more than
   * `maxBufferedBytes` unsent: a late voice frame is worth nothing, so it is dropped.
   */
  sendVoice(peerId: number, frame: Uint8Array, maxBufferedBytes: number): boolean {
    if (frame[0] !== MESH_OP.VOICE) throw new Error("mesh.sendVoice: not a VOICE frame");
    const link = this.#links.get(peerId);
    if (!link?.ready || link.transport.bufferedAmount > maxBufferedBytes) return false;
    link.send(frame, "unreliable");
    return true;
  }

  /**
   * One replication tick at `now` (ms, any monotonic clock): closes links whose HELLO is
   * overdue, rounds `local` to the schema's precision when the game asks for it, commits it
   * and sends one update to every joined peer (skipping a peer whose link is backed up).
   * Call it once per schema tick (`1000 × schema.tickSeconds` ms). Returns the tick.
   * @throws after {@link leave}.
   */
  tick(now: number): number {
    if (this.#left) throw new Error("mesh: tick after leave");
    const overdue: MeshLink[] = [];
    for (const link of this.#links.values()) {
      if (link.ready) continue;
      if (Number.isNaN(link.deadline)) link.deadline = now + this.#options.handshakeTimeoutMs;
      else if (now >= link.deadline) overdue.push(link);
    }
    for (const link of overdue)
      this.#close(link, CLOSE.HANDSHAKE_TIMEOUT, "no mesh hello in time", null);
    const tick = this.#commit();
    const tooLarge: [MeshLink, number][] = [];
    for (const link of this.#links.values()) {
      if (!link.session) continue;
      if (link.transport.bufferedAmount > this.#options.maxBufferedBytes) {
        link.stats.updatesSkipped++;
        continue;
      }
      const frame = this.#server.writeUpdate(link.session, null);
      if (frame.length > MAX_MESH_FRAME_BYTES) tooLarge.push([link, frame.length]);
      else {
        writeMeshUpdateHeader(frame, tick);
        link.sendUpdate(frame, "unreliable");
      }
    }
    // The peers cannot be sent what `local` holds: a hard limit of the mesh (docs/sessions.md).
    for (const [link, bytes] of tooLarge)
      this.#close(
        link,
        CLOSE.FRAME_TOO_LARGE,
        `an update of ${bytes} bytes over ${MAX_MESH_FRAME_BYTES}: too many entities`,
        null,
      );
    return tick;
  }

  /**
   * Ticks on an interval of the schema's tick length, reading `clock` (ms) each time.
   * Idempotent; {@link stop} or {@link leave} ends it.
   */
  start(clock: () => number = defaultClock): void {
    if (this.#left) throw new Error("mesh: start after leave");
    if (this.#timer !== undefined) return;
    this.#timer = setInterval(() => this.tick(clock()), 1000 * this.game.schema.tickSeconds);
  }

  /** Stops the interval of {@link start}. */
  stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /**
   * Leaves the mesh: every link closes (1000) and every peer is removed here (`peer-left`
   * for each). With `handover`, a last update of `local` and a HANDOVER naming the adopter
   * go to every joined peer first. The mesh cannot be used afterwards; `local` stays.
   */
  leave(options: LeaveOptions = {}): void {
    if (this.#left) return;
    this.stop();
    const joined = [...this.#links.values()].filter((l) => l.ready);
    const adopter = options.handover ? chooseAdopter(joined.map((l) => l.peerId)) : null;
    if (adopter !== null) {
      const tick = this.#commit();
      const w = this.#writer.reset();
      encodeMeshHandover(w, adopter);
      const handover = w.toBytes();
      for (const link of joined) {
        const frame = this.#server.writeUpdate(link.session!, null);
        // A final state too large for a frame is not sent: the adopter keeps the last one.
        if (frame.length <= MAX_MESH_FRAME_BYTES) {
          writeMeshUpdateHeader(frame, tick);
          link.sendUpdate(frame, "reliable");
        }
        link.send(handover, "reliable");
      }
    }
    this.#left = true;
    const reason = adopter !== null ? `left, handing over to ${adopter}` : "left";
    for (const link of [...this.#links.values()]) this.#close(link, CLOSE.NORMAL, reason, null);
  }

  #commit(): number {
    this.#quantizer?.apply();
    return this.#server.commit();
  }

  #receive(link: MeshLink, bytes: Uint8Array, channel: Channel): void {
    if (this.#links.get(link.peerId) !== link) return;
    const outcome: LinkOutcome = link.receive(bytes, channel);
    switch (outcome.kind) {
      case "none":
        return;
      case "voice":
        this.#events.emit("voice", { peerId: link.peerId, frame: outcome.frame });
        return;
      case "joined":
        link.session = this.#server.connect();
        this.#events.emit("peer-joined", { peerId: link.peerId });
        return;
      case "handover":
        return this.#close(
          link,
          CLOSE.NORMAL,
          `handed over to ${outcome.adopter}`,
          outcome.adopter,
        );
      case "refused":
        // Never handed over: the peer may still be sound to the others, who keep mirroring it.
        return this.#close(link, outcome.code, outcome.detail, null);
    }
  }

  /** The transport closed on its own (the peer left, dropped or refused this one). */
  #dropped(link: MeshLink, code: number, reason: string): void {
    if (this.#links.get(link.peerId) !== link) return;
    const adopter = this.#options.handoverOnDrop ? this.#ruleAdopter(link.peerId) : null;
    this.#remove(link, code, reason, adopter);
  }

  /** The rule: the lowest id among this peer and every peer still in the mesh but the leaver. */
  #ruleAdopter(leaver: number): number | null {
    const remaining = [this.peerId];
    for (const id of this.#links.keys()) if (id !== leaver) remaining.push(id);
    return chooseAdopter(remaining);
  }

  /** Closes a link from this side (detached first, so its own close event is not heard). */
  #close(link: MeshLink, code: CloseCode, detail: string, adopter: number | null): void {
    const t = link.transport;
    t.onopen = t.onmessage = t.onclose = t.onerror = null;
    // A close reason is at most 123 UTF-8 bytes (WebSocket's limit); the mesh's are ASCII.
    const reason = `${code.reason}: ${detail}`.slice(0, 123);
    t.close(code.code, reason);
    this.#remove(link, code.code, reason, adopter);
  }

  #remove(link: MeshLink, code: number, reason: string, adopter: number | null): void {
    this.#links.delete(link.peerId);
    const t = link.transport;
    t.onopen = t.onmessage = t.onclose = t.onerror = null;
    const adoption =
      adopter === this.peerId ? adoptEntities(link.mirror, this.local, this.game.schema) : null;
    link.mirror.reset();
    this.#events.emit("peer-left", { peerId: link.peerId, code, reason, adopter });
    if (adopter !== null)
      this.#events.emit("entities-adopted", {
        from: link.peerId,
        by: adopter,
        entities: adoption?.entities ?? [],
        refused: adoption?.refused ?? 0,
      });
  }
}

/**
 * Creates one peer of a P2P mesh; add the other peers' links with {@link Mesh.addPeer}.
 * @throws naming the bad option.
 */
export function createMesh(options: MeshOptions): Mesh {
  return new Mesh(options);
}

function defaultClock(): number {
  return globalThis.performance?.now() ?? Date.now();
}
