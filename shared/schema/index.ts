// Network schemas: field types with declared precision, components and their sync rules.
export { AngleField, type AngleOptions, angle } from "./angle-field.js";
export {
  type ComponentDef,
  type ComponentOptions,
  defineComponent,
  type FieldLayout,
  type Schema,
  type StoreOf,
  type ValuesOf,
} from "./component.js";
export type {
  Field,
  FieldKind,
  FieldView,
  NumericField,
  PredictOptions,
  StringField,
} from "./field.js";
export {
  type BoundedIntOptions,
  bool,
  boundedInt,
  enumOf,
  IntField,
  uint8,
  uint16,
  uint32,
} from "./int-field.js";
export {
  LinearField,
  type LinearFieldOptions,
  quantizedFloat,
  type Vec2View,
  type Vec3View,
  vec2,
  vec3,
} from "./linear-field.js";
export { LinearQuantizer, type QuantizeRange } from "./linear-quantizer.js";
export { defineLocalComponent, type LocalComponentDef } from "./local-component.js";
export {
  DEFAULT_NETWORK_SCHEMA_OPTIONS,
  defineNetworkSchema,
  type NetworkSchema,
  type NetworkSchemaOptions,
  resolveNetworkSchemaOptions,
} from "./network-schema.js";
export {
  DEFAULT_NETWORK_SYNC,
  type NetworkSync,
  type ResolvedNetworkSync,
  resolveNetworkSync,
  type UpdateFrequency,
} from "./network-sync.js";
export {
  QuaternionField,
  type QuaternionOptions,
  type QuaternionView,
  quaternion,
} from "./quaternion-field.js";
export { type BoundedStringOptions, boundedString } from "./string-field.js";
