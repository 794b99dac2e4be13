// The shape of the client's typed errors that a game branches on: a stable `code` from a
// table the module exports, the browser's or the network's own error as `cause`, and whether
// trying again may succeed. VoiceError and ReplayError are two; each says what `retryable`
// means for its codes.

/** A typed client error: branch on `code`, retry when `retryable`. */
export abstract class CodedError<Code extends string> extends Error {
  readonly code: Code;

  /** @param options.cause the error behind it */
  constructor(name: string, code: Code, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = name;
    this.code = code;
  }

  /** Whether trying again can succeed. */
  abstract get retryable(): boolean;
}
