// The code a socket host answers a peer's close with. A close frame may carry only 1000,
// 1001–1003, 1007–1014 or 3000–4999 (RFC 6455 §7.4); anything else a hostile client sends
// (0, 999, 1004, 1005, 1006, 1015, 5000, 65535…) would make the runtime's close() throw, so
// the echo answers 1000 for it. The reason is echoed only with a code it belongs to.

/** The code to echo for a peer's close `code`. */
export function echoCode(code: number): number {
  const sendable =
    Number.isInteger(code) &&
    (code === 1000 ||
      (code >= 1001 && code <= 1003) ||
      (code >= 1007 && code <= 1014) ||
      (code >= 3000 && code <= 4999));
  return sendable ? code : 1000;
}
