// measureRegions(): real round trips from this client to each region. GET /v1/regions lists
// them; each region's ping endpoint is answered by a tiny Durable Object placed there, so
// timing it measures the path a game room in that region would have. The first ping of a
// region is a warm-up (it may create the object and open a connection) and is discarded;
// the median of the rest is the answer. Send `latencies` with matchmaking tickets and to
// lobbies so games are placed where the whole group plays best.

/** Options of measureRegions. All optional. */
export interface MeasureRegionsOptions {
  /** Timed pings per region, after one warm-up. @default 3 */
  readonly samples?: number;
  /** A region that does not answer within this is left out, ms. @default 3000 */
  readonly timeoutMs?: number;
  /** The fetch to use. @default globalThis.fetch */
  readonly fetch?: typeof fetch;
  /** Monotonic clock, ms. @default performance.now */
  readonly now?: () => number;
  /** Regions measured at the same time (1: one after another). @default 6 */
  readonly concurrency?: number;
}

/** One region's measurement. */
export interface RegionLatency {
  readonly id: string;
  readonly name: string;
  /** The median of the timed pings, ms. */
  readonly medianMs: number;
  readonly samplesMs: readonly number[];
}

/** What measureRegions answers. */
export interface RegionMeasurement {
  /** Measured regions, fastest first. */
  readonly regions: readonly RegionLatency[];
  /** Median round trip by region id, ms: the shape tickets and lobbies take. */
  readonly latencies: Readonly<Record<string, number>>;
  /** The region the server detected for this client (from its location). */
  readonly detectedRegionId: string;
}

interface RegionsBody {
  regions: { id: string; name: string; pingPath: string }[];
  detected: { regionId: string };
}

/** The median of a non-empty list. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Pings every region a few times and answers the median round trips.
 * @example
 * const { latencies } = await measureRegions("https://game.example.com");
 * await fetch(`${base}/v1/matchmaking/tickets`, { method: "POST", body: JSON.stringify({ mode, rating, latencies }), ... });
 */
export async function measureRegions(
  baseUrl: string,
  options: MeasureRegionsOptions = {},
): Promise<RegionMeasurement> {
  const samples = options.samples ?? 3;
  if (!Number.isInteger(samples) || samples < 1)
    throw new RangeError("measureRegions.samples must be an integer >= 1");
  const timeoutMs = options.timeoutMs ?? 3000;
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const now = options.now ?? (() => performance.now());
  const base = baseUrl.replace(/\/+$/, "");
  const res = await doFetch(`${base}/v1/regions`);
  if (!res.ok) throw new Error(`GET /v1/regions answered ${res.status}`);
  const body = (await res.json()) as RegionsBody;

  const ping = async (path: string): Promise<number> => {
    const start = now();
    const r = await doFetch(`${base}${path}`, {
      cache: "no-store",
      signal: AbortSignal.timeout(timeoutMs),
    });
    await r.arrayBuffer();
    if (!r.ok) throw new Error(`ping ${path}: ${r.status}`);
    return now() - start;
  };

  const measure = async (
    region: RegionsBody["regions"][number],
  ): Promise<RegionLatency | undefined> => {
    try {
      await ping(region.pingPath); // warm-up, discarded
      const times: number[] = [];
      for (let i = 0; i < samples; i++) times.push(await ping(region.pingPath));
      return { id: region.id, name: region.name, medianMs: median(times), samplesMs: times };
    } catch {
      return undefined; // unreachable now: leave it out, the server estimates it
    }
  };
  // A small pool: `concurrency` regions in flight at once, results in list order.
  const measured: (RegionLatency | undefined)[] = [];
  let next = 0;
  const lane = async () => {
    while (next < body.regions.length) {
      const i = next++;
      measured[i] = await measure(body.regions[i]!);
    }
  };
  const lanes = Math.max(1, Math.min(options.concurrency ?? 6, body.regions.length));
  await Promise.all(Array.from({ length: lanes }, lane));
  const regions = measured
    .filter((r): r is RegionLatency => r !== undefined)
    .sort((a, b) => a.medianMs - b.medianMs);
  return {
    regions,
    latencies: Object.fromEntries(regions.map((r) => [r.id, Math.round(r.medianMs)])),
    detectedRegionId: body.detected.regionId,
  };
}
