// A D1 binding that counts the rows its queries read and write (D1 reports them in each
// result's `meta`), for the object's usage meter: Cloudflare bills D1 by rows, and a room's
// share of the bill is the rows its own queries touched. Everything else passes through.
// `first()` is answered from `all()` (its result has no meta); `raw()` goes uncounted (no
// meta either; nothing in edgetick's objects uses it).

/** Called with the rows one query (or each query of a batch) read and wrote. */
export type RowCounter = (rowsRead: number, rowsWritten: number) => void;

const UNWRAPPED = Symbol("unwrapped statement");

function countMeta(count: RowCounter, result: { meta?: Partial<D1Meta> } | undefined): void {
  count(result?.meta?.rows_read ?? 0, result?.meta?.rows_written ?? 0);
}

function metered(statement: D1PreparedStatement, count: RowCounter): D1PreparedStatement {
  return new Proxy(statement, {
    get(target, prop) {
      if (prop === UNWRAPPED) return target;
      if (prop === "bind") return (...values: unknown[]) => metered(target.bind(...values), count);
      if (prop === "run" || prop === "all")
        return async () => {
          const result = await target[prop]();
          countMeta(count, result);
          return result;
        };
      if (prop === "first")
        return async (column?: string) => {
          const result = await target.all<Record<string, unknown>>();
          countMeta(count, result);
          const row = result.results[0];
          if (row === undefined) return null;
          return column === undefined ? row : (row[column] ?? null);
        };
      const value = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** `db`, counting the rows of every query through `count`. */
export function meterD1(db: D1Database, count: RowCounter): D1Database {
  return new Proxy(db, {
    get(target, prop) {
      if (prop === "prepare") return (sql: string) => metered(target.prepare(sql), count);
      if (prop === "batch")
        return async (statements: D1PreparedStatement[]) => {
          const inner = statements.map(
            (s) => (s as unknown as Record<symbol, D1PreparedStatement>)[UNWRAPPED] ?? s,
          );
          const results = await target.batch(inner);
          for (const r of results) countMeta(count, r);
          return results;
        };
      const value = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
