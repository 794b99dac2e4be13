// Components declared once, used by the server world, the client mirror and the codec.
// defineComponent resolves the schema into a flat layout (code offsets, string slots,
// prediction links) so the hot paths index typed arrays instead of walking objects.

import { bitsFor } from "../bits/universal-codes.js";
import { AngleField } from "./angle-field.js";
import type { Field, FieldView, StringField } from "./field.js";
import { LinearField } from "./linear-field.js";
import { type NetworkSync, type ResolvedNetworkSync, resolveNetworkSync } from "./network-sync.js";

/** Field declarations of a component, by name. */
export type Schema = Readonly<Record<string, Field>>;

/** The storage of a component: per field a Float64Array, a lane view or a string array. */
export type StoreOf<S extends Schema> = { readonly [K in keyof S]: FieldView<S[K]> };

/** Initial or assigned values of a component's fields (all optional; missing ones are 0/""). */
export type ValuesOf<S extends Schema> = {
  [K in keyof S]?: S[K] extends StringField
    ? string
    : FieldView<S[K]> extends Float64Array
      ? number
      : { [L in keyof FieldView<S[K]>]?: number };
};

/** Where a field lives in the flat per-entity layout of its component. */
export interface FieldLayout {
  readonly name: string;
  readonly index: number;
  readonly field: Field;
  /** First integer code of the field in the component's code block; −1 for strings. */
  readonly codeAt: number;
  /** Index among the component's string fields; −1 for numeric fields. */
  readonly stringAt: number;
  /** Index among the component's predicted fields; −1 when not predicted. */
  readonly predictedAt: number;
  /** Field index of the rate this field is predicted from; −1 when not predicted. */
  readonly rateField: number;
  /** First lane of this field's rate in the component's per-entity rate block; −1 when not predicted. */
  readonly rateAt: number;
  /** First lane of this field in the component's per-entity lane block; −1 for strings. */
  readonly laneAt: number;
  /** Largest allowed reconstruction error per lane (predicted fields), units. */
  readonly predictTolerance: number;
  /** Largest anchor age, ticks (predicted fields). */
  readonly maxAgeTicks: number;
  /** Bits of the anchor age in full states (predicted fields). */
  readonly ageBits: number;
  /** Field index of the vec2 a heading angle follows; −1 otherwise. */
  readonly headingField: number;
  /**
   * Index among the component's *coded* fields — floats and vectors (their changes go as
   * deltas or prediction residuals) and heading angles — whose Exp-Golomb order a DELTA
   * update carries; −1 for the others.
   */
  readonly codedAt: number;
  /**
   * True when the field is compared only on ticks its entity is marked changed
   * (NetworkSync.changeFields), false when it is compared whenever its component is.
   */
  readonly onChange: boolean;
}

/** A component with a network schema. */
export interface ComponentDef<S extends Schema = Schema> {
  readonly kind: "schema";
  /** Process-unique id (worlds index their tables by it). */
  readonly id: number;
  readonly name: string;
  readonly schema: S;
  readonly sync: ResolvedNetworkSync;
  /** Fields in declaration order (the wire order). */
  readonly fields: readonly FieldLayout[];
  /** Integer codes per entity. */
  readonly codeStride: number;
  /** String fields per entity. */
  readonly stringCount: number;
  /** Predicted fields per entity. */
  readonly predictedCount: number;
  /** Rate lanes per entity (sum of the predicted fields' lanes). */
  readonly rateStride: number;
  /** Numeric lanes per entity (sum of the numeric fields' lanes). */
  readonly laneStride: number;
  /** Coded fields (see FieldLayout.codedAt). */
  readonly codedCount: number;
  /** Bits of one instance sent raw (float32 per float lane …), for the compression report. */
  readonly rawBits: number;
}

/** Options of {@link defineComponent}. */
export interface ComponentOptions {
  /** The network declaration; see {@link NetworkSync}. */
  sync?: NetworkSync;
}

let nextComponentId = 0;

/** Hands out process-unique component ids (schema and local components share the counter). */
export function allocateComponentId(): number {
  return nextComponentId++;
}

/**
 * Declares a component. Field order is wire order; a predicted field names a rate field
 * declared before it.
 *
 * @example
 * const Body = defineComponent("Body", {
 *   vel: vec2({ min: -128, max: 128, step: 1 / 16 }),
 *   pos: vec2({ min: 0, max: 2000, step: 2000 / 65535, predict: { rate: "vel" } }),
 *   hp: uint8(),
 * }, { sync: { frequency: "tick", priority: 2 } });
 * @throws naming the field when a declaration is inconsistent.
 */
