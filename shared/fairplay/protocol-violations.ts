// The close codes that mean a client broke the protocol or the game's input rules: a room
// records each (the audit log) and counts them against the player (the `protocol` detector).
// Health cuts (idle, slow consumer) and admission refusals are not among them: honest
// clients on bad links get those.

import { CLOSE } from "../protocol/close-codes.js";

/** Close codes that mean the client broke the protocol or the game's input rules. */
export const VIOLATION_CODES: ReadonlySet<number> = new Set([
  CLOSE.MALFORMED_FRAME.code,
  CLOSE.FRAME_TOO_LARGE.code,
  CLOSE.UNEXPECTED_MESSAGE.code,
  CLOSE.INVALID_HELLO.code,
  CLOSE.RATE_LIMITED.code,
  CLOSE.INVALID_INPUT.code,
]);
