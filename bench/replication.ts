// `npm run bench:replication`: scenes A and B of SCENES.md through edgetick and Colyseus in
// one process, every update decoded and verified; prints the table, writes
// bench/results/replication.json and docs/benchmarks.md.
//
// Options: --runs N (default 5); --scene A|B|steeringA|steeringB runs one scene and, like
// --no-write, only prints; --systems edgetick,fairPeer,… (ids of the results) runs only those
// systems, and also only prints (the short form while developing: ratios are then to the
// best Colyseus variant among those run); --warmup N runs N warm-up ticks before the measured
// ones instead of SCENES.md's 30, and only prints (how a room long past V8's warm-up compares:
// a room's once-a-tick code runs in V8's lower tiers for its first thousands of ticks).
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { COST_SECTION } from "./cost/cost-results.js";
import { FAIRPLAY_SECTION } from "./fairplay/fairplay-doc.js";
import { measureInformation } from "./harness/information.js";
import { type RunMeasurement, runSystem } from "./harness/run-system.js";
import { ratios, ratiosToBest, type SystemResult, summarize } from "./harness/summarize.js";
import { ReplicationMismatchError } from "./harness/verify-mirror.js";
import { benchmarksDoc } from "./report/benchmarks-doc.js";
import { keepSection } from "./report/doc-sections.js";
import { LOAD_SECTION } from "./report/load-doc.js";
import { machineInfo } from "./report/machine.js";
import { PEER_SECTION } from "./report/peer-doc.js";
import { peerVersions } from "./report/peer-versions.js";
import { type ReplicationResults, writeResults } from "./report/replication-results.js";
import { SPECTATORS_SECTION } from "./report/spectators-doc.js";
import {
  informationRows,
  ratioChangeRows,
  renderText,
  sceneRows,
  targetRows,
} from "./report/table.js";
import { checkTargets, type SceneResults } from "./report/targets.js";
import {
  MEASURED_TICKS,
  SCENE_SEED,
  SCENES,
  type SceneConfig,
  WARMUP_TICKS,
} from "./scenes/scene-config.js";
import { colyseusSystem } from "./systems/colyseus.js";
import { EDGETICK_NOTES, EDGETICK_STATUS, edgetickSystem } from "./systems/edgetick-entry.js";
import type { SystemFactory, SystemId } from "./systems/system.js";
import { VOICE_SECTION } from "./voice/voice-doc.js";
import { ZONES_SECTION } from "./zones/zones-doc.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const RESULTS_PATH = join(ROOT, "bench/results/replication.json");
const DOC_PATH = join(ROOT, "docs/benchmarks.md");

interface Options {
  runs: number;
  scenes: SceneConfig[];
  /** The systems to run (null: all). */
  systems: SystemId[] | null;
  /** Warm-up ticks before the measured ones (null: SCENES.md's). */
  warmupTicks: number | null;
  write: boolean;
}

function parseOptions(argv: string[]): Options {
  const options: Options = {
    runs: 5,
    scenes: [...SCENES],
    systems: null,
    warmupTicks: null,
    write: true,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--runs") {
      options.runs = Number(argv[++i]);
      if (!Number.isInteger(options.runs) || options.runs < 1)
        throw new Error("--runs must be ≥ 1");
    } else if (arg === "--scene") {
      const name = argv[++i];
      const scene = SCENES.find((s) => s.name === name);
      if (scene === undefined)
        throw new Error(`--scene must be one of ${SCENES.map((s) => s.name).join(", ")}`);
      options.scenes = [scene];
      // One scene's results must not replace the file (and the doc) holding both.
      options.write = false;
    } else if (arg === "--systems") {
      const ids = (argv[++i] ?? "").split(",");
      const known = systemsUnderTest().map((s) => s.id);
      const unknown = ids.filter((id) => !known.includes(id as SystemId));
      if (unknown.length > 0 || ids.length === 0)
        throw new Error(`--systems takes ids among ${known.join(", ")}`);
      options.systems = ids as SystemId[];
      // Part of the systems must not replace the file (and the doc) holding all of them.
      options.write = false;
    } else if (arg === "--warmup") {
      options.warmupTicks = Number(argv[++i]);
      if (!Number.isInteger(options.warmupTicks) || options.warmupTicks < 0)
        throw new Error("--warmup must be an integer ≥ 0");
      // Not SCENES.md's run: its figures must not replace the run of record.
      options.write = false;
    } else if (arg === "--no-write") {
      options.write = false;
    } else {
      throw new Error(`unknown option ${arg}`);
    }
  }
  return options;
}

const print = (text: string) => process.stdout.write(`${text}\n`);

function systemsUnderTest(): { id: SystemId; factory: SystemFactory }[] {
  const systems: { id: SystemId; factory: SystemFactory }[] = [];
  if (edgetickSystem !== null) systems.push({ id: "edgetick", factory: edgetickSystem });
  systems.push({ id: "colyseus", factory: colyseusSystem("float32") });
  systems.push({ id: "colyseusQuantized", factory: colyseusSystem("quantized") });
  systems.push({ id: "fairPeer", factory: colyseusSystem("fair") });
  return systems;
}

