// How long a fault campaign runs: a short form for CI (the default) and a full form for
// `npm run test:faults` (FAULTS_FULL=1), each overridable by FAULTS_ROUNDS, so a long run is
// a setting, never an edited test.

/** True under FAULTS_FULL=1: the long form of every campaign. */
export const FAULTS_FULL = process.env.FAULTS_FULL === "1";

/**
 * Rounds of a campaign's fault (drops, restarts, jumps): FAULTS_ROUNDS when set, else
 * `full` under FAULTS_FULL=1, else `short`. Always at least 1 and an integer, so every loop
 * over it is bounded.
 */
export function campaignRounds(short: number, full: number): number {
  const given = Number(process.env.FAULTS_ROUNDS);
  const rounds = Number.isFinite(given) && given > 0 ? given : FAULTS_FULL ? full : short;
  return Math.max(1, Math.floor(rounds));
}

/** A fake client address per player, so per-address sign-in limits never throttle a campaign. */
export function fakeAddress(n: number): string {
  return `198.51.100.${(n % 250) + 1}`;
}

/** Resolves after `ms` of real time: the fault's own pacing, never a wait for logic. */
export function pause(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Writes one line of measured figures to the test's output (the report quotes them). */
export function report(line: string): void {
  process.stdout.write(`${line}\n`);
}
