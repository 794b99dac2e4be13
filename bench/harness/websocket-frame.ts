// Bytes on the wire for one message: RFC 6455 frames a server's message (unmasked) with a
// 2-byte header for payloads under 126 bytes, 4 bytes up to 64 KiB − 1 and 10 beyond. Both
// systems' figures count it, since both send one binary WebSocket message per update.

/**
 * Header bytes of a server-to-client WebSocket frame carrying `payload` bytes (0 for no
 * message at all).
 *
 * @example
 * webSocketHeaderBytes(125); // 2
 * webSocketHeaderBytes(126); // 4
 */
export function webSocketHeaderBytes(payload: number): number {
  if (payload <= 0) return 0;
  if (payload < 126) return 2;
  return payload < 65536 ? 4 : 10;
}
