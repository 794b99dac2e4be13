// Regions: the places game rooms can run, each with the Durable Object `locationHint` that
// puts a room there and a point on the globe to measure distances from. The list is
// deploy-time configuration (the `REGIONS` wrangler var), parsed and validated once.

/** One region rooms can be placed in. */
export interface Region {
  /** Stable id used in the API and in latency maps, e.g. "weur". */
  readonly id: string;
  /** Human-readable name, e.g. "Western Europe". */
  readonly name: string;
  /** The Durable Object location hint that places objects here (e.g. "weur"). */
  readonly locationHint: string;
  /** Latitude of the region's centre, degrees. */
  readonly lat: number;
  /** Longitude of the region's centre, degrees. */
  readonly lon: number;
  /** Continent codes (as in `request.cf.continent`) this region serves when no coordinates are known. */
  readonly continents: readonly string[];
}

/** The regions built in: Cloudflare's Durable Object location hints. */
export const DEFAULT_REGIONS: readonly Region[] = [
  {
    id: "wnam",
    name: "Western North America",
    locationHint: "wnam",
    lat: 37.4,
    lon: -122.1,
    continents: [],
  },
  {
    id: "enam",
    name: "Eastern North America",
    locationHint: "enam",
    lat: 39.0,
    lon: -77.5,
    continents: ["NA"],
  },
  {
    id: "sam",
    name: "South America",
    locationHint: "sam",
    lat: -23.5,
    lon: -46.6,
    continents: ["SA"],
  },
  {
    id: "weur",
    name: "Western Europe",
    locationHint: "weur",
    lat: 50.1,
    lon: 8.7,
    continents: ["EU", "AF"],
  },
  {
    id: "apac",
    name: "Asia-Pacific",
    locationHint: "apac",
    lat: 1.35,
    lon: 103.8,
    continents: ["AS"],
  },
  { id: "oc", name: "Oceania", locationHint: "oc", lat: -33.9, lon: 151.2, continents: ["OC"] },
];

/** A region list that does not validate; the message names the field. */
export class RegionConfigError extends Error {
  constructor(message: string) {
    super(`REGIONS: ${message}`);
    this.name = "RegionConfigError";
  }
}

const ID_PATTERN = /^[a-z0-9-]{1,32}$/;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Parses the `REGIONS` var: a JSON array (or an already parsed one) of
 * `{ id, name, locationHint, lat, lon, continents? }`. Undefined or "" means DEFAULT_REGIONS.
 * @example
 * const regions = parseRegions(env.REGIONS); // throws RegionConfigError naming the bad field
 */
export function parseRegions(raw: string | readonly unknown[] | undefined): readonly Region[] {
  if (raw === undefined || raw === "") return DEFAULT_REGIONS;
  let list: unknown = raw;
  if (typeof raw === "string") {
    try {
      list = JSON.parse(raw);
    } catch {
      throw new RegionConfigError("is not JSON");
    }
  }
  if (!Array.isArray(list) || list.length === 0)
    throw new RegionConfigError("must be a non-empty array");
  const seen = new Set<string>();
  return list.map((item: unknown, i): Region => {
    if (!isObject(item)) throw new RegionConfigError(`[${i}] must be an object`);
    const { id, name, locationHint, lat, lon, continents = [] } = item;
    if (typeof id !== "string" || !ID_PATTERN.test(id))
      throw new RegionConfigError(`[${i}].id must be 1-32 characters of a-z, 0-9 and -`);
    if (seen.has(id)) throw new RegionConfigError(`[${i}].id ${id} appears twice`);
    seen.add(id);
    if (typeof name !== "string" || name.length === 0)
      throw new RegionConfigError(`[${i}].name must be a non-empty string`);
    if (typeof locationHint !== "string" || locationHint.length === 0)
      throw new RegionConfigError(`[${i}].locationHint must be a non-empty string`);
    if (typeof lat !== "number" || !(lat >= -90 && lat <= 90))
      throw new RegionConfigError(`[${i}].lat must be a number in [-90, 90]`);
    if (typeof lon !== "number" || !(lon >= -180 && lon <= 180))
      throw new RegionConfigError(`[${i}].lon must be a number in [-180, 180]`);
    if (!Array.isArray(continents) || !continents.every((c) => typeof c === "string"))
      throw new RegionConfigError(`[${i}].continents must be an array of strings`);
    return { id, name, locationHint, lat, lon, continents: continents as string[] };
  });
}
