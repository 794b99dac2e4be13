// Whether this build can play a replay: its manifest validates, is of a format this build
// reads, of this game, and recorded with this game's schema. Replays are not upgraded: a
// schema fingerprint covers every replicated field and its encoding, so the states of
// another schema would decode into the wrong fields, and they are refused by name instead.

import type { GameDefinition } from "../../../shared/game/game-definition.js";
import {
  decodeReplayManifest,
  REPLAY_MANIFEST_FORMAT,
  type ReplayManifest,
} from "../../../shared/replay/replay-manifest.js";
import { REPLAY_ERROR, ReplayError } from "./replay-error.js";

/** A schema fingerprint as printed in errors: 8 hex digits. */
export function fingerprintHex(fingerprint: number): string {
  return `0x${(fingerprint >>> 0).toString(16).padStart(8, "0")}`;
}

/**
 * Validates `manifest` (any value: a download is hostile input) for `game`; returns it typed.
 * @throws ReplayError: `unsupported_format`, `invalid_manifest`, `wrong_game` or
 *   `schema_mismatch` (naming both fingerprints).
 */
export function checkReplayManifest(
  game: GameDefinition<unknown>,
  manifest: unknown,
): ReplayManifest {
  // The format first: a newer layout may fail validation anywhere, and this says why.
  const format = (manifest as { format?: unknown } | null)?.format;
  if (typeof format === "number" && format !== REPLAY_MANIFEST_FORMAT)
    throw new ReplayError(
      REPLAY_ERROR.UNSUPPORTED_FORMAT,
      `unsupported replay manifest format ${format} (this build reads ${REPLAY_MANIFEST_FORMAT}): update the client to play it`,
    );
  const decoded = decodeReplayManifest(manifest);
  if (!decoded.ok) throw new ReplayError(REPLAY_ERROR.INVALID_MANIFEST, decoded.error);
  const m = decoded.value;
  if (m.game !== game.name)
    throw new ReplayError(
      REPLAY_ERROR.WRONG_GAME,
      `the replay is of game "${m.game}", not "${game.name}": play it with that game's definition`,
    );
  const ours = game.schema.fingerprint >>> 0;
  if (m.schema !== ours)
    throw new ReplayError(
      REPLAY_ERROR.SCHEMA_MISMATCH,
      `the replay was recorded with ${m.game} schema ${fingerprintHex(m.schema)}, this build of ${game.name} has schema ${fingerprintHex(ours)}: replays play only with the schema they were recorded with (play it with that build)`,
    );
  return m;
}