export function defineComponent<S extends Schema>(
  name: string,
  schema: S,
  options: ComponentOptions = {},
): ComponentDef<S> {
  const sync = resolveNetworkSync(options.sync, name);
  const names = Object.keys(schema);
  for (const changeField of sync.changeFields)
    if (!names.includes(changeField))
      throw new Error(`${name}.sync.changeFields names no field "${changeField}"`);
  const fields: FieldLayout[] = [];
  let codeStride = 0;
  let stringCount = 0;
  let predictedCount = 0;
  let rateStride = 0;
  let laneStride = 0;
  let codedCount = 0;
  let rawBits = 0;
  for (let index = 0; index < names.length; index++) {
    const fieldName = names[index]!;
    const field = schema[fieldName]!;
    const where = `${name}.${fieldName}`;
    rawBits += field.rawBits;
    let layout: FieldLayout = {
      name: fieldName,
      index,
      field,
      codeAt: -1,
      stringAt: -1,
      predictedAt: -1,
      rateField: -1,
      rateAt: -1,
      laneAt: -1,
      predictTolerance: 0,
      maxAgeTicks: 0,
      ageBits: 0,
      headingField: -1,
      codedAt: -1,
      onChange: sync.changeFields.includes(fieldName),
    };
    if (field.kind === "string") layout = { ...layout, stringAt: stringCount++ };
    else {
      layout = { ...layout, codeAt: codeStride, laneAt: laneStride };
      codeStride += field.codeCount;
      laneStride += field.lanes;
    }
    if (field instanceof AngleField && field.heading !== undefined) {
      const headingField = names.indexOf(field.heading);
      const source = schema[field.heading];
      if (
        headingField < 0 ||
        headingField >= index ||
        !(source instanceof LinearField) ||
        source.kind !== "vec2"
      )
        throw new Error(`${where}.heading must name a vec2 field declared earlier`);
      // Unmarked, the angle is not compared: it must not miss its vector's change, whose
      // heading both ends would otherwise derive into it.
      if (layout.onChange && !sync.changeFields.includes(field.heading))
        throw new Error(`${where}: a heading angle in changeFields needs its vector there too`);
      layout = { ...layout, headingField, codedAt: codedCount++ };
    } else if (field instanceof LinearField) layout = { ...layout, codedAt: codedCount++ };
    const predict = field.predict;
    if (predict !== undefined) {
      if (!(field instanceof LinearField))
        throw new Error(`${where}: only floats and vectors can be predicted`);
      if (sync.interval === 0)
        throw new Error(`${where}: prediction needs frequency "tick" or everyTicks`);
      const rateField = names.indexOf(predict.rate);
      const rate = schema[predict.rate];
      if (
        rateField < 0 ||
        rateField >= index ||
        !(rate instanceof LinearField) ||
        rate.lanes !== field.lanes
      )
        throw new Error(
          `${where}.predict.rate must name a float/vector field with as many lanes, declared earlier`,
        );
      const step = field.quantizer.step;
      const tolerance = predict.tolerance ?? step;
      if (!(tolerance >= step / 2))
        throw new Error(`${where}.predict.tolerance must be ≥ step / 2`);
      const maxAgeTicks = predict.maxAgeTicks ?? 63;
      if (!Number.isInteger(maxAgeTicks) || maxAgeTicks < 1 || maxAgeTicks > 65535)
        throw new Error(`${where}.predict.maxAgeTicks must be an integer in 1..65535`);
      if (layout.onChange)
        throw new Error(`${where}: a predicted field is compared every tick, not in changeFields`);
      if (maxAgeTicks < sync.interval)
        throw new Error(`${where}.predict.maxAgeTicks must be ≥ the update interval`);
      layout = {
        ...layout,
        predictedAt: predictedCount++,
        rateField,
        rateAt: rateStride,
        predictTolerance: tolerance,
        maxAgeTicks,
        ageBits: bitsFor(maxAgeTicks),
      };
      rateStride += field.lanes;
    }
    fields.push(layout);
  }
  return {
    kind: "schema",
    id: allocateComponentId(),
    name,
    schema,
    sync,
    fields,
    codeStride,
    stringCount,
    predictedCount,
    rateStride,
    laneStride,
    codedCount,
    rawBits,
  };
}
