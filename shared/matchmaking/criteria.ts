// Custom match criteria. Each ticket says what it is and what it needs of the others;
// two tickets are compatible only if each accepts the other:
// - strings: equal where both name the key (map "dust2", language "en");
// - numbers: each ticket's value within the other's [min, max] where both name the key;
// - tags: every tag a ticket requires is among the other's tags.

/** A numeric attribute with the range this ticket accepts of others. */
export interface NumericCriterion {
  readonly value: number;
  readonly min?: number;
  readonly max?: number;
}

/** A ticket's custom attributes and requirements. */
export interface MatchCriteria {
  readonly strings?: Readonly<Record<string, string>>;
  readonly numbers?: Readonly<Record<string, NumericCriterion>>;
  readonly tags?: readonly string[];
  readonly requireTags?: readonly string[];
}

function accepts(a: MatchCriteria, b: MatchCriteria): boolean {
  if (a.strings && b.strings) {
    for (const key in a.strings) {
      const other = b.strings[key];
      if (other !== undefined && other !== a.strings[key]) return false;
    }
  }
  if (a.numbers && b.numbers) {
    for (const key in a.numbers) {
      const mine = a.numbers[key]!;
      const theirs = b.numbers[key];
      if (theirs === undefined) continue;
      if (mine.min !== undefined && theirs.value < mine.min) return false;
      if (mine.max !== undefined && theirs.value > mine.max) return false;
    }
  }
  if (a.requireTags && a.requireTags.length > 0) {
    const tags = b.tags ?? [];
    for (const t of a.requireTags) if (!tags.includes(t)) return false;
  }
  return true;
}

/**
 * Whether two tickets' criteria accept each other (missing criteria accept anything).
 * @example
 * compatible({ strings: { map: "dust" } }, { strings: { map: "nuke" } }) // false
 */
export function compatible(a: MatchCriteria | undefined, b: MatchCriteria | undefined): boolean {
  if (!a && !b) return true;
  return accepts(a ?? {}, b ?? {}) && accepts(b ?? {}, a ?? {});
}
