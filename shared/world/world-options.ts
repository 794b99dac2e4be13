// Options of a World: its fixed capacity and how long a freed id waits before reuse.

/** Options of {@link World}. */
export interface WorldOptions {
  /**
   * Most entities alive at once; storage is preallocated for this many (ids are < capacity).
   * @default 4096
   */
  capacity?: number;
  /**
   * Most distinct components the world can hold.
   * @default 64
   */
  maxComponents?: number;
  /**
   * Ticks a despawned id stays unused, so that no client can confuse a reused id with the
   * entity it still remembers from an older baseline. Must cover the replication
   * baseline ring.
   * @default 64
   */
  idReuseDelayTicks?: number;
}

/** The defaults of {@link WorldOptions}. */
export const DEFAULT_WORLD_OPTIONS: Readonly<Required<WorldOptions>> = {
  capacity: 4096,
  maxComponents: 64,
  idReuseDelayTicks: 64,
};

/** Fills in and checks {@link WorldOptions}; throws naming the bad field. */
export function resolveWorldOptions(options: WorldOptions = {}): Required<WorldOptions> {
  const resolved = { ...DEFAULT_WORLD_OPTIONS, ...options };
  if (!Number.isInteger(resolved.capacity) || resolved.capacity < 1 || resolved.capacity > 1 << 24)
    throw new Error("world.capacity must be an integer in 1..2^24");
  if (!Number.isInteger(resolved.maxComponents) || resolved.maxComponents < 1)
    throw new Error("world.maxComponents must be an integer ≥ 1");
  if (!Number.isInteger(resolved.idReuseDelayTicks) || resolved.idReuseDelayTicks < 0)
    throw new Error("world.idReuseDelayTicks must be an integer ≥ 0");
  return resolved;
}
