// `npm run bench:capacity`: one room core in Node with 200 clients and 5,000 entities at
// 30 Hz, interest radius 300 (SCENES.md's arena rules, scene B's density × 2.5): the whole
// tick (simulation + interest + replication encode + one SNAPSHOT per client) against the
// 33.3 ms budget of a 30 Hz tick. Writes bench/results/capacity.json.
//
// Then the same room with every client's state budget cut below what its view changes by
// (BUDGETED_BYTES_PER_SECOND): the tick with each client's priority accumulator choosing,
// the bytes it keeps to, and — decoded by a sample of clients — how fresh the entities they
// hold are, near their viewpoint and far from it.
//
// Then issue 21's room: 1,000 clients × 10,000 entities, radius 300, every mover steering;
// its tick split into simulation, interest, shared encode, per-client updates and sends, and
// a sample of its clients verified against the scene every tick.
//
// Options: --no-write (print only); --ticks N (measured ticks, default 300); --only thousand
// (the 1,000-player room alone, printed, not written: the short form for profiling it).
//
// The rooms are configured in bench/capacity/capacity-config.ts and driven by
// bench/capacity/capacity-room.ts; bench/report/capacity-results.ts sums them up and
// bench/report/capacity-doc.ts renders the page.
import { writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { BASE, BUDGETED_BYTES_PER_SECOND, LARGE } from "./capacity/capacity-config.js";
import { measureCapacityRoom } from "./capacity/capacity-room.js";
import { capacityDoc } from "./report/capacity-doc.js";
import { capacityResults, round, thousandPlayersResults } from "./report/capacity-results.js";
import { BENCH_BYTES_PER_SECOND } from "./systems/edgetick.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const RESULTS_PATH = join(ROOT, "bench/results/capacity.json");
const DOC_PATH = join(ROOT, "docs/benchmarks-capacity.md");

/** The 1-minute load average, 2 decimals. */
function loadAverage(): number {
  return round(loadavg()[0]!, 2);
}

function main(argv: string[]): void {
  let measured = 300;
  let write = true;
  let thousandOnly = false;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--no-write") write = false;
    else if (argv[i] === "--only" && argv[i + 1] === "thousand") {
      thousandOnly = true;
      i++;
    } else if (argv[i] === "--ticks") {
      measured = Number(argv[++i]);
      if (!Number.isInteger(measured) || measured < 10) throw new Error("--ticks must be ≥ 10");
    } else throw new Error(`unknown option ${argv[i]}`);
  }

  if (thousandOnly) {
    const large = measureCapacityRoom(LARGE, measured, { bytesPerSecond: BENCH_BYTES_PER_SECOND });
    process.stdout.write(`${JSON.stringify(thousandPlayersResults(large, measured), null, 2)}\n`);
    return;
  }
  // The machine's load around each room: wall-clock ticks include other processes' turns.
  const rooms: number[][] = [];
  const loaded = <T>(run: () => T): T => {
    const start = loadAverage();
    const result = run();
    rooms.push([start, loadAverage()]);
    return result;
  };
  const full = loaded(() => measureCapacityRoom(BASE, measured, {}));
  const budgeted = loaded(() =>
    measureCapacityRoom(BASE, measured, { bytesPerSecond: BUDGETED_BYTES_PER_SECOND }),
  );
  // Every update whole (as in bench:replication), so the verified clients hold the state.
  const large = loaded(() =>
    measureCapacityRoom(LARGE, measured, { bytesPerSecond: BENCH_BYTES_PER_SECOND }),
  );
  const results = capacityResults(full, budgeted, large, measured, rooms);
  process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  if (!write) return;
  writeFileSync(RESULTS_PATH, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(DOC_PATH, capacityDoc(results));
}

main(process.argv.slice(2));
