// Which edgetick system the bench runs, and what the results and docs say about it. Kept
// apart from the entry so the Colyseus half stays runnable when shared/replication moves.

import { SNAPSHOT_HEADER_BYTES } from "../../shared/protocol/index.js";
import type { EdgetickStatus } from "../report/replication-results.js";
import { BENCH_BYTES_PER_SECOND, EdgetickSystem } from "./edgetick.js";
import { ANGLE_BITS, POSITION_STEP, POSITION_TOLERANCE, VELOCITY_STEP } from "./edgetick-schema.js";
import type { SystemFactory } from "./system.js";

/** The edgetick system, or null when its replication core is not available. */
export const edgetickSystem: SystemFactory | null = () => new EdgetickSystem();

/** Shown in the output and recorded in results/replication.json. */
export const EDGETICK_STATUS: EdgetickStatus = {
  measured: true,
  note: "edgetick's room core (shared/room RoomCore) driven as the GameRoom Durable Object drives it, measured in the same process and run",
};

/** Paragraphs for docs/benchmarks.md about edgetick's side. */
export const EDGETICK_NOTES: string[] = [
  "edgetick runs through its room core, `RoomCore` (shared/room), driven as the GameRoom",
  "Durable Object drives it, with no shortcut into the replication layer:",
  "",
  "- The scene is a `GameDefinition` (bench/systems/edgetick-scene-game.ts): `setup` spawns",
  "  the N entities, `step` advances the scene one tick and writes only what it changed into",
  "  the world's stores (every mover's position, the velocity and angle of those that",
  "  stopped, started or bounced, the hp of the 2% with `world.markChanged`). Scene B",
  "  declares `spatialInterest` (radius 300): the room's own interest pipeline",
  "  (shared/room/room-interest.ts) keeps its uniform grid in step with the world's positions",
  "  once per tick (an entity relinks only when it crosses a cell) and queries it per player",
  "  from the player's viewpoint, the seat its HELLO name names. Scene A declares no",
  "  interest: every player holds everything. Players have no avatars and send no inputs.",
  "- The host (bench/systems/edgetick-host.ts) is the `RoomSink`: it copies every frame, as a",
  "  socket's send copies it. Each client opens a connection and sends a real HELLO",
  "  (`encodeHello`) before the warm-up; then the host's clock advances by one tick interval",
  "  per `room.update(now)`, so each update runs exactly one fixed tick: the game's `step`,",
  "  the replication commit, the interest grid update, and per player its interest query,",
  "  the update for its visible set and one SNAPSHOT frame `[0x42][ackSeq u32][inputBuffer",
  "  i8][update …]` to the sink. Every player's state budget is " +
    `${BENCH_BYTES_PER_SECOND / 1024 / 1024} MiB/s, above any`,
  "  update here, so every update goes whole as Colyseus' patches do (the room's default,",
  "  64 KiB/s, is below what the steering scenes change by: its priority accumulator would",
  "  choose, and clients would hold older values than the verifier accepts).",
  "- Each client reads its frame's SNAPSHOT header in place (`readSnapshotHeader`, as",
  "  `ClientSession` does) and applies the update from the frame with its own",
  "  `ReplicationClient` into a mirror `World` (capacity `schema.maxEntities`, no id-reuse",
  "  delay); the verifier reads that mirror. Decode time is both steps for one frame.",
  "- Tick time is the whole `room.update(now)`. Encode time is that minus the time spent",
  "  inside the game's `step` and the room's interest: the replication commit and per-player",
  "  updates, the SNAPSHOT header, the sink's copies and the room's own bookkeeping. The step",
  "  and the grid update are timed by wrapping them with `performance.now()`; the per-player",
  "  queries are timed by running them again right after the tick (a query keeps no state),",
  "  since two clock reads per player would allocate inside the metered tick (each",
  "  `performance.now()` returns a new heap number). The rerun meets warm caches, so it can",
  "  only read low, and the encode time errs against edgetick.",
  "  Colyseus' encode is likewise its tick minus the scene step, the interest grid and its",
  "  state writes (its `applyPatches` call).",
  `- Bytes per client per tick are whole SNAPSHOT frames, their ${SNAPSHOT_HEADER_BYTES}-byte header (type, input`,
  "  ack, input buffer) included, plus the WebSocket frame header; Colyseus' are whole",
  "  ROOM_STATE_PATCH frames, their 1-byte type included (no `defineInput()`, so no timing",
  "  prefix), plus the WebSocket frame header. The initial joins happen before the",
  "  warm-up, so WELCOME and PLAYER_JOINED frames are not in the measured ticks.",
  "- A late joiner opens a connection and says HELLO; the room sends its state with the",
  "  next tick, so its join size is that first SNAPSHOT frame (full state, headers included).",
  "  It leaves after it was verified. The WELCOME and PLAYER_JOINED frames it receives first",
  "  are not in the join size (as Colyseus' handshake is not in its); their mean is in the",
  "  JSON (`system.lateJoinControlBytes`).",
  "",
  "Declared precision (bench/systems/edgetick-schema.ts):",
  "",
  `- \`Motion\` (compared every tick): \`vel\` vec2 in ±128 units/s, step ${VELOCITY_STEP}`,
  `  (error ≤ ${VELOCITY_STEP / 2}); \`pos\` vec2 in [0, 2000], step ${POSITION_STEP} (17 bits),`,
  `  predicted from \`vel\` with a tolerance of ${POSITION_TOLERANCE} units (the server corrects`,
  `  a client's extrapolation before it is off by more); \`angle\` ${ANGLE_BITS} bits (step`,
  `  2π/${2 ** ANGLE_BITS}, error ≤ ${(180 / 2 ** ANGLE_BITS).toFixed(4)}°).`,
  "- `Vitals` (`hp` uint8) and `Kind` (`kind` uint8) are compared only when the game marks",
  "  them changed (`world.markChanged`), which the scene does for its hp changes.",
];