function benchScene(
  config: SceneConfig,
  runs: number,
  only: SystemId[] | null,
  warmupTicks: number | null,
): SceneResults {
  const systems = systemsUnderTest().filter((s) => only === null || only.includes(s.id));
  const measurements = new Map<SystemId, RunMeasurement[]>();
  for (let run = 0; run < runs; run++) {
    // Rotate the order each run so no system always runs first (or right after a GC-heavy one).
    for (let k = 0; k < systems.length; k++) {
      const { id, factory } = systems[(run + k) % systems.length]!;
      const started = performance.now();
      const measurement = runSystem(config, factory, {
        ...(warmupTicks === null ? {} : { warmupTicks }),
      });
      measurements.set(id, [...(measurements.get(id) ?? []), measurement]);
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      print(`  run ${run + 1}/${runs}: ${measurement.label} verified (${seconds} s)`);
    }
  }
  const results: SceneResults = {};
  for (const { id } of systems) results[id] = summarize(id, measurements.get(id)!);
  const information = measureInformation(config);
  results.entropyBytesPerClientTick = information.entropyBytesPerClientTick;
  results.information = information;
  const e = results.edgetick;
  if (e !== undefined) {
    const base = results.colyseusQuantized;
    if (base !== undefined) e.vsColyseusQuantized = ratios(e, base);
    const { edgetick: _, ...peers } = systemResults(results);
    if (Object.keys(peers).length > 0) {
      const best = ratiosToBest(e, peers);
      e.vsBestColyseus = best.ratios;
      e.bestColyseus = best.best;
    }
  }
  return results;
}

/** The systems' results of a scene, without its scene-wide figures. */
function systemResults(results: SceneResults): Partial<Record<SystemId, SystemResult>> {
  const { entropyBytesPerClientTick: _e, information: _i, ...systems } = results;
  return systems;
}

function main(): void {
  const options = parseOptions(process.argv.slice(2));
  const machine = machineInfo();
  const args = process.argv.slice(2).join(" ");
  const command = `npm run bench:replication${args === "" ? "" : ` -- ${args}`}`;
  print(`replication bench: ${options.runs} runs per system, Node ${machine.node}`);
  print(`${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB`);
  if (edgetickSystem === null) print(`edgetick: not measured (${EDGETICK_STATUS.note})`);
  const scenes: Record<string, SceneResults> = {};
  const sceneConfigs: Record<string, SceneConfig> = {};
  for (const config of options.scenes) {
    print(`scene ${config.name}: ${config.title}`);
    scenes[config.name] = benchScene(config, options.runs, options.systems, options.warmupTicks);
    sceneConfigs[config.name] = config;
  }
  const targets = Object.entries(scenes).flatMap(([name, r]) => checkTargets(name, r));
  for (const [name, results] of Object.entries(scenes)) {
    print(`\nScene ${name}: ${sceneConfigs[name]!.title}`);
    print(renderText(sceneRows(results)));
  }
  print(
    `\nInformation content (bench/harness/information.ts)\n${renderText(informationRows(scenes))}`,
  );
  print(`\nIssue 3's ratios and the fair ones\n${renderText(ratioChangeRows(scenes))}`);
  if (targets.length > 0)
    print(`\nTargets (reported, not asserted)\n${renderText(targetRows(targets))}`);
  const results: ReplicationResults = {
    benchmark: "replication",
    command,
    machine,
    settings: {
      runs: options.runs,
      warmupTicks: WARMUP_TICKS,
      measuredTicks: MEASURED_TICKS,
      seed: SCENE_SEED,
    },
    peers: peerVersions(),
    edgetick: EDGETICK_STATUS,
    sceneConfigs,
    scenes,
    targets,
  };
  if (!options.write) return;
  writeResults(RESULTS_PATH, results);
  // The sections other benches own (bench/peer.ts, bench/spectators.ts, bench/zones.ts …)
  // are carried over.
  const previous = existsSync(DOC_PATH) ? readFileSync(DOC_PATH, "utf8") : "";
  let page = benchmarksDoc(results, EDGETICK_NOTES);
  const kept = [
    PEER_SECTION,
    SPECTATORS_SECTION,
    LOAD_SECTION,
    FAIRPLAY_SECTION,
    COST_SECTION,
    VOICE_SECTION,
    ZONES_SECTION,
  ];
  for (const section of kept) page = keepSection(previous, page, section);
  writeFileSync(DOC_PATH, page);
  print(`\nwrote ${RESULTS_PATH} and ${DOC_PATH}`);
}

try {
  main();
} catch (error) {
  if (error instanceof ReplicationMismatchError) {
    process.stderr.write(`\nREPLICATION MISMATCH, no results written: ${error.message}\n`);
    process.exit(1);
  }
  throw error;
}
