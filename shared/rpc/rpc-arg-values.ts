// The TypeScript values of argument schemas, inferred from the declarations: what a caller
// passes and a handler receives. Nothing here exists at run time; the codec enforces at run
// time what these types promise at compile time.

import type { ArgSchema, ArgType } from "./rpc-args.js";
import type { FreeFormArg } from "./rpc-free-form.js";

/**
 * The TypeScript value of one field type: numbers for the numeric kinds, `readonly T[]` for
 * arrays, an object for records, `T | undefined` for an optional array item, `Uint8Array` for
 * bytes and the validator's type (plain data without one) for free-form.
 */
export type ArgValue<T extends ArgType> = ArgType extends T
  ? unknown // the wide ArgType (generic code over any schema): no recursion into it
  : T extends { kind: "bool" }
    ? boolean
    : T extends { kind: "string" }
      ? string
      : T extends { kind: "enum"; values: readonly (infer V)[] }
        ? V
        : T extends { kind: "bytes" }
          ? Uint8Array
          : T extends { kind: "array"; item: infer I extends ArgType }
            ? readonly ArgValue<I>[]
            : T extends { kind: "record"; fields: infer F extends ArgSchema }
              ? ArgsOf<F>
              : T extends { kind: "optional"; type: infer I extends ArgType }
                ? ArgValue<I> | undefined
                : T extends FreeFormArg<infer V>
                  ? V
                  : number;

/** The value of an optional field when present. */
type PresentValue<T extends ArgType> = T extends { kind: "optional"; type: infer I extends ArgType }
  ? ArgValue<I>
  : never;

/** One object type out of an intersection, so editors and type tests see plain fields. */
type Flatten<T> = { [K in keyof T]: T[K] };

/**
 * The TypeScript value of a schema: its fields, mutable, with `arg.optional` fields as
 * `field?: T`. For a schema of required fields only, exactly `{ [field]: ArgValue }`. Both
 * halves map `keyof S` itself (keys filtered with `as`), which keeps them homomorphic: TS
 * infers through them lazily, where a conditional or `Exclude`-keyed form hits its instantiation
 * depth limit in generic callers such as `emit`.
 */
export type ArgsOf<S extends ArgSchema> = Flatten<
  {
    -readonly [K in keyof S as S[K] extends { kind: "optional" } ? never : K]: ArgValue<S[K]>;
  } & {
    -readonly [K in keyof S as S[K] extends { kind: "optional" } ? K : never]?: PresentValue<S[K]>;
  }
>;
