// Issue 3's targets for edgetick, evaluated against Colyseus measured in the same run.
// They are reported, never asserted: the bench measures, it does not pass or fail on speed.
import type { SystemResult } from "../harness/summarize.js";

/** The systems of one scene, by results key. */
export type SceneResults = Partial<
  Record<"edgetick" | "colyseus" | "colyseusQuantized" | "fairPeer", SystemResult>
>;

/** One target and whether this run met it. */
export interface TargetCheck {
  scene: string;
  target: string;
  /** edgetick's figure over the reference figure. */
  ratio: number;
  /** The largest ratio that meets the target. */
  limit: number;
  met: boolean;
}

/** Position error allowed by the targets: one Colyseus quantization step, units. */
export const TARGET_POSITION_ERROR = 0.0305;

/**
 * Evaluates the targets for one scene (none without edgetick). "Colyseus" for times means the
 * faster of its two variants in this run, so a target is never met against the slower one.
 */
export function checkTargets(name: string, results: SceneResults): TargetCheck[] {
  const e = results.edgetick;
  const q = results.colyseusQuantized;
  const f = results.colyseus;
  if (e === undefined || q === undefined || f === undefined) return [];
  const fastest = (pick: (r: SystemResult) => number) => Math.min(pick(q), pick(f));
  const check = (target: string, ratio: number, limit: number): TargetCheck => ({
    scene: name,
    target,
    ratio,
    limit,
    met: ratio <= limit,
  });
  const checks = [
    check(
      "bytes/client/tick ≤ 1/10 of Colyseus-quantized",
      e.bytesPerClientTick / q.bytesPerClientTick,
      0.1,
    ),
    check(
      "max position error ≤ 0.0305 (ratio to 0.0305)",
      e.maxPositionError / TARGET_POSITION_ERROR,
      1,
    ),
    check(
      "decode ≤ Colyseus (faster variant)",
      e.decodeMsPerUpdate / fastest((r) => r.decodeMsPerUpdate),
      1,
    ),
    check("join ≤ 1/4 of Colyseus-quantized", e.joinBytes / q.joinBytes, 0.25),
  ];
  if (name === "B") {
    checks.push(
      check(
        "encode ≤ 1/2 of Colyseus (faster variant)",
        e.encodeMsPerTick / fastest((r) => r.encodeMsPerTick),
        0.5,
      ),
    );
  }
  return checks;
}
