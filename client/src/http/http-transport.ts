// The HTTP client's transport: sends one call, attaches the held access token, turns
// failures into HttpError and validates 2xx bodies with the route's shared schema. On a
// 401 `token_expired` it refreshes the session once and repeats the call once.

import type { z } from "zod";
import { Session } from "../../../shared/http/auth-schemas.js";
import { ErrorBody } from "../../../shared/http/error-schemas.js";
import { HTTP_CLIENT_CODE, HttpError } from "./http-error.js";
import type { HttpFetch, HttpRequestInit, ResolvedHttpOptions } from "./http-options.js";

/** One call of the API. */
export interface HttpCall {
  readonly method: "GET" | "POST" | "PUT" | "DELETE";
  /** The path from /v1, path parameters already encoded. */
  readonly path: string;
  readonly query?: URLSearchParams;
  /** Sent as JSON when present. */
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** Send the held access token (and refresh it once if it expired). */
  readonly auth: boolean;
  /** A 2xx answer is bytes (read with arrayBuffer()), not JSON. */
  readonly binary?: boolean;
}

interface Exchange {
  readonly status: number;
  /** The body of a failure, or of a JSON answer. */
  readonly text: string;
  /** The body of a 2xx answer to a binary call. */
  readonly bytes?: Uint8Array;
}

/** The server's code for an access token that ran out (workers/middleware/require-auth.ts). */
const TOKEN_EXPIRED = "token_expired";

const describe = (call: HttpCall) => `${call.method} ${call.path}`;

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false }; // not JSON: the caller says what it expected
  }
}

/** The error of a failure status: the API's error body if there is one. */
function failure(call: HttpCall, { status, text }: Exchange): HttpError {
  const json = parseJson(text);
  const body = json.ok ? ErrorBody.safeParse(json.value) : undefined;
  if (body?.success) return new HttpError(status, body.data.error.code, body.data.error.message);
  return new HttpError(
    status,
    HTTP_CLIENT_CODE.UNEXPECTED_STATUS,
    `${describe(call)} answered ${status} without an error body`,
  );
}

function isExpired(answer: Exchange): boolean {
  if (answer.status !== 401) return false;
  const json = parseJson(answer.text);
  const body = json.ok ? ErrorBody.safeParse(json.value) : undefined;
  return body?.success === true && body.data.error.code === TOKEN_EXPIRED;
}

/** Sends calls for the HTTP client and keeps its session. */
export class HttpTransport {
  readonly #baseUrl: string;
  readonly #fetch: HttpFetch;
  readonly #onSession: (session: Session | null) => void;
  #session: Session | null;
  /** The refresh in flight: concurrent expired calls share it (a refresh token is single-use). */
  #refreshing: Promise<Session> | null = null;

  constructor(options: ResolvedHttpOptions) {
    this.#baseUrl = options.baseUrl;
    this.#fetch = options.fetch;
    this.#onSession = options.onSession;
    this.#session = options.session;
  }

  /** The held session, or null when signed out. */
  get session(): Session | null {
    return this.#session;
  }

  /** Replaces the held session and tells onSession. */
  setSession(session: Session | null): void {
    this.#session = session;
    this.#onSession(session);
  }

  /** Sends a call and answers its body, validated by `schema`. */
  async json<S extends z.ZodType>(call: HttpCall, schema: S): Promise<z.output<S>> {
    const answer = await this.#send(call);
    if (answer.status < 200 || answer.status > 299) throw failure(call, answer);
    const json = parseJson(answer.text);
    if (!json.ok)
      throw new HttpError(
        answer.status,
        HTTP_CLIENT_CODE.INVALID_RESPONSE,
        `${describe(call)}: the body is not JSON`,
      );
    const parsed = schema.safeParse(json.value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.map(String).join(".") || "body";
      throw new HttpError(
        answer.status,
        HTTP_CLIENT_CODE.INVALID_RESPONSE,
        `${describe(call)}: ${field}: ${issue?.message ?? "does not match the schema"}`,
        { cause: parsed.error },
      );
    }
    return parsed.data;
  }

  /** Sends a call whose 2xx answer is bytes (`call.binary`), and answers them. */
  async bytes(call: HttpCall): Promise<Uint8Array> {
    const answer = await this.#send({ ...call, binary: true });
    if (answer.status < 200 || answer.status > 299) throw failure(call, answer);
    if (answer.bytes === undefined)
      throw new HttpError(
        answer.status,
        HTTP_CLIENT_CODE.INVALID_RESPONSE,
        `${describe(call)}: the fetch given answers no arrayBuffer() to read bytes with`,
      );
    return answer.bytes;
  }

  /** Sends a call whose success has no body (204). */
  async empty(call: HttpCall): Promise<void> {
    const answer = await this.#send(call);
    if (answer.status < 200 || answer.status > 299) throw failure(call, answer);
  }

  /**
   * Exchanges the held refresh token for a new session (concurrent callers share one
   * exchange). A refused refresh token (401) is spent for good: the session is dropped.
   */
  refresh(): Promise<Session> {
    this.#refreshing ??= this.#refreshOnce().finally(() => {
      this.#refreshing = null;
    });
    return this.#refreshing;
  }

  async #refreshOnce(): Promise<Session> {
    const held = this.#session;
    if (!held)
      throw new HttpError(0, HTTP_CLIENT_CODE.NOT_SIGNED_IN, "no refresh token held: sign in");
    const call = {
      method: "POST",
      path: "/v1/auth/refresh",
      body: { refreshToken: held.refreshToken },
      auth: false,
    } as const;
    try {
      const next = await this.json(call, Session);
      this.setSession(next);
      return next;
    } catch (e) {
      if (e instanceof HttpError && e.status === 401) this.setSession(null);
      throw e;
    }
  }

  async #send(call: HttpCall): Promise<Exchange> {
    if (!call.auth) return this.#exchange(call, undefined);
    const session = this.#session;
    if (!session)
      throw new HttpError(
        0,
        HTTP_CLIENT_CODE.NOT_SIGNED_IN,
        `${describe(call)} needs a session: sign in first`,
      );
    const first = await this.#exchange(call, session.accessToken);
    if (!isExpired(first)) return first;
    // Another call may have refreshed while this one was in flight: use its token rather
    // than spending the new refresh token. Either way the call is repeated once, no more.
    const current = this.#session === session ? await this.refresh() : this.#session;
    if (!current) return first;
    return this.#exchange(call, current.accessToken);
  }

  async #exchange(call: HttpCall, token: string | undefined): Promise<Exchange> {
    const headers: Record<string, string> = { ...call.headers };
    if (token !== undefined) headers.Authorization = `Bearer ${token}`;
    const init: HttpRequestInit =
      call.body === undefined
        ? { method: call.method, headers }
        : {
            method: call.method,
            headers: { ...headers, "Content-Type": "application/json" },
            body: JSON.stringify(call.body),
          };
    const query = call.query?.toString() ?? "";
    const url = `${this.#baseUrl}${call.path}${query ? `?${query}` : ""}`;
    try {
      const res = await this.#fetch(url, init);
      const ok = res.status >= 200 && res.status <= 299;
      if (!call.binary || !ok) return { status: res.status, text: await res.text() };
      if (!res.arrayBuffer) return { status: res.status, text: "" };
      return { status: res.status, text: "", bytes: new Uint8Array(await res.arrayBuffer()) };
    } catch (e) {
      const reason = e instanceof Error ? e.message : String(e);
      throw new HttpError(0, HTTP_CLIENT_CODE.NETWORK_ERROR, `${describe(call)}: ${reason}`, {
        cause: e,
      });
    }
  }
}
