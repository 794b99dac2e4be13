// Results for decoders: the wire is hostile, so decoding returns a value or a reason and
// never throws (STYLE: reads treat bytes as hostile and return errors as values).

/** A decode that worked. */
export interface Ok<T> {
  readonly ok: true;
  readonly value: T;
}

/** A decode that refused its input, with a human-readable reason. */
export interface Err {
  readonly ok: false;
  readonly error: string;
}

/** The outcome of reading untrusted input. */
export type Result<T> = Ok<T> | Err;

/** Wraps a decoded value. */
export function ok<T>(value: T): Ok<T> {
  return { ok: true, value };
}

/** Wraps a refusal. */
export function err(error: string): Err {
  return { ok: false, error };
}
