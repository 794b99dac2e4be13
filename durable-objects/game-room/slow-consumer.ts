// Slow or stuck clients. workerd buffers what a socket cannot send yet, and
// `ws.bufferedAmount` reports it server-side; a client that does not read keeps it growing
// tick after tick. The room never waits for it (sends do not block): past the limit the
// adapter closes the socket with 4301, and the client may reconnect and resume.

/**
 * Bytes a socket may hold unsent before its client counts as stuck: about 8 s of a busy
 * room's updates at 30 Hz and ~4 KiB per update, far beyond any healthy link's jitter.
 */
export const SLOW_CONSUMER_MAX_BUFFERED_BYTES = 1024 * 1024;

/** Whether a socket's unsent backlog (`ws.bufferedAmount`, bytes) is past the limit. */
export function isSlowConsumer(
  bufferedAmount: number | undefined,
  limit = SLOW_CONSUMER_MAX_BUFFERED_BYTES,
): boolean {
  return (bufferedAmount ?? 0) > limit;
}
