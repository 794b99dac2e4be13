// Admission: a room verifies credentials before the room core admits anyone, player or
// spectator. The adapter routes frames of not-yet-joined sockets here. A HELLO is decoded
// once, held back while its token is verified (asynchronously: signature, expiry, audience —
// a join ticket only seats a player, a spectator ticket only admits a spectator — room, then
// the ban list in D1, then the room's access policy) and handed to the core decoded, with the
// verified account, or refused with a 41xx close code. Frames that arrive while a HELLO is being
// verified are queued (at most MAX_QUEUED_FRAMES) and replayed in order after it, so a
// client may ping or send inputs right behind its HELLO. The tick never waits for any of it.

import { findActiveBan } from "../../server/accounts/bans.js";
import {
  type CredentialFailure,
  type CredentialKind,
  loadKeyRing,
  type RoomRole,
  verifyRoomToken,
} from "../../server/auth/index.js";
import { retry } from "../../server/d1/retry.js";
import { isTransientD1Error } from "../../server/d1/transient-error.js";
import { decodeClientMessage, type HelloMessage } from "../../shared/protocol/client-messages.js";
import { CLOSE, type CloseCode } from "../../shared/protocol/close-codes.js";
import { PROTOCOL_VERSION } from "../../shared/protocol/limits.js";
import type { ConnectionId } from "../../shared/room/room-sink.js";
import { lapsedJoinTicket } from "./lapsed-ticket.js";

/** Frames queued behind a HELLO under verification; one more closes with 4007. */
export const MAX_QUEUED_FRAMES = 16;

/** The account a verified HELLO speaks for. */
export interface PlayerIdentity {
  readonly accountId: string;
  readonly roles: readonly string[];
  /**
   * The credential: a plain access token, a join ticket for this room (players only) or a
   * spectator ticket for it (spectators only).
   */
  readonly via: CredentialKind;
  /**
   * A join ticket past its expiry (lapsed-ticket.ts): it only resumes the account's seat in a
   * zone (hello-policy.ts). Undefined: a credential in force.
   */
  readonly lapsed?: true;
}

/** Whether a HELLO may join, and as whom. */
export type AdmissionDecision =
  | { readonly ok: true; readonly identity: PlayerIdentity }
  | { readonly ok: false; readonly code: CloseCode; readonly detail: string };

/** The close code for each way a credential can be refused. */
export const CLOSE_FOR_FAILURE: Readonly<Record<CredentialFailure, CloseCode>> = {
  missing: CLOSE.MISSING_CREDENTIALS,
  malformed: CLOSE.MALFORMED_CREDENTIALS,
  forged: CLOSE.FORGED_CREDENTIALS,
  expired: CLOSE.EXPIRED_CREDENTIALS,
  wrong_audience: CLOSE.WRONG_AUDIENCE,
  wrong_room: CLOSE.WRONG_ROOM,
  banned: CLOSE.BANNED,
};

/** What admission needs from the platform. */
export interface JoinCheckEnv {
  readonly AUTH_KEYS?: string;
  readonly DB: D1Database;
}

/**
 * Decides whether `token` admits its holder to room `roomId` at `now` (Unix ms) as `role`: an
 * access token, or a ticket of the role for this room (a join ticket to play, a spectator
 * ticket to watch; the other kind answers 4104), signed by a key of the ring, of an account
 * that is not banned. A database or configuration failure answers 4107 (retryable).
 * @param resuming the HELLO carries a resume token: an expired join ticket is then verified
 *   as of its expiry and answered `lapsed` (the room's policy decides: hello-policy.ts)
 */
