// The lobby control channel: JSON text frames over the lobby WebSocket. It is not the hot
// path (a few messages per player per minute), so it trades bytes for readability; every
// frame is still validated field by field on arrival and refused as a value, never thrown.
// docs/protocol.md#lobby-protocol describes each message.

import { err, ok, type Result } from "../codec/result.js";
import type { CrossRegionWarning } from "../regions/group-region.js";
import type { LobbySettings, ResolvedLobbySettings } from "./lobby-settings.js";

/** Largest client frame, UTF-16 code units (a chat line and its envelope fit easily). */
export const MAX_LOBBY_FRAME_CHARS = 4096;
/** Longest chat message, characters. */
export const MAX_CHAT_CHARS = 200;

/** Close codes of a lobby socket (room codes where the meaning is the same). */
export const LOBBY_CLOSE = {
  /** A frame that is not a valid lobby message. */
  MALFORMED_FRAME: { code: 4000, reason: "malformed frame" },
  /** The hello's access token was refused (the reason names why: expired, forged…). */
  CREDENTIALS_REFUSED: { code: 4101, reason: "credentials refused" },
  /** A message not allowed now (anything before hello, a second hello). */
  UNEXPECTED_MESSAGE: { code: 4004, reason: "unexpected message" },
  /** More messages than the lobby allows. */
  RATE_LIMITED: { code: 4007, reason: "rate limited" },
  /** The host or a moderator removed the member. */
  KICKED: { code: 4200, reason: "kicked" },
  /** The account is not a member: join over HTTP first. */
  NOT_A_MEMBER: { code: 4400, reason: "not a member" },
  /** The member left (possibly from another socket): this one is done. */
  LEFT: { code: 4401, reason: "left the lobby" },
  /** A newer socket of the same member replaced this one. */
  REPLACED: { code: 4402, reason: "replaced by a newer connection" },
} as const;

/** Client → lobby. */
export type LobbyClientMessage =
  | { readonly type: "hello"; readonly token: string }
  | { readonly type: "ready"; readonly ready: boolean }
  | { readonly type: "settings"; readonly settings: LobbySettings }
  | { readonly type: "kick"; readonly accountId: string }
  | { readonly type: "mute"; readonly accountId: string; readonly muted: boolean }
  | { readonly type: "chat"; readonly text: string }
  | { readonly type: "start" }
  | { readonly type: "reopen" }
  | { readonly type: "latencies"; readonly latencies: Readonly<Record<string, number>> }
  | { readonly type: "leave" };

/** A member as every member sees it. */
export interface LobbyMemberView {
  readonly accountId: string;
  readonly name: string;
  readonly roles: readonly string[];
  readonly host: boolean;
  readonly ready: boolean;
  readonly muted: boolean;
  readonly connected: boolean;
  /** The member's detected (or chosen) region id. */
  readonly regionId?: string;
}

/** The game a lobby started. */
export interface LobbyGame {
  readonly roomId: string;
  readonly regionId: string;
  readonly startedAt: number;
  /** Members whose expected latency in the region is over the threshold. */
  readonly warnings: readonly CrossRegionWarning[];
}

/** Where a lobby is: open (gathering), countdown, starting (creating the room), started. */
export type LobbyPhase = "open" | "countdown" | "starting" | "started" | "closed";

/** The lobby as every member sees it. */
export interface LobbyView {
  readonly code: string;
  readonly phase: LobbyPhase;
  readonly hostId: string;
  readonly settings: ResolvedLobbySettings;
  readonly members: readonly LobbyMemberView[];
  /** Unix ms, during the countdown. */
  readonly countdownEndsAt?: number;
  readonly game?: LobbyGame;
}

/** Lobby → client. */
export type LobbyServerMessage =
  | { readonly type: "state"; readonly lobby: LobbyView }
  | {
      readonly type: "chat";
      readonly from: string;
      readonly name: string;
      readonly text: string;
      readonly at: number;
    }
  | {
      readonly type: "started";
      readonly roomId: string;
      readonly regionId: string;
      /** A join ticket for `roomId`, for this member only. */
      readonly ticket: string;
      readonly expiresAt: number;
      readonly warnings: readonly CrossRegionWarning[];
    }
  | { readonly type: "error"; readonly code: string; readonly message: string };

