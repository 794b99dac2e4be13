// A matchmaking queue is one mode of one game. Its key names both, in the Matcher (which
// knows modes by key), the Matchmaker object's name and the ids of its tickets and rooms.
// Game and mode names are 1–32 of a-z, 0-9, -, so ":" cannot occur in either.

/** The queue of `mode` of `game`. */
export function queueKey(game: string, mode: string): string {
  return `${game}:${mode}`;
}

/** The game and mode of a queue key; undefined for a key that is not one. */
export function parseQueueKey(key: string): { game: string; mode: string } | undefined {
  const i = key.indexOf(":");
  if (i <= 0 || i !== key.lastIndexOf(":") || i === key.length - 1) return undefined;
  return { game: key.slice(0, i), mode: key.slice(i + 1) };
}

/** A room id for a match of queue `key` (room ids allow A-Z, a-z, 0-9, - and _). */
export function matchRoomId(key: string, random: string): string {
  return `mm-${key.replace(":", "_")}-${random}`;
}
