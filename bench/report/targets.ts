// The targets of issues 3 and 21 for edgetick, each against the best Colyseus variant for
// that figure in the same run (bytes on the wire on both sides). They are reported, never
// asserted: the bench measures, it does not pass or fail on speed.
import type { InformationContent } from "../harness/information.js";
import { WHOLE_RESOLUTION } from "../harness/steady-heap.js";
import type { SystemResult } from "../harness/summarize.js";
import type { SystemId } from "../systems/system.js";

/** The systems of one scene, by results key, and the scene's information content. */
export type SceneResults = Partial<Record<SystemId, SystemResult>> & {
  /** The information content of the scene's changes per client per tick, bytes. */
  entropyBytesPerClientTick?: number;
  /** How {@link entropyBytesPerClientTick} splits (bench/harness/information.ts). */
  information?: InformationContent;
};

/** One target and whether this run met it. */
export interface TargetCheck {
  scene: string;
  target: string;
  /** edgetick's figure over the reference figure (or the figure itself, for heap bytes). */
  ratio: number;
  /** The largest ratio that meets the target. */
  limit: number;
  met: boolean;
}

/** Position error allowed by the targets: one Colyseus quantization step, units. */
export const TARGET_POSITION_ERROR = 0.0305;

/** Colyseus variants: the peers a target compares with (the best one for each figure). */
const PEERS = ["colyseus", "colyseusQuantized", "fairPeer"] as const;

/** Dense-change speed (issue 21): edgetick at least 0.7× the peer's speed. */
const SPEED_SHARE = 0.7;

/** Evaluates the targets for one scene (none without edgetick and a Colyseus variant). */
export function checkTargets(name: string, results: SceneResults): TargetCheck[] {
  const e = results.edgetick;
  const peers = PEERS.map((id) => results[id]).filter((r) => r !== undefined);
  if (e === undefined || peers.length === 0) return [];
  const best = (pick: (r: SystemResult) => number) => Math.min(...peers.map(pick));
  const check = (target: string, ratio: number, limit: number): TargetCheck => ({
    scene: name,
    target,
    ratio,
    limit,
    met: ratio <= limit,
  });
  const steering = name.startsWith("steering");
  const checks: TargetCheck[] = [];
  if (!steering) {
    checks.push(
      check(
        "bytes/client/tick ≤ 1/10 of best Colyseus",
        e.bytesPerClientTick / best((r) => r.bytesPerClientTick),
        0.1,
      ),
      check(
        "max position error ≤ 0.0305 (ratio to 0.0305)",
        e.maxPositionError / TARGET_POSITION_ERROR,
        1,
      ),
      check("decode ≤ best Colyseus", e.decodeMsPerUpdate / best((r) => r.decodeMsPerUpdate), 1),
      check("join ≤ 1/4 of best Colyseus", e.joinBytes / best((r) => r.joinBytes), 0.25),
    );
    const encode = e.encodeMsPerTick / best((r) => r.encodeMsPerTick);
    checks.push(
      name === "B"
        ? check("encode ≤ 1/2 of best Colyseus", encode, 0.5)
        : check("encode ≤ best Colyseus", encode, 1),
    );
  } else {
    const entropy = results.entropyBytesPerClientTick;
    if (entropy !== undefined)
      checks.push(
        check("bytes/client/tick ≤ 1.5 × information content", e.bytesPerClientTick / entropy, 1.5),
      );
    checks.push(
      check(
        "bytes/client/tick ≤ 1/3 of best Colyseus",
        e.bytesPerClientTick / best((r) => r.bytesPerClientTick),
        1 / 3,
      ),
    );
    const speed = (label: string, pick: (r: SystemResult) => number) =>
      check(`${label} ≥ 0.7× best Colyseus' speed`, pick(e) / best(pick), 1 / SPEED_SHARE);
    checks.push(
      speed("encode", (r) => r.encodeMsPerTick),
      speed("decode", (r) => r.decodeMsPerUpdate),
      speed("whole tick", (r) => r.tickMsPerTick),
    );
  }
  checks.push(
    check(
      `heap bytes per tick, server and every client's decode = 0 (the figure; read over 500 ticks at once, ≤ ${WHOLE_RESOLUTION.toFixed(1)} is the read's own)`,
      e.heapBytesPerTick.whole,
      WHOLE_RESOLUTION,
    ),
  );
  return checks;
}
