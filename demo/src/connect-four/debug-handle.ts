// The Connect Four page exposes its live connection as `window.connectFour`, for the browser
// console and for the browser tests that read what the page knows.

import type { ConnectionState, RoomConnection } from "@edgetick/client";
import type {
  BoardView,
  Cell,
  ConnectFourInput,
  MatchView,
} from "../../../games/connect-four/index.js";
import type { RoundResult, RoundState } from "./round-state.js";

/** A round this page saw end: its number, how it went for this player and the final board. */
export interface FinishedRound {
  readonly round: number;
  readonly result: RoundResult | null;
  /** `cells[row][column]`: "red", "yellow" or "empty"; row 0 is the bottom. */
  readonly cells: readonly (readonly string[])[];
  /** The four (or more) in a row that ended it, null for a draw or a forfeit. */
  readonly winningLine: readonly Cell[] | null;
}

/** A change of the connection's state: `at` on the performance.now() clock, ms. */
export interface LinkEvent {
  readonly at: number;
  readonly state: ConnectionState;
  readonly code?: number;
  readonly reason?: string;
  readonly retryable?: boolean;
}

/** What `window.connectFour` holds once the page has joined its room. */
export interface ConnectFourDebugHandle {
  readonly room: RoomConnection<ConnectFourInput>;
  /** The match as the page's mirror holds it now. */
  match(): MatchView | null;
  /** The board as the page's mirror holds it now. */
  board(): BoardView;
  /** What the page shows now (status, whose turn, ready for a click). */
  state(): RoundState;
  /** Every round the page saw end, oldest first. */
  readonly rounds: readonly FinishedRound[];
  /** The connection's state changes (drops, resumes, the close), oldest first. */
  readonly links: readonly LinkEvent[];
}

declare global {
  interface Window {
    /** The live Connect Four connection (see ConnectFourDebugHandle). */
    connectFour?: ConnectFourDebugHandle;
  }
}
