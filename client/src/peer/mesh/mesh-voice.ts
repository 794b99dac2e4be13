// Voice in a P2P mesh, where no relay stands between speaker and listener: the room's rule
// (VoiceRouter) is applied at both ends. The speaker sends each frame only to the joined
// peers the rule says hear it, over its view of the mesh (its `local` world and its mirrors
// of the others), so a listener the rule leaves out never receives it. Each listener applies
// the rule again to every frame that arrives, over its own view, after a frame and a byte
// budget per speaker, and passes on only what survives: a peer that sends anyway — to
// someone out of range, while muted, above its rate — is not heard.
//
// It offers what VoiceChat uses of a RoomConnection (playerId, sendVoice, and the voice,
// voice-state, player-left and close events), so the browser's voice client runs over it.

import { ByteWriter } from "../../../../shared/codec/byte-writer.js";
import {
  encodeMeshVoice,
  MESH_VOICE_HEADER_BYTES,
  type MeshVoice,
} from "../../../../shared/peer/mesh-messages.js";
import { CLOSE } from "../../../../shared/protocol/close-codes.js";
import type {
  RelayedVoiceMessage,
  VoiceFrame,
  VoiceStateMessage,
} from "../../../../shared/protocol/voice-messages.js";
import { RateLimiter } from "../../../../shared/room/rate-limiter.js";
import { VoiceBudget } from "../../../../shared/voice/voice-budget.js";
import { VoiceRouter } from "../../../../shared/voice/voice-routing.js";
import { Emitter } from "../../emitter.js";
import type { VoiceLink } from "../../voice/voice-link.js";
import type { Mesh } from "./mesh.js";
import {
  type MeshVoiceOptions,
  type ResolvedMeshVoiceOptions,
  resolveMeshVoiceOptions,
} from "./mesh-voice-options.js";

/** Events of a {@link MeshVoiceLink}: those of a RoomConnection that VoiceChat listens to. */
export interface MeshVoiceEvents {
  /** A frame of another peer that this one should hear (`speaker` is its peer id). */
  voice: RelayedVoiceMessage;
  /** A peer was muted or unmuted here ({@link MeshVoiceLink.setMuted}); this peer's own too. */
  "voice-state": VoiceStateMessage;
  /** A peer left the mesh. */
  "player-left": { readonly playerId: number };
  /** {@link MeshVoiceLink.close} was called: no voice either way from now on. */
  close: { readonly code: number; readonly reason: string };
}

/** Counters of a mesh peer's voice, since it was made. */
export interface MeshVoiceStats {
  /** Frames this peer spoke (sendVoice while not muted), the copies sent and their bytes. */
  framesSent: number;
  copiesSent: number;
  bytesSent: number;
  /** Copies not sent: the peer's link held more than the game's `listenerBacklogBytes`. */
  droppedBacklog: number;
  /** Frames that arrived from other peers, and those passed on (the `voice` event). */
  framesIn: number;
  framesHeard: number;
  /** Arrived frames dropped: the speaker is muted here. */
  droppedMuted: number;
  /** … over the speaker's frame rate or byte budget. */
  droppedRate: number;
  /** … naming a channel the game does not declare. */
  droppedChannel: number;
  /** … the rule says this peer does not hear them (out of range, another team, blocked). */
  droppedRule: number;
}

/** One speaker's budgets on arrival. */
interface SpeakerBudget {
  readonly frames: RateLimiter;
  readonly bytes: VoiceBudget;
}

/**
 * One mesh peer's voice. Create it with {@link createMeshVoice}; hand it to
 * `createVoiceChat`, which talks over any VoiceLink.
 */
export class MeshVoiceLink implements VoiceLink {
  /** This peer's id: the `playerId` VoiceChat reads. */
  readonly playerId: number;
  readonly stats: MeshVoiceStats = {
    framesSent: 0,
    copiesSent: 0,
    bytesSent: 0,
    droppedBacklog: 0,
    framesIn: 0,
    framesHeard: 0,
    droppedMuted: 0,
    droppedRate: 0,
    droppedChannel: 0,
    droppedRule: 0,
  };
  readonly #mesh: Mesh;
  readonly #o: ResolvedMeshVoiceOptions;
  readonly #router: VoiceRouter;
  readonly #events = new Emitter<MeshVoiceEvents>();
  /** Joined peers, in the order they joined (the send loop's list). */
  readonly #peers = new Set<number>();
  readonly #budgets = new Map<number, SpeakerBudget>();
  readonly #muted = new Set<number>();
  /** Speakers this peer blocked. */
  readonly #blocked = new Set<number>();
  readonly #writer = new ByteWriter(512);
  readonly #off: (() => void)[];
  #closed = false;

