// WebSocket close reasons are limited to 123 UTF-8 bytes; a longer one makes close() throw.
// Reasons carry details chosen by people (ban reasons, room ids), so cut them to fit.

/** Longest close reason RFC 6455 allows, in UTF-8 bytes. */
export const MAX_CLOSE_REASON_BYTES = 123;

const encoder = new TextEncoder();

/** `"<reason>: <detail>"`, cut at a character boundary to fit a close frame. */
export function closeReason(code: { readonly reason: string }, detail?: string): string {
  const full = detail ? `${code.reason}: ${detail}` : code.reason;
  if (encoder.encode(full).length <= MAX_CLOSE_REASON_BYTES) return full;
  let out = "";
  let bytes = 0;
  for (const ch of full) {
    const n = encoder.encode(ch).length;
    if (bytes + n > MAX_CLOSE_REASON_BYTES) break;
    out += ch;
    bytes += n;
  }
  return out;
}
