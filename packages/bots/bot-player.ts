// One bot: signs in (or takes its token), finds its room (a named room, or a solo
// matchmaking ticket), connects with the real client and lets the fleet drive its input.
// Its life is reported through the BotEvents the fleet counts.

import {
  type CloseInfo,
  type ConnectionState,
  connect,
  createHttpClient,
  type HttpClient,
  type NetStatsSample,
  type RoomConnection,
  roomUrl,
} from "@edgetick/client";
import type { AnyGame } from "./bot-games.js";
import { botAddress, botFetch, isLocalUrl, type RetryCounter } from "./bot-sign-in.js";
import type { ResolvedBotsOptions } from "./bots-options.js";

/** What the fleet hears from a bot. */
export interface BotEvents {
  /** The bot's connection changed state (`close` set when a link closed or dropped). */
  state(bot: Bot, state: ConnectionState, close: CloseInfo | undefined): void;
  stats(bot: Bot, sample: NetStatsSample): void;
}

/** Longest a matchmaking long-poll waits, seconds (the API allows 0–25). */
const MATCH_WAIT_S = 20;
/** Most long-polls of one ticket before the bot gives up. */
const MAX_MATCH_POLLS = 30;

/** Session stand-in for a token handed in with `--tokens` (never refreshed). */
function tokenSession(accessToken: string) {
  return {
    accountId: "",
    roles: [],
    tokenType: "Bearer" as const,
    accessToken,
    accessTokenExpiresAt: Number.MAX_SAFE_INTEGER,
    refreshToken: "",
    refreshTokenExpiresAt: 0,
  };
}

/** A bot of the fleet. */
export class Bot {
  readonly index: number;
  /** The connection, once joined. */
  room: RoomConnection<unknown> | undefined;
  /** The input it holds. */
  held: unknown;
  readonly retries: RetryCounter = { retries: 0 };
  /** Whether an RPC of the bot's policy awaits its answer. */
  calling = false;

  constructor(index: number, idleInput: unknown) {
    this.index = index;
    this.held = idleInput;
  }

  /**
   * Signs in, finds the room and connects; resolves once joined. Throws on a refused
   * sign-in, ticket or join (the fleet counts the bot as failed).
   */
  async join(
    game: AnyGame,
    options: ResolvedBotsOptions,
    random: () => number,
    events: BotEvents,
    signal: AbortSignal,
  ): Promise<void> {
    const address = isLocalUrl(options.url)
      ? botAddress(this.index + options.seed * 4096)
      : undefined;
    const fetchFn = botFetch(address, this.retries, signal);
    const token = options.tokens?.[this.index % options.tokens.length];
    const http = createHttpClient({
      baseUrl: options.url,
      fetch: fetchFn,
      ...(token ? { session: tokenSession(token) } : {}),
    });
    if (!token) await http.signInGuest({ deviceId: deviceIdOf(options.seed, this.index) });
    const access = () => http.session!.accessToken;
    const { url, helloToken } = await this.#place(http, game, options, signal);
    const room = await connect({
      url,
      game,
      name: `bot${this.index}`,
      token: helloToken,
      sendRate: options.sendRate,
      reconnectToken: access,
      reconnect: { random, maxAttempts: 30, maxDelayMs: 5_000 },
    });
    this.room = room;
    room.on("state", ({ state, close }) => events.state(this, state, close));
    room.on("stats", (sample) => events.stats(this, sample));
  }

  async #place(
    http: HttpClient,
    game: AnyGame,
    options: ResolvedBotsOptions,
    signal: AbortSignal,
  ): Promise<{ url: string; helloToken: string }> {
    if (options.mode === undefined)
      return { url: roomUrl(options.url, options.room!), helloToken: http.session!.accessToken };
    let ticket = await http.createMatchTicket({
      game: game.name,
      mode: options.mode,
      rating: 1500,
    });
    for (let poll = 0; ticket.status === "waiting" && poll < MAX_MATCH_POLLS; poll++) {
      if (signal.aborted) throw new Error("stopped while matchmaking");
      ticket = await http.getMatchTicket(ticket.ticketId, { waitS: MATCH_WAIT_S });
    }
    if (ticket.status !== "matched" || !ticket.match || !ticket.joinTicket)
      throw new Error(`matchmaking ended ${ticket.status}`);
    return { url: roomUrl(options.url, ticket.match.roomId), helloToken: ticket.joinTicket.ticket };
  }
}

/** A guest device id for bot `index` of a run: the same bot of the same seed is the same guest. */
export function deviceIdOf(seed: number, index: number): string {
  return `edgetick-bot-${seed.toString(16)}-${index.toString(16).padStart(6, "0")}`;
}
