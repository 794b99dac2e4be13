// Retention of metered usage: rows of minutes older than USAGE_RETENTION_DAYS (a wrangler var,
// default 30) are deleted by the hourly cron (workers/scheduled.ts). A month of per-minute
// rows answers "what did last week cost"; longer history belongs in an export, not in D1.

/** Days usage rows are kept when USAGE_RETENTION_DAYS is unset. */
export const DEFAULT_USAGE_RETENTION_DAYS = 30;

const DAY_MS = 86_400_000;

/**
 * The retention from the environment; throws, naming the variable, for anything but a whole
 * number of days from 1 to 3650.
 */
export function usageRetentionDays(env: {
  readonly USAGE_RETENTION_DAYS?: string | number;
}): number {
  const raw = env.USAGE_RETENTION_DAYS;
  if (raw === undefined || raw === "") return DEFAULT_USAGE_RETENTION_DAYS;
  const days = typeof raw === "number" ? raw : /^\d+$/.test(raw.trim()) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(days) || days < 1 || days > 3650)
    throw new RangeError(
      `USAGE_RETENTION_DAYS: ${JSON.stringify(raw)} is not a whole number of days from 1 to 3650`,
    );
  return days;
}

/** The first minute kept at `now` (Unix ms) with a retention of `days`. */
export function usageCutoff(now: number, days: number): number {
  return now - days * DAY_MS;
}
