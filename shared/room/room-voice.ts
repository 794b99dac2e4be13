// A room's voice relay (GameDefinition.voice, docs/voice.md): each VOICE frame a player sends
// is relayed at once, outside the tick, to the connected players who should hear it
// (shared/voice/voice-routing.ts) — the same bytes to each, built once. Voice has budgets of
// its own, so it never takes from state replication: a frame rate per speaker (not the
// room's message rate), a byte rate for the whole room, and a listener whose link holds more
// than `listenerBacklogBytes` unsent gets no voice until it drains (dropped, never queued).
// Moderation mutes are kept by account, so a reconnection (or a new seat) stays muted; the
// host persists them (mutes / restoreMutes) across restarts.

import type { CloseCode } from "../protocol/close-codes.js";
import { CLOSE } from "../protocol/close-codes.js";
import { relayedVoiceFrame, type VoiceMessage } from "../protocol/voice-messages.js";
import { VoiceBudget } from "../voice/voice-budget.js";
import type { ResolvedVoiceOptions } from "../voice/voice-options.js";
import { VoiceRouter } from "../voice/voice-routing.js";
import type { World } from "../world/world.js";
import type { GracePeriod } from "./grace-period.js";
import { RateLimiter } from "./rate-limiter.js";
import type { RoomOutbox } from "./room-outbox.js";
import type { Connection, Player } from "./room-player.js";
import type { ConnectionId, RoomSink } from "./room-sink.js";

/** What a room's voice relay did since the room was built. */
export interface VoiceStats {
  /** VOICE frames accepted from speakers. */
  readonly framesIn: number;
  /** Copies sent to listeners (a frame heard by three counts three). */
  readonly framesOut: number;
  /** Bytes of those copies, headers included. */
  readonly bytesOut: number;
  /** Frames of muted speakers, dropped whole. */
  readonly droppedMuted: number;
  /** Copies not sent: the room's voice byte budget was spent. */
  readonly droppedBudget: number;
  /** Copies not sent: the listener's link held more than `listenerBacklogBytes`. */
  readonly droppedBacklog: number;
}

/** Zero of everything: a room without voice. */
export const NO_VOICE_STATS: VoiceStats = {
  framesIn: 0,
  framesOut: 0,
  bytesOut: 0,
  droppedMuted: 0,
  droppedBudget: 0,
  droppedBacklog: 0,
};

/** The parts of a room its voice relay reads. */
export interface VoiceParts<Input> {
  readonly world: World;
  readonly conns: ReadonlyMap<ConnectionId, Connection<Input>>;
  readonly detached: GracePeriod<Player<Input>>;
  readonly outbox: RoomOutbox;
  readonly close: (c: Connection<Input>, code: CloseCode, detail?: string) => void;
}

/** The mute key of an account (what `mutes()` lists and `restoreMutes` takes). */
export function accountMuteKey(accountId: string): string {
  return `account:${accountId}`;
}

/** The key a mute is kept under: the account, or the seat on hosts that verify none. */
function muteKey(p: { readonly id: number; readonly accountId?: string }): string {
  return p.accountId === undefined ? `player:${p.id}` : accountMuteKey(p.accountId);
}

/** Relays one room's voice. */
export class RoomVoice<Input> {
  readonly options: ResolvedVoiceOptions;
  readonly #room: VoiceParts<Input>;
  readonly #sink: RoomSink;
  readonly #router: VoiceRouter;
  readonly #budget: VoiceBudget;
  readonly #limiters = new WeakMap<Connection<Input>, RateLimiter>();
  readonly #mutes = new Set<string>();
  /** Speakers each listener blocked, by listener id. */
  readonly #blocks = new Map<number, Set<number>>();
  readonly #seatTeams = new Map<number, number | undefined>();
  #stats = { ...NO_VOICE_STATS };

