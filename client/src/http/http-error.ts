// The one error the HTTP client throws: the server's `{ error: { code, message } }` with
// the status, or a client-side code when there is no such body to read (the network
// failed, the answer did not match its schema, or no session was held).

/** Codes the client itself gives an HttpError; every other code comes from the server. */
export const HTTP_CLIENT_CODE = {
  /** fetch rejected: no answer arrived (status 0). */
  NETWORK_ERROR: "network_error",
  /** A 2xx answer whose body is not JSON or does not match the route's schema. */
  INVALID_RESPONSE: "invalid_response",
  /** A failure status without the API's error body (a proxy's page, say). */
  UNEXPECTED_STATUS: "unexpected_status",
  /** The call needs a session and none is held (status 0, nothing was sent). */
  NOT_SIGNED_IN: "not_signed_in",
} as const;

/** One of the client-side codes. */
export type HttpClientCode = (typeof HTTP_CLIENT_CODE)[keyof typeof HTTP_CLIENT_CODE];

/**
 * A failed HTTP call. `code` is the server's stable snake_case code (`token_expired`,
 * `version_conflict`, `lobby_full`, …) or one of HTTP_CLIENT_CODE.
 * @example
 * try { await http.joinLobby(code); } catch (e) {
 *   if (e instanceof HttpError && e.code === "lobby_full") showFull();
 *   else throw e;
 * }
 */
export class HttpError extends Error {
  /** The HTTP status; 0 when no answer arrived (or nothing was sent). */
  readonly status: number;
  /** The server's error code, or one of HTTP_CLIENT_CODE. */
  readonly code: string;

  /**
   * @param status HTTP status, 0 when there was none
   * @param code stable machine-readable code
   * @param message human-readable explanation
   * @param options.cause the error behind it (a fetch rejection, a schema failure)
   */
  constructor(status: number, code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "HttpError";
    this.status = status;
    this.code = code;
  }

  /**
   * Whether trying the same call again later may succeed: no answer arrived, the server was
   * rate limited (429) or failed (5xx). Refusals (4xx) and invalid answers are not.
   */
  get retryable(): boolean {
    return this.status === 0
      ? this.code === HTTP_CLIENT_CODE.NETWORK_ERROR
      : this.status === 429 || this.status >= 500;
  }
}
