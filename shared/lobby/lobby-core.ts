// The lobby state machine, platform-free: members with names, roles and ready flags, a
// host who changes settings and kicks, chat with limits and a moderation hook, and the
// start sequence open → countdown → starting → started. The Durable Object persists
// `state` (plain data) after every change and does the side effects of a start (the room,
// the tickets) between `beginStart` and `commitStart`/`abortStart`: nothing of a start is
// visible to members until it commits, so a start happens for everyone or for no one.

import type { GeoPoint } from "../regions/geo.js";
import type { GroupMember } from "../regions/group-region.js";
import { RateLimiter } from "../room/rate-limiter.js";
import {
  LOBBY_CLOSE,
  type LobbyGame,
  type LobbyServerMessage,
  type LobbyView,
  MAX_CHAT_CHARS,
} from "./lobby-protocol.js";
import {
  type LobbySettings,
  type ResolvedLobbySettings,
  resolveLobbySettings,
} from "./lobby-settings.js";

/** A member as the lobby stores it. */
export interface LobbyMember {
  readonly accountId: string;
  readonly name: string;
  readonly roles: readonly string[];
  ready: boolean;
  muted: boolean;
  readonly joinedAt: number;
  regionId?: string;
  point?: GeoPoint;
  latencies?: Record<string, number>;
}

/** Everything a lobby must keep across restarts (plain data: it is stored as it is). */
export interface LobbyState {
  readonly code: string;
  readonly createdAt: number;
  hostId: string;
  settings: ResolvedLobbySettings;
  phase: LobbyView["phase"];
  members: LobbyMember[];
  /** Accounts kicked: they cannot join again. */
  kicked: string[];
  countdownEndsAt?: number;
  game?: LobbyGame;
  /** Games started so far (names the next room). */
  games: number;
}

/** Who joins, as the Worker verified and located them. */
export type JoiningMember = Pick<
  LobbyMember,
  "accountId" | "name" | "roles" | "regionId" | "point"
>;

/** What the lobby asks of its host platform. */
export interface LobbySink {
  /** To every connected member. */
  broadcast(message: LobbyServerMessage): void;
  /** To one member, if connected. */
  send(accountId: string, message: LobbyServerMessage): void;
  /** Closes a member's socket (kicked, left). */
  disconnect(accountId: string, code: number, reason: string): void;
}

/** A moderation decision on a chat line. */
export type ModerationVerdict =
  | { readonly action: "allow" }
  | { readonly action: "replace"; readonly text: string }
  | { readonly action: "block"; readonly reason: string };

/** Inspects chat before it is broadcast (a word filter, a call-out to a service's verdict cache). */
export type ModerationHook = (text: string, accountId: string) => ModerationVerdict;

/** An action the lobby refused, with a stable code. */
export type LobbyRefusal = { readonly ok: false; readonly code: string; readonly message: string };
/** The outcome of an action. */
export type LobbyOutcome = { readonly ok: true } | LobbyRefusal;

/** Chat: messages per second per member, and the burst. */
export const CHAT_RATE_PER_S = 1;
export const CHAT_BURST = 5;

const DONE: LobbyOutcome = { ok: true };
const refuse = (code: string, message: string): LobbyRefusal => ({ ok: false, code, message });
const STAFF_ROLES = ["moderator", "admin"];

/** One lobby's rules over its state. */
export class LobbyCore {
  readonly state: LobbyState;
  readonly #sink: LobbySink;
  readonly #moderate: ModerationHook;
  readonly #connected = new Set<string>();
  readonly #chatLimits = new Map<string, RateLimiter>();

  constructor(
    state: LobbyState,
    sink: LobbySink,
    moderate: ModerationHook = () => ({ action: "allow" }),
  ) {
    this.state = state;
    this.#sink = sink;
    this.#moderate = moderate;
  }

  /** A new lobby with its host as the only member. Throws RangeError for bad settings. */
  static create(
    code: string,
    host: JoiningMember,
    settings: LobbySettings,
    now: number,
  ): LobbyState {
    return {
      code,
      createdAt: now,
      hostId: host.accountId,
      settings: resolveLobbySettings(settings),
      phase: "open",
      members: [{ ...host, ready: false, muted: false, joinedAt: now }],
      kicked: [],
      games: 0,
    };
  }

  /** The member `accountId`, if any. */
  member(accountId: string): LobbyMember | undefined {
    return this.state.members.find((m) => m.accountId === accountId);
  }

  /** The lobby as members see it. */
  view(): LobbyView {
    const s = this.state;
    return {
      code: s.code,
      phase: s.phase,
      hostId: s.hostId,
      settings: s.settings,
      members: s.members.map((m) => ({
        accountId: m.accountId,
        name: m.name,
        roles: m.roles,
        host: m.accountId === s.hostId,
        ready: m.ready,
        muted: m.muted,
        connected: this.#connected.has(m.accountId),
        ...(m.regionId ? { regionId: m.regionId } : {}),
      })),
      ...(s.countdownEndsAt !== undefined ? { countdownEndsAt: s.countdownEndsAt } : {}),
      ...(s.game ? { game: s.game } : {}),
    };
  }