  /** @throws RangeError naming a bad option */
  constructor(mesh: Mesh, options: MeshVoiceOptions) {
    this.#mesh = mesh;
    this.playerId = mesh.peerId;
    this.#o = resolveMeshVoiceOptions(options, (id) =>
      id === mesh.peerId ? mesh.local : mesh.remote(id),
    );
    const o = this.#o;
    const me = mesh.peerId;
    // The world the router holds is never read: each lookup finds its peer's own world.
    this.#router = new VoiceRouter(mesh.local, {
      muted: (id) => this.#muted.has(id),
      blocked: (listener, speaker) =>
        (listener === me && this.#blocked.has(speaker)) || o.blocked?.(listener, speaker) === true,
      seatTeam: (id) => o.team?.(id),
    });
    for (const p of mesh.peers()) if (p.ready) this.#peers.add(p.peerId);
    this.#off = [
      mesh.on("peer-joined", ({ peerId }) => this.#peers.add(peerId)),
      mesh.on("peer-left", ({ peerId }) => this.#left(peerId)),
      mesh.on("voice", ({ peerId, frame }) => this.#receive(peerId, frame)),
    ];
  }

  /**
   * Sends one frame of this peer's talk spurt to every joined peer that hears it by the rule
   * (none while this peer is muted here). False once closed, or while muted.
   * @throws RangeError when `frame.channel` is not one the game declares (a bug of the caller)
   */
  sendVoice(frame: VoiceFrame): boolean {
    if (this.#closed) return false;
    const channel = this.#o.channels[frame.channel];
    if (!channel) throw new RangeError(`meshVoice: voice channel ${frame.channel} not declared`);
    if (this.#muted.has(this.playerId)) return false;
    this.stats.framesSent++;
    if (!this.#router.begin(this.playerId, channel)) return true;
    encodeMeshVoice(this.#writer.reset(), frame);
    // Encoded once; every copy is the same bytes (a transport copies what it queues).
    const bytes = this.#writer.view();
    for (const peerId of this.#peers) {
      if (!this.#router.hears(peerId)) continue;
      if (this.#mesh.sendVoice(peerId, bytes, this.#o.backlogBytes)) {
        this.stats.copiesSent++;
        this.stats.bytesSent += bytes.length;
      } else this.stats.droppedBacklog++;
    }
    return true;
  }

  /**
   * Mutes (or unmutes) `peerId` here: its frames are dropped on arrival, and when it is this
   * peer, nothing is sent. Emits `voice-state` on a change. A mute the whole mesh keeps is
   * every peer calling this alike (docs/voice.md, "Peer sessions": a mesh has no relay).
   */
  setMuted(peerId: number, muted: boolean): void {
    if (this.#muted.has(peerId) === muted) return;
    if (muted) this.#muted.add(peerId);
    else this.#muted.delete(peerId);
    this.#events.emit("voice-state", { type: "voice-state", playerId: peerId, muted });
  }

  /** Whether `peerId` is muted here. */
  isMuted(peerId: number): boolean {
    return this.#muted.has(peerId);
  }

  /**
   * Blocks (or unblocks) `speaker` for this peer: this peer never hears it, on any channel
   * (dropped on arrival); blocks are one way, so the speaker still hears this peer.
   */
  setBlocked(speaker: number, blocked: boolean): void {
    if (blocked) this.#blocked.add(speaker);
    else this.#blocked.delete(speaker);
  }

  /** Subscribes to an event; returns the unsubscribe function. */
  on<K extends keyof MeshVoiceEvents>(
    event: K,
    listener: (payload: MeshVoiceEvents[K]) => void,
  ): () => void {
    return this.#events.on(event, listener);
  }

  /** Stops voice both ways (the mesh goes on); emits `close`. Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const off of this.#off) off();
    this.#events.emit("close", { code: CLOSE.NORMAL.code, reason: "voice closed" });
  }

  /** A joined peer's frame, as it came: budgets, then the rule over this peer's view. */
  #receive(speaker: number, frame: MeshVoice): void {
    const stats = this.stats;
    stats.framesIn++;
    if (this.#muted.has(speaker)) {
      stats.droppedMuted++;
      return;
    }
    const now = this.#o.clock();
    let budget = this.#budgets.get(speaker);
    if (!budget) {
      budget = {
        frames: new RateLimiter(this.#o.framesPerSecond, this.#o.frameBurst, now),
        bytes: new VoiceBudget(this.#o.peerBytesPerSecond, now),
      };
      this.#budgets.set(speaker, budget);
    }
    // Both are taken: a flood of small frames and a stream of large ones each pay.
    const size = MESH_VOICE_HEADER_BYTES + frame.payload.length;
    const withinFrames = budget.frames.take(now);
    if (!withinFrames || !budget.bytes.take(size, now)) {
      stats.droppedRate++;
      return;
    }
    const channel = this.#o.channels[frame.channel];
    if (!channel) {
      stats.droppedChannel++;
      return;
    }
    if (!this.#router.begin(speaker, channel) || !this.#router.hears(this.playerId)) {
      stats.droppedRule++;
      return;
    }
    stats.framesHeard++;
    this.#events.emit("voice", {
      type: "voice",
      speaker,
      seq: frame.seq,
      channel: frame.channel,
      end: frame.end,
      payload: frame.payload,
    });
  }

  #left(peerId: number): void {
    if (!this.#peers.delete(peerId)) return;
    this.#budgets.delete(peerId);
    this.#events.emit("player-left", { playerId: peerId });
  }
}

/**
 * Voice for one peer of `mesh`: sends by the game's rule and hears only what the rule lets
 * through, checked again on arrival.
 * @throws RangeError naming a bad option
 * @example
 * const link = createMeshVoice(session.mesh, { voice: arenaGame.voice!, position: shipOf });
 * const voice = createVoiceChat(link, { channels: arenaGame.voice?.channels });
 * session.on("close", () => link.close());
 */
export function createMeshVoice(mesh: Mesh, options: MeshVoiceOptions): MeshVoiceLink {
  return new MeshVoiceLink(mesh, options);
}
