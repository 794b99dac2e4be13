// A Durable Object storage that counts its writes for the object's usage meter: Cloudflare
// bills storage by the entry written or deleted, so a put of n entries is n writes. Reads and
// everything else pass through.

/** `storage`, each put or delete reported to `count` with the entries it writes. */
export function meterStorage(
  storage: DurableObjectStorage,
  count: (writes: number) => void,
): DurableObjectStorage {
  const entries = (keys: unknown): number => {
    if (Array.isArray(keys)) return keys.length;
    if (typeof keys === "object" && keys !== null) return Object.keys(keys).length;
    return 1;
  };
  return new Proxy(storage, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (typeof value !== "function") return value;
      if (prop === "put" || prop === "delete")
        return (...args: unknown[]) => {
          count(entries(args[0]));
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      return value.bind(target);
    },
  });
}