  /** What region choice needs of each member. */
  groupMembers(): GroupMember[] {
    return this.state.members.map((m) => ({
      accountId: m.accountId,
      ...(m.latencies ? { latencies: m.latencies } : {}),
      ...(m.point ? { point: m.point } : {}),
    }));
  }

  /**
   * A member's socket opened or closed (shown to others; membership is unchanged).
   * @param quiet restore without telling anyone (an object waking with sockets attached)
   */
  setConnected(accountId: string, connected: boolean, quiet = false): void {
    if (connected) this.#connected.add(accountId);
    else this.#connected.delete(accountId);
    if (!quiet) this.#changed();
  }

  /** Adds a member (joining again is a no-op that answers ok). */
  join(joining: JoiningMember, now: number): LobbyOutcome {
    const s = this.state;
    if (this.member(joining.accountId)) return DONE;
    if (s.phase === "closed") return refuse("lobby_closed", "this lobby has closed");
    if (s.kicked.includes(joining.accountId))
      return refuse("kicked", "you were removed from this lobby");
    if (s.phase === "starting" || s.phase === "started")
      return refuse("lobby_started", "this lobby's game has started");
    if (s.members.length >= s.settings.maxPlayers) return refuse("lobby_full", "the lobby is full");
    s.members.push({ ...joining, ready: false, muted: false, joinedAt: now });
    this.#cancelCountdown();
    this.#changed();
    return DONE;
  }

  /** Removes a member; the oldest remaining member becomes host; the last one closes the lobby. */
  leave(accountId: string): LobbyOutcome {
    const s = this.state;
    if (!this.member(accountId)) return refuse("not_a_member", "not a member of this lobby");
    if (s.phase === "starting") return refuse("lobby_starting", "the game is being created");
    s.members = s.members.filter((m) => m.accountId !== accountId);
    this.#connected.delete(accountId);
    this.#chatLimits.delete(accountId);
    if (s.members.length === 0) s.phase = "closed";
    else if (s.hostId === accountId) s.hostId = s.members[0]!.accountId;
    this.#cancelCountdown();
    this.#sink.disconnect(accountId, LOBBY_CLOSE.LEFT.code, LOBBY_CLOSE.LEFT.reason);
    this.#changed();
    return DONE;
  }

  /** Sets a member's ready flag (only while gathering). */
  setReady(accountId: string, ready: boolean): LobbyOutcome {
    const m = this.member(accountId);
    if (!m) return refuse("not_a_member", "not a member of this lobby");
    if (this.state.phase !== "open" && this.state.phase !== "countdown")
      return refuse("lobby_started", "the game has started");
    m.ready = ready;
    if (!ready) this.#cancelCountdown();
    this.#changed();
    return DONE;
  }

  /** The host changes settings; everyone must ready up again. */
  updateSettings(accountId: string, changes: LobbySettings): LobbyOutcome {
    const s = this.state;
    if (accountId !== s.hostId) return refuse("not_host", "only the host changes settings");
    if (s.phase !== "open" && s.phase !== "countdown")
      return refuse("lobby_started", "the game has started");
    let next: ResolvedLobbySettings;
    try {
      next = resolveLobbySettings(changes, s.settings);
    } catch (e) {
      return refuse("invalid_settings", (e as Error).message);
    }
    if (next.maxPlayers < s.members.length)
      return refuse(
        "invalid_settings",
        `settings.maxPlayers is below the ${s.members.length} members`,
      );
    s.settings = next;
    for (const m of s.members) m.ready = false;
    this.#cancelCountdown();
    this.#changed();
    return DONE;
  }

