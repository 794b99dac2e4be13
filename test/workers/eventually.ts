// Waits for a condition with a deadline inside workerd (as test/support/eventually.ts does in
// Node, whose project these tests cannot import from): tests react to events, never sleep for
// logic.

/** Resolves once `check` returns a value other than undefined/false; rejects after `ms`. */
export async function eventually<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  what: string,
  ms = 10_000,
): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > until) throw new Error(`timed out after ${ms} ms waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
