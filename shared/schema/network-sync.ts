// How a component travels: replicated or server-only, how often it is compared, and its
// priority (read by the interest/priority layer when a connection's byte budget is short).

/**
 * When the server compares a replicated component against what clients hold:
 * `"tick"` every tick; `{ everyTicks: n }` every n ticks (staggered by entity so the work
 * spreads evenly); `"change"` only on ticks after `world.markChanged(entity, component)`
 * (or `add`/`set`), which saves the comparison for data that rarely changes.
 */
export type UpdateFrequency = "tick" | "change" | { readonly everyTicks: number };

/** The network declaration of a component. */
export interface NetworkSync {
  /**
   * `"replicated"` components are sent to clients; `"server-only"` ones never reach the wire.
   * @default "replicated"
   */
  mode?: "replicated" | "server-only";
  /**
   * When changes are detected and sent.
   * @default "tick"
   */
  frequency?: UpdateFrequency;
  /**
   * Relative priority (> 0) for the priority accumulator of a later layer; higher is sooner.
   * @default 1
   */
  priority?: number;
  /**
   * Fields of a `"tick"` component compared only on ticks after `world.markChanged(entity,
   * component)` (or `set`), as a `"change"` component is; its other fields are still
   * compared every tick. For values the game changes seldom and knows when (a velocity
   * kicked now and then beside a position that moves every tick): an entity the game did
   * not mark costs nothing for them. A write left unmarked is not sent. A predicted field
   * must drift against its prediction every tick, so it cannot be one of them.
   * @default []
   * @example
   * { frequency: "tick", changeFields: ["vel", "facing"] }
   */
  changeFields?: readonly string[];
}

/** A {@link NetworkSync} with every field filled in. */
export interface ResolvedNetworkSync {
  readonly mode: "replicated" | "server-only";
  readonly frequency: UpdateFrequency;
  /** Ticks between comparisons: 1 for "tick", n for everyTicks, 0 for "change". */
  readonly interval: number;
  readonly priority: number;
  /** Field names compared only when marked (see {@link NetworkSync.changeFields}). */
  readonly changeFields: readonly string[];
}

/** The defaults of {@link NetworkSync}. */
export const DEFAULT_NETWORK_SYNC: Readonly<Required<NetworkSync>> = {
  mode: "replicated",
  frequency: "tick",
  priority: 1,
  changeFields: [],
};

/** Fills in and checks a {@link NetworkSync}; throws naming the bad field. */
export function resolveNetworkSync(
  sync: NetworkSync = {},
  name = "component",
): ResolvedNetworkSync {
  const mode = sync.mode ?? DEFAULT_NETWORK_SYNC.mode;
  if (mode !== "replicated" && mode !== "server-only")
    throw new Error(`${name}.sync.mode must be "replicated" or "server-only"`);
  const frequency = sync.frequency ?? DEFAULT_NETWORK_SYNC.frequency;
  let interval: number;
  if (frequency === "tick") interval = 1;
  else if (frequency === "change") interval = 0;
  else if (
    typeof frequency === "object" &&
    Number.isInteger(frequency.everyTicks) &&
    frequency.everyTicks >= 1 &&
    frequency.everyTicks <= 65535
  )
    interval = frequency.everyTicks;
  else throw new Error(`${name}.sync.frequency.everyTicks must be an integer in 1..65535`);
  const priority = sync.priority ?? DEFAULT_NETWORK_SYNC.priority;
  if (!(priority > 0) || !Number.isFinite(priority))
    throw new Error(`${name}.sync.priority must be > 0`);
  const changeFields = sync.changeFields ?? DEFAULT_NETWORK_SYNC.changeFields;
  // Marks are cleared by every commit, so only a component compared at every commit can
  // keep a field's comparison for the ticks it was marked.
  if (changeFields.length > 0 && interval !== 1)
    throw new Error(`${name}.sync.changeFields needs frequency "tick"`);
  return { mode, frequency, interval, priority, changeFields: [...changeFields] };
}
