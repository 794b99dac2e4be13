// A D1 binding that fails on purpose: each call may throw a transient error before it reaches
import { mulberry32 } from "../../shared/random/mulberry32.js";
// the database (nothing happened) or after (it committed, but the answer is lost), chosen by
// a seeded generator. Tests use it to show retried writes lose nothing and apply nothing twice.

/** How often to fail, from a seeded generator. */
export interface FailurePlan {
  /** Probability a call fails before reaching D1. */
  readonly before: number;
  /** Probability a call fails after D1 committed it. */
  readonly after: number;
  readonly seed: number;
}

/** What the wrapper did. */
export interface FailureStats {
  before: number;
  after: number;
  calls: number;
}

const unwrap = new WeakMap<object, D1PreparedStatement>();

/** Wraps `db`; the stats count the injected failures. */
export function flakyD1(
  db: D1Database,
  plan: FailurePlan,
): { db: D1Database; stats: FailureStats } {
  const random = mulberry32(plan.seed);
  const stats: FailureStats = { before: 0, after: 0, calls: 0 };
  const fail = (when: "before" | "after") => {
    if (random() >= plan[when]) return;
    stats[when]++;
    throw new Error(`D1_ERROR: Network connection lost. (injected ${when})`);
  };
  async function guarded<T>(op: () => Promise<T>): Promise<T> {
    stats.calls++;
    fail("before");
    const out = await op();
    fail("after");
    return out;
  }
  const wrap = (real: D1PreparedStatement): D1PreparedStatement => {
    const s = {
      bind: (...values: unknown[]) => wrap(real.bind(...values)),
      first: (column?: string) => guarded(() => (column ? real.first(column) : real.first())),
      all: () => guarded(() => real.all()),
      run: () => guarded(() => real.run()),
      raw: () => guarded(() => real.raw()),
    } as unknown as D1PreparedStatement;
    unwrap.set(s, real);
    return s;
  };
  const flaky = {
    prepare: (sql: string) => wrap(db.prepare(sql)),
    batch: (statements: D1PreparedStatement[]) =>
      guarded(() => db.batch(statements.map((s) => unwrap.get(s) ?? s))),
    exec: (sql: string) => guarded(() => db.exec(sql)),
  } as unknown as D1Database;
  return { db: flaky, stats };
}
