// One remote peer of a mesh, as the local peer sees it: the transport to it, the record of
// what was sent to it (a replication session against acknowledged baselines), the mirror
// of its entities, and the reading of its frames. A frame is decoded once and judged here;
// what the whole mesh must act on (the peer joined, handed over, must be closed) goes back
// to the mesh as an outcome.

import type { ByteWriter } from "../../../../shared/codec/byte-writer.js";
import {
  decodeMeshMessage,
  encodeMeshAck,
  encodeMeshHello,
  MAX_MESH_FRAME_BYTES,
  MESH_UPDATE_HEADER_BYTES,
  type MeshUpdate,
  type MeshVoice,
} from "../../../../shared/peer/mesh-messages.js";
import { CLOSE, type CloseCode } from "../../../../shared/protocol/close-codes.js";
// The replication server's record of one receiver (not the client's protocol session).
import type { ClientSession as ReceiverRecord } from "../../../../shared/replication/client-session.js";
import { ReplicationClient } from "../../../../shared/replication/replication-client.js";
import { World } from "../../../../shared/world/world.js";
import type { Channel, Transport } from "../../transport/transport.js";
import { checkMeshHello } from "./mesh-hello-check.js";
import type { MeshGame } from "./mesh-options.js";

/** Counters of one link, since it was added. */
export interface MeshPeerStats {
  /** Updates sent to the peer. */
  updatesSent: number;
  /** Updates not sent because the link's backlog was over `maxBufferedBytes`. */
  updatesSkipped: number;
  /** Updates of the peer applied to its mirror. */
  updatesApplied: number;
  /**
   * Updates of the peer dropped unread: older than the mirror (reordered or duplicated on
   * the unreliable channel) or ahead of the peer's HELLO.
   */
  updatesDropped: number;
  /** Frame bytes sent to and received from the peer. */
  bytesSent: number;
  bytesReceived: number;
}

/** What the mesh must do after a frame. */
export type LinkOutcome =
  | { readonly kind: "none" }
  /** The peer's HELLO was accepted: it gets a replication session. */
  | { readonly kind: "joined" }
  /** The peer spoke: a voice frame, not yet judged (the mesh's voice applies the rule). */
  | { readonly kind: "voice"; readonly frame: MeshVoice }
  /** The peer leaves and names the adopter of its entities. */
  | { readonly kind: "handover"; readonly adopter: number }
  /** The peer broke the protocol: close its link with `code`. */
  | { readonly kind: "refused"; readonly code: CloseCode; readonly detail: string };

const NONE: LinkOutcome = { kind: "none" };

function refuse(code: CloseCode, detail: string): LinkOutcome {
  return { kind: "refused", code, detail };
}

/** The local peer's view of one remote peer. */
export class MeshLink {
  readonly peerId: number;
  readonly transport: Transport;
  /** Mirrors the peer's entities into {@link mirror}'s world. */
  readonly mirror: ReplicationClient;
  /** What was sent to the peer; null until its HELLO arrived (nothing is sent before). */
  session: ReceiverRecord | null = null;
  /** When the HELLO must have arrived, ms (NaN until the first tick after the add). */
  deadline = Number.NaN;
  readonly stats: MeshPeerStats = {
    updatesSent: 0,
    updatesSkipped: 0,
    updatesApplied: 0,
    updatesDropped: 0,
    bytesSent: 0,
    bytesReceived: 0,
  };
  readonly #game: MeshGame;
  readonly #writer: ByteWriter;

  /** @param writer scratch for control frames, shared by the mesh's links */
  constructor(peerId: number, transport: Transport, game: MeshGame, writer: ByteWriter) {
    this.peerId = peerId;
    this.transport = transport;
    this.#game = game;
    this.#writer = writer;
    // Mirror slots are not NetworkIds, so they are reused at once.
    const world = new World({
      capacity: game.schema.maxEntities,
      ...game.world,
      idReuseDelayTicks: 0,
    });
    this.mirror = new ReplicationClient(world, game.schema);
  }

  /** True once the peer's HELLO was accepted. */
  get ready(): boolean {
    return this.session !== null;
  }

