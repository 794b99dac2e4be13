// The one error voice chat throws when the microphone or the codec cannot be had: a stable
// code to branch on (show "allow the microphone", hide the button), and the browser's own
// error as the cause.
import { CodedError } from "../coded-error.js";

/** Why voice could not start. */
export const VOICE_ERROR = {
  /** The user or a policy refused the microphone (NotAllowedError, SecurityError). */
  MICROPHONE_DENIED: "microphone_denied",
  /** No microphone is there, or it is held by another program (NotFoundError, NotReadableError). */
  MICROPHONE_UNAVAILABLE: "microphone_unavailable",
  /** The browser has WebCodecs but no Opus encoder or decoder for this configuration. */
  CODEC_UNSUPPORTED: "codec_unsupported",
  /** The browser lacks what voice needs: getUserMedia, WebCodecs, Web Audio, a secure context. */
  UNSUPPORTED_BROWSER: "unsupported_browser",
  /** The encoder or decoder failed while running. */
  CODEC_FAILED: "codec_failed",
} as const;

/** One of the VOICE_ERROR codes. */
export type VoiceErrorCode = (typeof VOICE_ERROR)[keyof typeof VOICE_ERROR];

/**
 * A voice chat failure.
 * @example
 * try { await voice.enableMicrophone(); } catch (e) {
 *   if (e instanceof VoiceError && e.code === VOICE_ERROR.MICROPHONE_DENIED) askForMic();
 *   else throw e;
 * }
 */
export class VoiceError extends CodedError<VoiceErrorCode> {
  /** @param options.cause the browser's error behind it */
  constructor(code: VoiceErrorCode, message: string, options?: { cause?: unknown }) {
    super("VoiceError", code, message, options);
  }

  /**
   * Whether asking again may succeed: a refusal can be lifted by the user and a busy
   * microphone freed; a missing codec or API cannot.
   */
  get retryable(): boolean {
    return (
      this.code === VOICE_ERROR.MICROPHONE_DENIED ||
      this.code === VOICE_ERROR.MICROPHONE_UNAVAILABLE
    );
  }
}

/** The VoiceError for a getUserMedia rejection. */
export function microphoneError(cause: unknown): VoiceError {
  const name = cause instanceof Error ? cause.name : "";
  if (name === "NotAllowedError" || name === "SecurityError")
    return new VoiceError(VOICE_ERROR.MICROPHONE_DENIED, "the microphone was refused", { cause });
  return new VoiceError(
    VOICE_ERROR.MICROPHONE_UNAVAILABLE,
    `no microphone could be opened (${name || String(cause)})`,
    { cause },
  );
}
