// How a bot gets its credentials: a guest sign-in (or a token given to it), with the
// Worker's sign-in limit honoured. Sign-ins are limited per client address; against a local
// Worker (127.0.0.1, localhost) each bot claims an address of its own in CF-Connecting-IP,
// as the soak test does. A deployed Worker takes the address from the connection and
// ignores the header, so there the limit applies to the machine running the bots.

import {
  createHttpClient,
  type HttpAnswer,
  type HttpFetch,
  type HttpRequestInit,
} from "@edgetick/client";

/** Most 429 answers one request waits out before giving up. */
const MAX_RETRIES = 20;
/** Wait when a 429 carries no usable Retry-After, seconds. */
const DEFAULT_RETRY_S = 1;

/** Whether `url` is a Worker on this machine (where CF-Connecting-IP is believed). */
export function isLocalUrl(url: string): boolean {
  const host = new URL(url).hostname;
  return host === "127.0.0.1" || host === "localhost" || host === "[::1]";
}

/** A private address for bot `index` (10.b.c.d), distinct for the first 16 million bots. */
export function botAddress(index: number): string {
  return `10.${(index >> 16) & 255}.${(index >> 8) & 255}.${index & 255}`;
}

/** What a fetch wrapper reports back. */
export interface RetryCounter {
  retries: number;
}

/**
 * A fetch that waits out 429 answers (Retry-After seconds, else 1 s; at most 20 times) and,
 * for a local Worker, sends `CF-Connecting-IP: address`. Stops waiting when `signal` aborts.
 * `fetchFn` is for tests.
 */
export function botFetch(
  address: string | undefined,
  counter: RetryCounter,
  signal: AbortSignal,
  fetchFn: typeof fetch = globalThis.fetch,
): HttpFetch {
  return async (url: string, init: HttpRequestInit): Promise<HttpAnswer> => {
    const headers = address ? { ...init.headers, "CF-Connecting-IP": address } : init.headers;
    for (let attempt = 0; ; attempt++) {
      const res = await fetchFn(url, { ...init, headers, signal });
      if (res.status !== 429 || attempt >= MAX_RETRIES) return res;
      await res.body?.cancel();
      counter.retries++;
      await sleep(retryAfterMs(res.headers.get("Retry-After")), signal);
    }
  };
}

/** Retry-After (seconds, or an HTTP date) in ms; 1 s when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number {
  if (header !== null && /^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = header === null ? Number.NaN : Date.parse(header);
  return Number.isFinite(at) ? Math.max(0, at - now) : DEFAULT_RETRY_S * 1000;
}

/** A new guest session's access token, refreshed by the returned client when asked. */
export async function signInGuest(
  baseUrl: string,
  deviceId: string,
  fetchFn: HttpFetch,
): Promise<ReturnType<typeof createHttpClient>> {
  const http = createHttpClient({ baseUrl, fetch: fetchFn });
  await http.signInGuest({ deviceId });
  return http;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
  });
}