  constructor(options: ResolvedVoiceOptions, room: VoiceParts<Input>, sink: RoomSink) {
    this.options = options;
    this.#room = room;
    this.#sink = sink;
    // Full from the start: the first frame, whenever it comes, finds a second's worth.
    this.#budget = new VoiceBudget(options.roomBytesPerSecond, 0);
    this.#router = new VoiceRouter(room.world, {
      muted: (id) => this.isMuted(id),
      blocked: (listener, speaker) =>
        this.#blocks.get(listener)?.has(speaker) === true ||
        options.blocked?.(room.world, listener, speaker) === true,
      seatTeam: (id) => this.#seatTeams.get(id),
    });
  }

  /** The relay's counts since the room was built. */
  get stats(): VoiceStats {
    return { ...this.#stats };
  }

  /** A VOICE frame from `c` (a joined player's link) at `now`, ms. */
  receive(c: Connection<Input>, msg: VoiceMessage, now: number): void {
    const speaker = c.player!;
    const o = this.options;
    let limiter = this.#limiters.get(c);
    if (!limiter) {
      limiter = new RateLimiter(o.framesPerSecond, o.frameBurst, now, c.heardStalledMs);
      this.#limiters.set(c, limiter);
    }
    if (!limiter.take(now, c.heardStalledMs))
      return this.#room.close(c, CLOSE.RATE_LIMITED, "voice frames");
    const channel = o.channels[msg.channel];
    if (!channel)
      return this.#room.close(
        c,
        CLOSE.UNEXPECTED_MESSAGE,
        `voice channel ${msg.channel} not declared`,
      );
    const stats = this.#stats;
    stats.framesIn++;
    if (this.isMuted(speaker.id)) {
      stats.droppedMuted++;
      return;
    }
    if (!this.#router.begin(speaker.id, channel)) return;
    let frame: Uint8Array | undefined;
    for (const listener of this.#room.conns.values()) {
      if (!listener.player || !this.#router.hears(listener.player.id)) continue;
      frame ??= relayedVoiceFrame(speaker.id, msg);
      if ((this.#sink.buffered?.(listener.id) ?? 0) > o.listenerBacklogBytes) {
        stats.droppedBacklog++;
        continue;
      }
      if (!this.#budget.take(frame.length, now)) {
        stats.droppedBudget++;
        continue;
      }
      // Unreliable where the link has such a channel: a late voice frame is worth nothing.
      this.#sink.send(listener.id, frame, "unreliable");
      stats.framesOut++;
      stats.bytesOut += frame.length;
    }
  }

  /** Whether the player of `playerId` is muted by moderation. */
  isMuted(playerId: number): boolean {
    if (this.#mutes.size === 0) return false;
    const p = this.#player(playerId);
    return p !== undefined && this.#mutes.has(muteKey(p));
  }

  /**
   * Mutes or unmutes `playerId` (kept by its account: every seat and later reconnection of
   * the account follows) and tells every player; false for a player not in the room.
   */
  setMuted(playerId: number, muted: boolean): boolean {
    const p = this.#player(playerId);
    if (!p) return false;
    const key = muteKey(p);
    if (this.#mutes.has(key) === muted) return true;
    if (muted) this.#mutes.add(key);
    else this.#mutes.delete(key);
    // Every seat of the account changed: each is told.
    for (const seat of this.#seats()) {
      if (muteKey(seat) !== key) continue;
      for (const c of this.#room.conns.values())
        if (c.player) this.#room.outbox.voiceState(c.id, seat.id, muted);
    }
    return true;
  }

  /** The mutes in force, for the host to persist (opaque keys). */
  mutes(): string[] {
    return [...this.#mutes].sort();
  }

  /** Brings back persisted mutes (after a restart), replacing those in force. */
  restoreMutes(keys: readonly string[]): void {
    this.#mutes.clear();
    for (const k of keys) this.#mutes.add(k);
  }

  /** Makes `listener` hear (`blocked` false) or never hear `speaker` again in this room. */
  setBlocked(listener: number, speaker: number, blocked: boolean): void {
    const set = this.#blocks.get(listener) ?? new Set<number>();
    if (blocked) set.add(speaker);
    else set.delete(speaker);
    if (set.size > 0) this.#blocks.set(listener, set);
    else this.#blocks.delete(listener);
  }

  /** The room seated `playerId` in `team` (the team channels' default rule). */
  seated(playerId: number, team: number | undefined): void {
    this.#seatTeams.set(playerId, team);
  }

  /** The join sequence's part: VOICE_STATE to `c` for each muted player, its own included. */
  welcome(c: Connection<Input>): void {
    if (this.#mutes.size === 0) return;
    for (const p of this.#seats())
      if (this.#mutes.has(muteKey(p))) this.#room.outbox.voiceState(c.id, p.id, true);
  }

  /**
   * A new seat joined: if its account is muted, every other player hears so (its own link
   * heard it in its welcome).
   */
  joined(player: Player<Input>, own: Connection<Input>): void {
    if (!this.#mutes.has(muteKey(player))) return;
    for (const c of this.#room.conns.values())
      if (c.player && c !== own) this.#room.outbox.voiceState(c.id, player.id, true);
  }

  /** Forgets a player who left (its mute stays with its account). */
  removed(playerId: number): void {
    this.#blocks.delete(playerId);
    for (const set of this.#blocks.values()) set.delete(playerId);
    this.#seatTeams.delete(playerId);
  }

  *#seats(): Generator<Player<Input>> {
    for (const c of this.#room.conns.values()) if (c.player) yield c.player;
    yield* this.#room.detached.players();
  }

  #player(playerId: number): Player<Input> | undefined {
    for (const p of this.#seats()) if (p.id === playerId) return p;
    return undefined;
  }
}
