// The broadcast stream's record kinds: what one tick of the stream holds, on a spectator's
// socket (as SNAPSHOT and RPC EVENT frames) and in a replay chunk (as records). A tick has
// exactly one state — a KEY (a FULL update: the whole replicated world) or a DELTA (against
// the previous tick) — followed by the RPC events the room broadcast during it.

/** Record kinds of a replay chunk, the record's first byte (docs/replication.md). */
export const REPLAY_RECORD = {
  /** `0x01`: the tick's FULL update (a keyframe); playback may start here. */
  KEY: 0x01, //   0b0000_0001
  /** `0x02`: the tick's DELTA update against the previous tick's state. */
  DELTA: 0x02, // 0b0000_0010
  /** `0x03`: an RPC EVENT frame (`0x48 …`) broadcast during the tick, after its state. */
  EVENT: 0x03, // 0b0000_0011
} as const;

/** A record kind byte. */
export type ReplayRecordByte = (typeof REPLAY_RECORD)[keyof typeof REPLAY_RECORD];

/** A record kind, by name. */
export type ReplayRecordKind = "key" | "delta" | "event";

/** One record of the broadcast stream: a tick's state or one of its events. */
export interface ReplayRecord {
  readonly kind: ReplayRecordKind;
  /** The room tick it belongs to. */
  readonly tick: number;
  /**
   * key, delta: the replication update (`ReplicationClient.apply(bytes)`); event: the whole
   * RPC EVENT frame (`RpcClient.receive(bytes)`). A view into the chunk.
   */
  readonly bytes: Uint8Array;
}

/** The name of a record kind byte (undefined: not a kind). */
export function recordKindName(byte: number): ReplayRecordKind | undefined {
  switch (byte) {
    case REPLAY_RECORD.KEY:
      return "key";
    case REPLAY_RECORD.DELTA:
      return "delta";
    case REPLAY_RECORD.EVENT:
      return "event";
    default:
      return undefined;
  }
}
