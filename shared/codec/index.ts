// Byte-level framing: a reusable writer, a hostile-input reader, results and UTF-8.
export { ByteReader } from "./byte-reader.js";
export { ByteWriter } from "./byte-writer.js";
export { type Err, err, type Ok, ok, type Result } from "./result.js";
export { readUtf8, utf8Length, writeUtf8 } from "./utf8.js";
