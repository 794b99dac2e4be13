// Options of the client netcode (timing, prediction, interpolation, statistics): all
// optional, with units and defaults, resolved and validated once by resolveNetcodeOptions.

/** How remote entities are interpolated. */
export interface InterpolationOptions {
  /**
   * How far behind the newest snapshot remote entities render, in ms.
   * @default 100
   */
  delayMs?: number;
  /**
   * The same delay in snapshots (server ticks); overrides `delayMs` when set.
   * @default undefined
   */
  delaySnapshots?: number;
  /**
   * Raise the delay above the configured one when the measured arrival jitter needs it:
   * delay = max(configured, one tick + 3 × jitter).
   * @default true
   */
  adaptive?: boolean;
  /**
   * How long past the newest snapshot an entity keeps moving along its last velocity
   * before it holds, in ms.
   * @default 100
   */
  extrapolateMs?: number;
  /**
   * Over how long a jump back from an extrapolated position is blended away when data
   * returns, in ms.
   * @default 100
   */
  recoveryMs?: number;
  /**
   * Snapshots kept per entity (must cover the delay plus a margin).
   * @default 32
   */
  bufferSize?: number;
}

/** How the local player's entities are predicted. */
export interface PredictionOptions {
  /**
   * Step the game's predicted entities locally (GameNetcode.predicted); false renders
   * every entity interpolated.
   * @default true
   */
  enabled?: boolean;
  /**
   * Predicted entities at most (the rest are interpolated).
   * @default 8
   */
  maxEntities?: number;
  /**
   * Inputs and predicted states remembered for replay, in ticks (must exceed the RTT in
   * ticks plus the input buffer).
   * @default 128
   */
  historyTicks?: number;
}

/** How the input clock follows the room. */
export interface SyncOptions {
  /**
   * Inputs the room should already hold when it applies one: the margin against jitter, in
   * ticks. The client runs ahead of the room by about RTT/2 plus this.
   * @default 1
   */
  inputBufferTicks?: number;
  /**
   * Largest speed change of the client's tick while it catches up, as a fraction.
   * @default 0.1
   */
  maxDilation?: number;
  /**
   * Ping samples kept for the clock estimate (the fastest of them sets the offset).
   * @default 8
   */
  pingWindow?: number;
}

/** Netcode options of a connection. */
export interface NetcodeOptions {
  interpolation?: InterpolationOptions;
  prediction?: PredictionOptions;
  sync?: SyncOptions;
  /**
   * Period of the `stats` event and of the per-second rates in `stats`, in ms.
   * @default 1000
   */
  statsIntervalMs?: number;
}

/** NetcodeOptions with every field present. */
export interface ResolvedNetcodeOptions {
  readonly interpolation: Required<Omit<InterpolationOptions, "delaySnapshots">> & {
    readonly delaySnapshots: number | undefined;
  };
  readonly prediction: Required<PredictionOptions>;
  readonly sync: Required<SyncOptions>;
  readonly statsIntervalMs: number;
}

/** Defaults of NetcodeOptions. */
export const DEFAULT_NETCODE_OPTIONS: ResolvedNetcodeOptions = {
  interpolation: {
    delayMs: 100,
    delaySnapshots: undefined,
    adaptive: true,
    extrapolateMs: 100,
    recoveryMs: 100,
    bufferSize: 32,
  },
  prediction: { enabled: true, maxEntities: 8, historyTicks: 128 },
  sync: { inputBufferTicks: 1, maxDilation: 0.1, pingWindow: 8 },
  statsIntervalMs: 1000,
};

/** Fills defaults and validates, throwing an error that names the field. */
export function resolveNetcodeOptions(options: NetcodeOptions = {}): ResolvedNetcodeOptions {
  const d = DEFAULT_NETCODE_OPTIONS;
  const o: ResolvedNetcodeOptions = {
    interpolation: { ...d.interpolation, ...defined(options.interpolation ?? {}) },
    prediction: { ...d.prediction, ...defined(options.prediction ?? {}) },
    sync: { ...d.sync, ...defined(options.sync ?? {}) },
    statsIntervalMs: options.statsIntervalMs ?? d.statsIntervalMs,
  };
  const i = o.interpolation;
  atLeast("interpolation.delayMs", i.delayMs, 0);
  if (i.delaySnapshots !== undefined) atLeast("interpolation.delaySnapshots", i.delaySnapshots, 0);
  atLeast("interpolation.extrapolateMs", i.extrapolateMs, 0);
  atLeast("interpolation.recoveryMs", i.recoveryMs, 0);
  integerIn("interpolation.bufferSize", i.bufferSize, 2, 1024);
  integerIn("prediction.maxEntities", o.prediction.maxEntities, 1, 4096);
  integerIn("prediction.historyTicks", o.prediction.historyTicks, 8, 65536);
  atLeast("sync.inputBufferTicks", o.sync.inputBufferTicks, 0);
  if (!(o.sync.maxDilation > 0 && o.sync.maxDilation < 0.5))
    throw new RangeError(`netcode.sync.maxDilation must be in (0, 0.5), got ${o.sync.maxDilation}`);
  integerIn("sync.pingWindow", o.sync.pingWindow, 1, 256);
  if (!(o.statsIntervalMs > 0) || !Number.isFinite(o.statsIntervalMs))
    throw new RangeError(`netcode.statsIntervalMs must be > 0, got ${o.statsIntervalMs}`);
  return o;
}

function atLeast(field: string, value: number, min: number): void {
  if (!(value >= min) || !Number.isFinite(value))
    throw new RangeError(`netcode.${field} must be ≥ ${min}, got ${value}`);
}

function integerIn(field: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max)
    throw new RangeError(`netcode.${field} must be an integer in [${min}, ${max}], got ${value}`);
}

function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
