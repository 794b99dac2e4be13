// Cron expressions as Cloudflare's cron triggers read them, for the self-hosted server, which
// has no Cloudflare to run wrangler.toml's [triggers] (scripts/selfhost.mjs calls the
// Worker's scheduled handler itself). Five fields in UTC — minute 0-59, hour 0-23, day of
// month 1-31, month 1-12 or JAN-DEC, weekday 1-7 or SUN-SAT (1 is Sunday, as on Cloudflare)
// — each `*`, a value, a range `a-b`, a step `*/n` or `a-b/n`, or a list of those. Quartz's
// L, W and # are refused by name rather than matched wrongly.

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const WEEKDAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

/** Each field: its name, its range and the names that stand for its first values. */
const FIELDS = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day of month", min: 1, max: 31 },
  { name: "month", min: 1, max: 12, names: MONTHS },
  { name: "weekday", min: 1, max: 7, names: WEEKDAYS },
];

/** A cron expression the self-hosted server cannot run. */
export class CronError extends Error {
  constructor(expression, message) {
    super(`cron "${expression}": ${message}`);
    this.name = "CronError";
  }
}

/**
 * The values one field allows, as a Set.
 * @param {string} text
 * @param {{ name: string, min: number, max: number, names?: string[] }} field
 * @param {string} expression
 */
function fieldValues(text, field, expression) {
  const value = (v) => {
    const named = field.names?.indexOf(v.toUpperCase()) ?? -1;
    const n = named >= 0 ? field.min + named : /^\d+$/.test(v) ? Number(v) : Number.NaN;
    if (!(n >= field.min && n <= field.max))
      throw new CronError(expression, `${field.name} "${v}" is not ${field.min}-${field.max}`);
    return n;
  };
  const values = new Set();
  for (const part of text.split(",")) {
    if (/[LW#?]/i.test(part.replace(/[A-Za-z]{3}/g, "")))
      throw new CronError(expression, `${field.name} "${part}": L, W, # and ? are not supported`);
    const [range, stepText] = part.split("/");
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1)
      throw new CronError(expression, `${field.name} step "${stepText}" is not a whole number`);
    const [from, to] =
      range === "*"
        ? [field.min, field.max]
        : range.includes("-")
          ? range.split("-").map(value)
          : [value(range), stepText === undefined ? value(range) : field.max];
    if (from > to) throw new CronError(expression, `${field.name} range "${range}" runs backwards`);
    for (let v = from; v <= to; v += step) values.add(v);
  }
  return values;
}

/**
 * Parses `expression`; throws CronError naming what is wrong.
 * @param {string} expression
 * @returns {(at: Date) => boolean} whether the schedule fires in the UTC minute of `at`
 */
export function parseCron(expression) {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 5) throw new CronError(expression, "needs 5 fields");
  const [minutes, hours, days, months, weekdays] = parts.map((p, i) =>
    fieldValues(p, FIELDS[i], expression),
  );
  // As in classic cron: with both day fields restricted, either one matching is enough.
  const anyDay = parts[2] === "*";
  const anyWeekday = parts[4] === "*";
  return (at) => {
    const dayOk = days.has(at.getUTCDate());
    const weekdayOk = weekdays.has(at.getUTCDay() + 1);
    const day = anyDay || anyWeekday ? dayOk && weekdayOk : dayOk || weekdayOk;
    return (
      minutes.has(at.getUTCMinutes()) &&
      hours.has(at.getUTCHours()) &&
      months.has(at.getUTCMonth() + 1) &&
      day
    );
  };
}