const ACCOUNT_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

type Fields = Record<string, unknown>;

function isObject(v: unknown): v is Fields {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function only(m: Fields, keys: readonly string[]): boolean {
  return Object.keys(m).every((k) => keys.includes(k));
}

function latencies(v: unknown): Record<string, number> | undefined {
  if (!isObject(v)) return undefined;
  const entries = Object.entries(v);
  if (entries.length > 32) return undefined;
  const out: Record<string, number> = {};
  for (const [k, ms] of entries) {
    if (!/^[a-z0-9-]{1,32}$/.test(k) || typeof ms !== "number" || !(ms >= 0 && ms < 60_000))
      return undefined;
    out[k] = ms;
  }
  return out;
}

/**
 * Decodes one client frame; refuses anything but a known message with exactly its fields.
 * (Settings values are validated by the lobby with resolveLobbySettings.)
 */
export function decodeLobbyClientMessage(frame: string): Result<LobbyClientMessage> {
  if (frame.length > MAX_LOBBY_FRAME_CHARS) return err("frame too large");
  let m: unknown;
  try {
    m = JSON.parse(frame);
  } catch {
    return err("not JSON");
  }
  if (!isObject(m) || typeof m.type !== "string") return err("not a message object");
  switch (m.type) {
    case "hello":
      if (!only(m, ["type", "token"]) || typeof m.token !== "string" || m.token.length > 4096)
        return err("hello needs a token string");
      return ok({ type: "hello", token: m.token });
    case "ready":
      if (!only(m, ["type", "ready"]) || typeof m.ready !== "boolean")
        return err("ready needs a boolean ready");
      return ok({ type: "ready", ready: m.ready });
    case "settings":
      if (!only(m, ["type", "settings"]) || !isObject(m.settings))
        return err("settings needs a settings object");
      return ok({ type: "settings", settings: m.settings as LobbySettings });
    case "kick":
      if (!only(m, ["type", "accountId"]) || typeof m.accountId !== "string")
        return err("kick needs an accountId");
      if (!ACCOUNT_PATTERN.test(m.accountId)) return err("kick: invalid accountId");
      return ok({ type: "kick", accountId: m.accountId });
    case "mute":
      if (
        !only(m, ["type", "accountId", "muted"]) ||
        typeof m.accountId !== "string" ||
        !ACCOUNT_PATTERN.test(m.accountId) ||
        typeof m.muted !== "boolean"
      )
        return err("mute needs an accountId and a boolean muted");
      return ok({ type: "mute", accountId: m.accountId, muted: m.muted });
    case "chat":
      if (!only(m, ["type", "text"]) || typeof m.text !== "string")
        return err("chat needs a text string");
      return ok({ type: "chat", text: m.text });
    case "latencies": {
      const l = only(m, ["type", "latencies"]) ? latencies(m.latencies) : undefined;
      if (!l) return err("latencies needs region ids mapped to ms");
      return ok({ type: "latencies", latencies: l });
    }
    case "start":
    case "reopen":
    case "leave":
      if (!only(m, ["type"])) return err(`${m.type} takes no fields`);
      return ok({ type: m.type });
    default:
      return err(`unknown message type ${JSON.stringify(m.type).slice(0, 40)}`);
  }
}

const SERVER_TYPES = new Set(["state", "chat", "started", "error"]);

/**
 * Decodes a lobby frame on the client. The server is trusted more than clients are, but
 * the frame is still checked to be a known message before it is handed on.
 */
export function decodeLobbyServerMessage(frame: string): Result<LobbyServerMessage> {
  let m: unknown;
  try {
    m = JSON.parse(frame);
  } catch {
    return err("not JSON");
  }
  if (!isObject(m) || typeof m.type !== "string" || !SERVER_TYPES.has(m.type))
    return err("not a lobby message");
  if (m.type === "state" && !isObject(m.lobby)) return err("state needs a lobby");
  if (m.type === "started" && (typeof m.roomId !== "string" || typeof m.ticket !== "string"))
    return err("started needs roomId and ticket");
  return ok(m as LobbyServerMessage);
}
