// Reads a room's own figures from the admin route (GET /v1/admin/rooms/:roomId/stats).

/** Durations of a timed part, ms. */
export interface Durations {
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  readonly mean: number;
}

/** A span of a room's figures (the window or the total). */
export interface StatsSpan {
  readonly ms: number;
  readonly ticks: number;
  readonly tickMs: Durations | null;
  readonly stepMs: Durations | null;
  readonly encodeMs: Durations | null;
  readonly sendMs: Durations | null;
  readonly bytesOutPerSecond: number;
  readonly messagesOutPerSecond: number;
  readonly bytesInPerSecond: number;
  readonly messagesInPerSecond: number;
}

/** What the route answers (the fields the bench reads). */
export interface RoomStats {
  readonly tickRate: number;
  readonly budgetMs: number;
  readonly players: number;
  readonly connectedPlayers: number;
  readonly connections: number;
  readonly stalledMs: number;
  readonly window: StatsSpan;
  readonly total: StatsSpan;
}

/**
 * How long a sample waits for the room's answer, ms. A 200-bot run on a saturated 2-core
 * machine saw one answer take over three minutes; the run records a missing sample instead
 * of stalling its own schedule.
 */
const ANSWER_WAIT_MS = 15_000;

/** The figures of room `roomId`, or undefined while it does not exist yet. */
export async function roomStats(
  url: string,
  token: string,
  roomId: string,
): Promise<RoomStats | undefined> {
  const res = await fetch(`${url}/v1/admin/rooms/${roomId}/stats`, {
    headers: { Authorization: `Bearer ${token}` },
    signal: AbortSignal.timeout(ANSWER_WAIT_MS),
  });
  if (res.status === 404) return undefined;
  if (!res.ok) throw new Error(`room stats: ${res.status} ${await res.text()}`);
  return (await res.json()) as RoomStats;
}
