// Packing parties into teams: each party (a ticket's members) goes whole into one team of
// `teamSize`. First-fit decreasing: the largest parties first, each into the fullest team
// it still fits. Good enough for the small numbers of a match; it can refuse a packing
// that exists (bin packing is NP-hard), which only delays a match, never breaks one.

/**
 * The team index of each party, or undefined when they do not fit in `teamCount` teams.
 * @example
 * packTeams([2, 1, 1], 2, 2) // [0, 1, 1]
 */
export function packTeams(
  sizes: readonly number[],
  teamSize: number,
  teamCount: number,
): number[] | undefined {
  const free = new Array<number>(teamCount).fill(teamSize);
  const order = sizes.map((_, i) => i).sort((a, b) => sizes[b]! - sizes[a]! || a - b);
  const teams = new Array<number>(sizes.length);
  for (const i of order) {
    const size = sizes[i]!;
    let best = -1;
    for (let t = 0; t < teamCount; t++) {
      if (free[t]! >= size && (best < 0 || free[t]! < free[best]!)) best = t;
    }
    if (best < 0) return undefined;
    free[best]! -= size;
    teams[i] = best;
  }
  return teams;
}
