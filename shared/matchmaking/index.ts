// Matchmaking: tickets, modes, custom criteria and the matcher core.
export { compatible, type MatchCriteria, type NumericCriterion } from "./criteria.js";
export type {
  Backfill,
  Match,
  MatchPass,
  TicketRequest,
  TicketState,
  TicketStatus,
} from "./match-ticket.js";
export {
  type EnqueueRefusal,
  type EnqueueResult,
  Matcher,
  type MatcherOptions,
  type OpenSession,
} from "./matcher.js";
export {
  DEFAULT_MATCH_MODE_OPTIONS,
  MAX_MATCH_PLAYERS,
  type MatchModeOptions,
  type ResolvedMatchModeOptions,
  resolveMatchModeOptions,
  skillWindow,
} from "./mode-options.js";
export { packTeams } from "./team-packing.js";