  /** The host or a moderator removes a member, who cannot come back. */
  kick(byAccountId: string, target: string): LobbyOutcome {
    const s = this.state;
    if (!this.#canModerate(byAccountId))
      return refuse("forbidden", "only the host or a moderator kicks");
    if (target === byAccountId)
      return refuse("invalid_target", "leave instead of kicking yourself");
    if (!this.member(target)) return refuse("not_a_member", "no such member");
    if (s.phase === "starting") return refuse("lobby_starting", "the game is being created");
    s.kicked.push(target);
    s.members = s.members.filter((m) => m.accountId !== target);
    this.#connected.delete(target);
    this.#cancelCountdown();
    this.#sink.disconnect(target, LOBBY_CLOSE.KICKED.code, LOBBY_CLOSE.KICKED.reason);
    this.#changed();
    return DONE;
  }

  /** A moderator (or the host) mutes or unmutes a member's chat. */
  mute(byAccountId: string, target: string, muted: boolean): LobbyOutcome {
    if (!this.#canModerate(byAccountId))
      return refuse("forbidden", "only the host or a moderator mutes");
    const m = this.member(target);
    if (!m) return refuse("not_a_member", "no such member");
    m.muted = muted;
    this.#changed();
    return DONE;
  }

  /** A chat line: length- and rate-limited, moderated, then broadcast. */
  chat(accountId: string, text: string, now: number): LobbyOutcome {
    const m = this.member(accountId);
    if (!m) return refuse("not_a_member", "not a member of this lobby");
    if (m.muted) return refuse("muted", "you are muted in this lobby");
    const trimmed = text.trim();
    if (trimmed.length === 0 || [...trimmed].length > MAX_CHAT_CHARS)
      return refuse("invalid_chat", `chat must be 1-${MAX_CHAT_CHARS} characters`);
    let limiter = this.#chatLimits.get(accountId);
    if (!limiter) {
      limiter = new RateLimiter(CHAT_RATE_PER_S, CHAT_BURST, now);
      this.#chatLimits.set(accountId, limiter);
    }
    if (!limiter.take(now)) return refuse("chat_rate_limited", "slow down");
    const verdict = this.#moderate(trimmed, accountId);
    if (verdict.action === "block") return refuse("chat_blocked", verdict.reason);
    const line = verdict.action === "replace" ? verdict.text : trimmed;
    this.#sink.broadcast({ type: "chat", from: accountId, name: m.name, text: line, at: now });
    return DONE;
  }

  /** A member's measured round trips by region id, ms (used to choose the game's region). */
  setLatencies(accountId: string, latencies: Record<string, number>): LobbyOutcome {
    const m = this.member(accountId);
    if (!m) return refuse("not_a_member", "not a member of this lobby");
    m.latencies = { ...latencies };
    return DONE;
  }

  /** Whether the lobby may start: enough members, all ready. */
  canStart(): LobbyOutcome {
    const s = this.state;
    if (s.members.length < s.settings.minPlayers)
      return refuse("not_enough_players", `needs ${s.settings.minPlayers} members`);
    const waiting = s.members.filter((m) => !m.ready).map((m) => m.name);
    if (waiting.length > 0) return refuse("not_ready", `waiting for ${waiting.join(", ")}`);
    return DONE;
  }

  /** The host starts the countdown; answers when it ends (Unix ms) or the refusal. */
  requestStart(accountId: string, now: number): LobbyOutcome & { endsAt?: number } {
    const s = this.state;
    if (accountId !== s.hostId) return refuse("not_host", "only the host starts the game");
    if (s.phase !== "open") return refuse("lobby_started", `the lobby is ${s.phase}`);
    const can = this.canStart();
    if (!can.ok) return can;
    s.phase = "countdown";
    s.countdownEndsAt = now + s.settings.countdownMs;
    this.#changed();
    return { ok: true, endsAt: s.countdownEndsAt };
  }

  /**
   * The countdown is over at `now`: if the conditions still hold, the lobby enters
   * "starting" and the caller creates the game, then commits or aborts. Answers whether it
   * did.
   */
  beginStart(now: number): LobbyOutcome {
    const s = this.state;
    if (s.phase !== "countdown" || s.countdownEndsAt === undefined || now < s.countdownEndsAt)
      return refuse("not_due", "no countdown is due");
    const can = this.canStart();
    if (!can.ok) {
      this.#cancelCountdown();
      this.#sink.broadcast({ type: "error", code: can.code, message: can.message });
      this.#changed();
      return can;
    }
    s.phase = "starting";
    delete s.countdownEndsAt;
    return DONE;
  }

  /** The game exists and every member's ticket is minted: the lobby has started. */
  commitStart(game: LobbyGame): void {
    const s = this.state;
    s.phase = "started";
    s.game = game;
    s.games++;
    this.#changed();
  }

  /** Creating the game failed: back to gathering, everyone told why. */
  abortStart(code: string, message: string): void {
    this.state.phase = "open";
    this.#sink.broadcast({ type: "error", code, message });
    this.#changed();
  }

  /** The host reopens a started lobby for another game: ready flags reset. */
  reopen(accountId: string): LobbyOutcome {
    const s = this.state;
    if (accountId !== s.hostId) return refuse("not_host", "only the host reopens the lobby");
    if (s.phase !== "started") return refuse("not_started", "the lobby is not in a game");
    s.phase = "open";
    delete s.game;
    for (const m of s.members) m.ready = false;
    this.#changed();
    return DONE;
  }

  /**
   * Nobody used the lobby for its idle timeout: it closes for good. Its members are released
   * (a former member asking sees it closed; joining is refused with lobby_closed) and its code
   * is free for a new lobby. The caller closes it only with no member connected.
   */
  close(): void {
    const s = this.state;
    s.phase = "closed";
    s.members = [];
    delete s.countdownEndsAt;
    this.#connected.clear();
    this.#chatLimits.clear();
    this.#changed();
  }

  #canModerate(accountId: string): boolean {
    const by = this.member(accountId);
    if (accountId === this.state.hostId && by) return true;
    return by?.roles.some((r) => STAFF_ROLES.includes(r)) === true;
  }

  #cancelCountdown(): void {
    if (this.state.phase !== "countdown") return;
    this.state.phase = "open";
    delete this.state.countdownEndsAt;
  }

  #changed(): void {
    this.#sink.broadcast({ type: "state", lobby: this.view() });
  }
}
