// Who hears a voice frame: the rule every host applies, a room's Durable Object, a peer
// hosting a listen session (both through RoomCore) and a mesh peer sending to the others.
// A muted speaker is heard by nobody; a speaker is never sent its own frames, nor a listener
// one from a speaker it blocked; then the channel decides: proximity — the listener's
// position within the channel's radius of the speaker's (both read now, from the world);
// team — the same team; global — everyone. Pure: reads the world, writes nothing.

import type { Viewpoint } from "../room/room-interest.js";
import type { World } from "../world/world.js";
import type { ResolvedVoiceChannel } from "./voice-options.js";

/** What the rule reads of the room besides the world. */
export interface VoiceRoster {
  /** Muted by moderation: nothing of the player's is relayed. */
  muted(playerId: number): boolean;
  /** `listener` blocked `speaker` (never hears it). */
  blocked(listener: number, speaker: number): boolean;
  /** The team the host seated the player in (a team channel's default rule). */
  seatTeam(playerId: number): number | undefined;
}

/**
 * Applies the rule for one frame at a time, without allocating: `begin` once per frame
 * (the speaker's side, read once), then `hears` per candidate listener.
 * @example
 * if (router.begin(speakerId, channel)) for (const id of players) if (router.hears(id)) send(id);
 */
export class VoiceRouter {
  readonly #world: World;
  readonly #roster: VoiceRoster;
  readonly #speakerAt: Viewpoint = { x: 0, y: 0 };
  readonly #listenerAt: Viewpoint = { x: 0, y: 0 };
  #channel: ResolvedVoiceChannel | undefined;
  #speaker = 0;
  #team: number | undefined;

  constructor(world: World, roster: VoiceRoster) {
    this.#world = world;
    this.#roster = roster;
  }

  /**
   * Starts routing a frame of `speaker` on `channel`; false when nobody can hear it (a muted
   * speaker, a proximity speaker without a position, a team speaker without a team).
   */
  begin(speaker: number, channel: ResolvedVoiceChannel): boolean {
    this.#channel = undefined;
    if (this.#roster.muted(speaker)) return false;
    this.#speaker = speaker;
    if (channel.kind === "proximity") {
      if (!channel.position!(this.#world, speaker, this.#speakerAt)) return false;
    } else if (channel.kind === "team") {
      this.#team = this.#teamOf(channel, speaker);
      if (this.#team === undefined) return false;
    }
    this.#channel = channel;
    return true;
  }

  /** Whether `listener` hears the frame `begin` started (false when `begin` was false). */
  hears(listener: number): boolean {
    const channel = this.#channel;
    if (!channel || listener === this.#speaker) return false;
    if (this.#roster.blocked(listener, this.#speaker)) return false;
    switch (channel.kind) {
      case "global":
        return true;
      case "team":
        return this.#teamOf(channel, listener) === this.#team;
      case "proximity": {
        const at = this.#listenerAt;
        if (!channel.position!(this.#world, listener, at)) return false;
        const dx = at.x - this.#speakerAt.x;
        const dy = at.y - this.#speakerAt.y;
        // On the circle counts as inside: the radius is the farthest a listener hears.
        return dx * dx + dy * dy <= channel.radius * channel.radius;
      }
    }
  }

  #teamOf(channel: ResolvedVoiceChannel, playerId: number): number | undefined {
    return channel.team ? channel.team(this.#world, playerId) : this.#roster.seatTeam(playerId);
  }
}
