// Which D1 failures are worth retrying. Cloudflare documents these messages as transient
// (the storage object was reset or the network dropped); constraint and SQL errors are not:
// repeating them repeats the failure.

const TRANSIENT = [
  "network connection lost",
  "storage caused object to be reset",
  "reset because its code was updated",
  "cannot resolve d1 db due to transient issue",
  "internal error",
  "d1 db is overloaded",
  "timed out",
];

/** True if a D1 error is likely to succeed when retried. */
export function isTransientD1Error(error: unknown): boolean {
  const message = (error instanceof Error ? error.message : String(error)).toLowerCase();
  return TRANSIENT.some((t) => message.includes(t));
}