  /** Sends the local peer's HELLO (when the transport opens). */
  sendHello(localPeerId: number): void {
    const w = this.#writer.reset();
    encodeMeshHello(w, {
      peerId: localPeerId,
      game: this.#game.name,
      schema: this.#game.schema.fingerprint,
    });
    this.#send(w.view(), "reliable");
  }

  /** Sends a framed update (its header written) on `channel`. */
  sendUpdate(frame: Uint8Array, channel: Channel): void {
    this.stats.updatesSent++;
    this.#send(frame, channel);
  }

  /** Sends any frame, counting it. */
  send(frame: Uint8Array, channel: Channel): void {
    this.#send(frame, channel);
  }

  /** Reads one frame of the peer: hostile until proven otherwise. */
  receive(bytes: Uint8Array, channel: Channel): LinkOutcome {
    this.stats.bytesReceived += bytes.length;
    if (bytes.length > MAX_MESH_FRAME_BYTES)
      return refuse(CLOSE.FRAME_TOO_LARGE, `${bytes.length} bytes over ${MAX_MESH_FRAME_BYTES}`);
    const decoded = decodeMeshMessage(bytes);
    if (!decoded.ok) return refuse(CLOSE.MALFORMED_FRAME, decoded.error);
    const msg = decoded.value;
    // Updates and voice may come either way; control frames rely on the reliable channel's order.
    if (msg.type !== "update" && msg.type !== "voice" && channel !== "reliable")
      return refuse(CLOSE.UNEXPECTED_MESSAGE, `${msg.type} on the unreliable channel`);
    switch (msg.type) {
      case "hello": {
        if (this.ready) return refuse(CLOSE.UNEXPECTED_MESSAGE, "a second hello");
        const refusal = checkMeshHello(msg, this.#game, this.peerId);
        return refusal ? refuse(refusal.code, refusal.detail) : { kind: "joined" };
      }
      case "update":
        return this.#update(msg, bytes, channel);
      case "ack":
        if (!this.session) return refuse(CLOSE.UNEXPECTED_MESSAGE, "ack before hello");
        // A stale or impossible tick is ignored: it can only hurt the peer's own mirror.
        this.session.acknowledge(msg.tick);
        return NONE;
      case "voice":
        if (this.ready) return { kind: "voice", frame: msg };
        // As an update: the unreliable channel may overtake the HELLO, the reliable one may not.
        return channel === "reliable"
          ? refuse(CLOSE.UNEXPECTED_MESSAGE, "voice before hello")
          : NONE;
      case "handover":
        if (!this.ready) return refuse(CLOSE.UNEXPECTED_MESSAGE, "handover before hello");
        if (msg.adopter === this.peerId)
          return refuse(CLOSE.MALFORMED_FRAME, "handover to the leaving peer itself");
        return { kind: "handover", adopter: msg.adopter };
    }
  }

  #update(msg: MeshUpdate, frame: Uint8Array, channel: Channel): LinkOutcome {
    if (!this.ready) {
      // The unreliable channel may overtake the HELLO; the reliable one may not.
      if (channel === "reliable") return refuse(CLOSE.UNEXPECTED_MESSAGE, "update before hello");
      this.stats.updatesDropped++;
      return NONE;
    }
    if (msg.tick <= this.mirror.tick) {
      this.stats.updatesDropped++;
      return NONE;
    }
    // A newer update always builds on a tick this mirror acknowledged, so it must apply:
    // one that does not is malformed. The replication client refuses it without a change.
    const applied = this.mirror.apply(frame, MESH_UPDATE_HEADER_BYTES);
    if (!applied.ok) return refuse(CLOSE.MALFORMED_FRAME, applied.error);
    if (applied.value.tick !== msg.tick)
      return refuse(
        CLOSE.MALFORMED_FRAME,
        `update of tick ${applied.value.tick} in a frame of tick ${msg.tick}`,
      );
    this.stats.updatesApplied++;
    const w = this.#writer.reset();
    encodeMeshAck(w, msg.tick);
    this.#send(w.view(), "reliable");
    return NONE;
  }

  #send(frame: Uint8Array, channel: Channel): void {
    this.stats.bytesSent += frame.length;
    this.transport.send(frame, channel);
  }
}
