// The wire protocol: message types, close codes, limits, encoders and decoders.
export * from "./client-messages.js";
export * from "./close-codes.js";
export * from "./limits.js";
export * from "./opcodes.js";
export * from "./server-messages.js";
export * from "./voice-messages.js";
