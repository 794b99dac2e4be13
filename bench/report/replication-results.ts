// The machine-readable result of `npm run bench:replication`: bench/results/replication.json.
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { SceneConfig } from "../scenes/scene-config.js";
import type { MachineInfo } from "./machine.js";
import type { PeerVersions } from "./peer-versions.js";
import type { SceneResults, TargetCheck } from "./targets.js";

/** Whether edgetick's side ran, and if not why. */
export interface EdgetickStatus {
  measured: boolean;
  /** One sentence for the reader of the results. */
  note: string;
}

/** Everything one run of the bench produced. */
export interface ReplicationResults {
  benchmark: "replication";
  /** The exact command that produced the file. */
  command: string;
  machine: MachineInfo;
  /** Runs per system per scene, and the tick counts of each run. */
  settings: { runs: number; warmupTicks: number; measuredTicks: number; seed: number };
  peers: PeerVersions;
  edgetick: EdgetickStatus;
  /** N, M and the view radius of each scene. */
  sceneConfigs: Record<string, SceneConfig>;
  /** `scenes.<A|B>.<edgetick|colyseus|colyseusQuantized>`: the figures. */
  scenes: Record<string, SceneResults>;
  /** Issue 3's targets for edgetick, reported (not asserted). */
  targets: TargetCheck[];
}

/** Writes `results` as JSON, atomically (a *.tmp file renamed over the old one). */
export function writeResults(path: string, results: ReplicationResults): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(results, null, 2)}\n`);
  renameSync(temporary, path);
}
