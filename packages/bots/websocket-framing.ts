// Bytes a WebSocket adds around each message (RFC 6455 §5.2), so the bots' byte counts are
// what crosses the TCP connection, not only the payloads the client library counts. TCP/IP
// headers are not counted.

/** Header bytes of one unfragmented frame carrying `payload` bytes (`masked`: client → server). */
export function frameHeaderBytes(payload: number, masked: boolean): number {
  // 2 bytes, then a 16-bit length past 125 bytes and a 64-bit one past 65,535; clients add a
  // 4-byte masking key.
  const length = payload > 0xffff ? 8 : payload > 125 ? 2 : 0;
  return 2 + length + (masked ? 4 : 0);
}

/**
 * Bytes on the wire for `messages` frames carrying `bytes` of payload in all, from their mean
 * size (the client's statistics count messages and bytes, not each size): exact when the
 * frames fall on one side of the 126- and 65,536-byte bounds, else within 2 (or 6) bytes a
 * frame of it.
 */
export function wireBytes(bytes: number, messages: number, masked: boolean): number {
  if (messages <= 0) return bytes;
  return bytes + messages * frameHeaderBytes(bytes / messages, masked);
}
