// Bit-level I/O: a reusable bit writer, a hostile-input bit reader and variable-length codes.
export { BitReader } from "./bit-reader.js";
export {
  BitWriter,
  type BitWriterOptions,
  DEFAULT_BIT_WRITER_OPTIONS,
  resolveBitWriterOptions,
} from "./bit-writer.js";
export {
  bitsFor,
  EXP_GOLOMB_MAX,
  expGolombBits,
  gapOrder,
  readExpGolomb,
  readSignedExpGolomb,
  unzigzag,
  writeExpGolomb,
  writeSignedExpGolomb,
  zigzag,
} from "./universal-codes.js";