export async function checkJoin(
  env: JoinCheckEnv,
  token: string,
  roomId: string,
  now: number,
  role: RoomRole = "player",
  resuming = false,
): Promise<AdmissionDecision> {
  let ring: Awaited<ReturnType<typeof loadKeyRing>>;
  try {
    ring = await loadKeyRing(env.AUTH_KEYS);
  } catch (e) {
    console.error(`room ${roomId}: cannot verify credentials`, e);
    return { ok: false, code: CLOSE.AUTH_UNAVAILABLE, detail: "signing keys unavailable" };
  }
  const verified = await verifyRoomToken(ring, token, roomId, now, role);
  const lapsed =
    !verified.ok && verified.failure === "expired" && resuming && role === "player"
      ? await lapsedJoinTicket(ring, token, roomId, now)
      : undefined;
  if (!verified.ok && !lapsed)
    return { ok: false, code: CLOSE_FOR_FAILURE[verified.failure], detail: verified.detail };
  const { accountId, roles, kind } = verified.ok ? verified.credential : lapsed!;
  try {
    const ban = await retry(() => findActiveBan(env.DB, accountId, now), {
      attempts: 3,
      baseMs: 20,
      retryable: isTransientD1Error,
    });
    if (ban) return { ok: false, code: CLOSE.BANNED, detail: ban.reason };
  } catch (e) {
    console.error(`room ${roomId}: ban check failed`, e);
    return { ok: false, code: CLOSE.AUTH_UNAVAILABLE, detail: "ban list unavailable" };
  }
  const identity = { accountId, roles, via: kind };
  return { ok: true, identity: lapsed ? { ...identity, lapsed: true } : identity };
}

/** The adapter side of admission. */
export interface AdmissionHost {
  /** Decides on a HELLO (normally checkJoin, then the room's access policy). */
  check(hello: HelloMessage): Promise<AdmissionDecision>;
  /** Hands an admitted HELLO to the room core, decoded. */
  admit(conn: ConnectionId, hello: HelloMessage, identity: PlayerIdentity): void;
  /** Hands any other frame to the room core as it came. */
  deliver(conn: ConnectionId, frame: Uint8Array | string): void;
  /** Closes a connection the core has not admitted. */
  refuse(conn: ConnectionId, code: CloseCode, detail: string): void;
}

/** Holds HELLOs of unjoined connections until their credentials are verified. */
export class Admission {
  readonly #host: AdmissionHost;
  readonly #inputBytes: number;
  /** Connections whose HELLO is being verified, with the frames queued behind it. */
  readonly #pending = new Map<ConnectionId, (Uint8Array | string)[]>();

  /** @param inputBytes the game's input size, to decode frames */
  constructor(host: AdmissionHost, inputBytes: number) {
    this.#host = host;
    this.#inputBytes = inputBytes;
  }

  /** True while `conn`'s HELLO is being verified. */
  verifying(conn: ConnectionId): boolean {
    return this.#pending.has(conn);
  }

  /** A frame from a connection that has not joined yet. */
  receive(conn: ConnectionId, frame: Uint8Array | string): void {
    const queued = this.#pending.get(conn);
    if (queued) {
      if (queued.length >= MAX_QUEUED_FRAMES) {
        this.#pending.delete(conn);
        return this.#host.refuse(conn, CLOSE.RATE_LIMITED, "too many frames before welcome");
      }
      queued.push(typeof frame === "string" ? frame : frame.slice());
      return;
    }
    // Anything but a current-version HELLO goes to the core as it is: it answers pings and
    // refuses bad frames, early inputs and other versions with the usual 40xx codes.
    if (typeof frame === "string") return this.#host.deliver(conn, frame);
    const decoded = decodeClientMessage(frame, this.#inputBytes);
    if (!decoded.ok || decoded.value.type !== "hello" || decoded.value.version !== PROTOCOL_VERSION)
      return this.#host.deliver(conn, frame);
    this.#pending.set(conn, []);
    void this.#verify(conn, decoded.value);
  }

  /** The connection closed: drop whatever is pending for it. */
  forget(conn: ConnectionId): void {
    this.#pending.delete(conn);
  }

  async #verify(conn: ConnectionId, hello: HelloMessage): Promise<void> {
    let decision: AdmissionDecision;
    try {
      decision = await this.#host.check(hello);
    } catch (e) {
      console.error("admission check failed", e);
      decision = { ok: false, code: CLOSE.AUTH_UNAVAILABLE, detail: "check failed" };
    }
    const queued = this.#pending.get(conn);
    if (!queued) return; // closed while we were verifying
    this.#pending.delete(conn);
    if (!decision.ok) return this.#host.refuse(conn, decision.code, decision.detail);
    this.#host.admit(conn, hello, decision.identity);
    for (const frame of queued) this.#host.deliver(conn, frame);
  }
}
