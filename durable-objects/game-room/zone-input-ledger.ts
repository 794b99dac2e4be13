// ZoneInputLedger: which world inputs a zone applied, per account, as stints — a stint is one
// stay of an account's avatar in the zone: the first and last world sequence applied and how
// many were applied. bench:zones gathers every zone's stints and checks the world-wide rule
// (each input of a player applied exactly once, whichever zone held the avatar): a stint
// that applied fewer than its span lost inputs, two stints that overlap applied some twice,
// a gap between consecutive stints lost the inputs in it (zoneInputAudit).

/** One stay of an account's avatar in a zone. */
export interface InputStint {
  readonly accountId: string;
  first: number;
  last: number;
  /** Inputs applied in the stint. */
  count: number;
  /** Inputs applied again within the stint (a sequence not above the last one). */
  repeats: number;
}

/** Stints kept per zone (the oldest are dropped first). */
export const MAX_STINTS = 4096;

/** A zone's record of applied world inputs. */
export class ZoneInputLedger {
  readonly stints: InputStint[];
  readonly #open = new Map<number, InputStint>();

  /** @param kept the stints an earlier run of the zone's object kept (none are open) */
  constructor(kept: readonly InputStint[] = []) {
    this.stints = kept.map((s) => ({ ...s }));
  }

  /** Player `playerId` (account `accountId`) entered the zone: a new stint starts. */
  entered(playerId: number, accountId: string): void {
    this.#open.delete(playerId);
    this.#open.set(playerId, { accountId, first: -1, last: -1, count: 0, repeats: 0 });
  }

  /** World input `seq` of player `playerId` was applied. */
  applied(playerId: number, seq: number): void {
    const s = this.#open.get(playerId);
    if (!s) return;
    if (s.count === 0) {
      s.first = seq;
      this.stints.push(s);
      if (this.stints.length > MAX_STINTS) this.stints.shift();
    } else if (seq <= s.last) s.repeats++;
    if (seq > s.last) s.last = seq;
    s.count++;
  }
}

/** What the stints of every zone say about the world's inputs. */
export interface InputAudit {
  readonly applied: number;
  /** Sequences between an account's first and last applied that no zone applied. */
  readonly lost: number;
  /** Sequences applied more than once. */
  readonly duplicated: number;
  /**
   * Accounts with a lost sequence, and the widest gap between two consecutive stints of an
   * account (0: every loss is inside a zone's stay, none at a handoff).
   */
  readonly accountsLosing: number;
  readonly largestGap: number;
}

/** Audits all zones' stints (world sequences do not wrap in a bench run). */
export function zoneInputAudit(stints: readonly InputStint[]): InputAudit {
  const byAccount = new Map<string, InputStint[]>();
  for (const s of stints) {
    const list = byAccount.get(s.accountId) ?? [];
    list.push(s);
    byAccount.set(s.accountId, list);
  }
  let applied = 0;
  let lost = 0;
  let duplicated = 0;
  let accountsLosing = 0;
  let largestGap = 0;
  for (const list of byAccount.values()) {
    const lostBefore = lost;
    list.sort((a, b) => a.first - b.first);
    let prevLast = -1;
    for (const s of list) {
      applied += s.count;
      duplicated += s.repeats;
      // Within a stint: a span of (last - first + 1) sequences, count - repeats distinct ones.
      lost += s.last - s.first + 1 - (s.count - s.repeats);
      if (prevLast >= 0) {
        if (s.first > prevLast + 1) {
          lost += s.first - prevLast - 1;
          largestGap = Math.max(largestGap, s.first - prevLast - 1);
        } else duplicated += Math.min(prevLast, s.last) - s.first + 1;
      }
      prevLast = Math.max(prevLast, s.last);
    }
    if (lost > lostBefore) accountsLosing++;
  }
  return { applied, lost, duplicated, accountsLosing, largestGap };
}
