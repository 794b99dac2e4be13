// Blending a field's lanes between two values: linear, shortest-arc angle, quaternion slerp
// or hold. Pure functions over flat Float64Arrays, writing into `out`, allocating nothing.

import { BLEND, type LaneField } from "./lane-layout.js";

const TAU = 2 * Math.PI;

/** Maps an angle into [−π, π). */
export function wrapPi(a: number): number {
  const r = a - TAU * Math.floor((a + Math.PI) / TAU);
  return r >= Math.PI ? r - TAU : r;
}

/**
 * Writes field `f` blended between `a` (at `ao`) and `b` (at `bo`) by `t` into `out` (at
 * `oo`). t in [0, 1] interpolates; t > 1 extrapolates along the same motion (the caller
 * caps it). HOLD fields take `a` below t = 1 and `b` from it.
 */
export function blendField(
  f: LaneField,
  a: Float64Array,
  ao: number,
  b: Float64Array,
  bo: number,
  t: number,
  out: Float64Array,
  oo: number,
): void {
  const i = f.at;
  switch (f.blend) {
    case BLEND.LINEAR:
      for (let l = 0; l < f.lanes; l++) {
        const va = a[ao + i + l]!;
        const vb = b[bo + i + l]!;
        // t = 1 gives b exactly (a + (b − a) can round away from it).
        out[oo + i + l] = t === 1 ? vb : va + (vb - va) * t;
      }
      return;
    case BLEND.ANGLE: {
      const va = a[ao + i]!;
      out[oo + i] = wrapPi(va + wrapPi(b[bo + i]! - va) * t);
      return;
    }
    case BLEND.QUAT:
      slerp(a, ao + i, b, bo + i, t, out, oo + i);
      return;
    default: {
      const src = t < 1 ? a : b;
      const so = t < 1 ? ao : bo;
      for (let l = 0; l < f.lanes; l++) out[oo + i + l] = src[so + i + l]!;
    }
  }
}

/**
 * Distance between two values of field `f`: Euclidean over its lanes, the arc for angles,
 * the rotation angle for quaternions, the largest lane difference for held fields.
 */
export function fieldDistance(
  f: LaneField,
  a: Float64Array,
  ao: number,
  b: Float64Array,
  bo: number,
): number {
  const i = f.at;
  if (f.blend === BLEND.ANGLE) return Math.abs(wrapPi(b[bo + i]! - a[ao + i]!));
  if (f.blend === BLEND.QUAT) {
    let dot = 0;
    for (let l = 0; l < 4; l++) dot += a[ao + i + l]! * b[bo + i + l]!;
    return 2 * Math.acos(Math.min(1, Math.abs(dot)));
  }
  let sum = 0;
  let worst = 0;
  for (let l = 0; l < f.lanes; l++) {
    const d = b[bo + i + l]! - a[ao + i + l]!;
    sum += d * d;
    worst = Math.max(worst, Math.abs(d));
  }
  return f.blend === BLEND.LINEAR ? Math.sqrt(sum) : worst;
}

/** Spherical interpolation of unit quaternions along the shorter arc. */
function slerp(
  a: Float64Array,
  ai: number,
  b: Float64Array,
  bi: number,
  t: number,
  out: Float64Array,
  oi: number,
): void {
  let dot = 0;
  for (let l = 0; l < 4; l++) dot += a[ai + l]! * b[bi + l]!;
  const sign = dot < 0 ? -1 : 1;
  dot *= sign;
  let wa: number;
  let wb: number;
  if (dot > 0.9995) {
    // Nearly equal: linear blend, normalized below, avoids dividing by sin(≈0).
    wa = 1 - t;
    wb = t;
  } else {
    const theta = Math.acos(dot);
    const s = Math.sin(theta);
    wa = Math.sin((1 - t) * theta) / s;
    wb = Math.sin(t * theta) / s;
  }
  let norm = 0;
  for (let l = 0; l < 4; l++) {
    const v = wa * a[ai + l]! + wb * sign * b[bi + l]!;
    out[oi + l] = v;
    norm += v * v;
  }
  norm = Math.sqrt(norm) || 1;
  for (let l = 0; l < 4; l++) out[oi + l] = out[oi + l]! / norm;
}
