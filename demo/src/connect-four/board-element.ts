// The board as a DOM grid: seven column buttons of six cells each, row 0 at the bottom. Each
// cell carries its disc in `data-seat` ("red", "yellow" or "empty") and `data-win` on the
// winning line, so the page's state can be read (and styled) without a canvas.

import {
  type BoardView,
  COLUMNS,
  ROWS,
  SEATS,
  type Seat,
} from "../../../games/connect-four/index.js";

/** The grid inside `root`; reports column clicks. */
export class BoardElement {
  /** `cells[row][column]`. */
  readonly #cells: HTMLElement[][] = [];

  /** Fills `root` with the empty board; `onColumn` gets the column (0 = left) of each click. */
  constructor(root: HTMLElement, onColumn: (column: number) => void) {
    for (let row = 0; row < ROWS; row++) this.#cells.push([]);
    const columns: HTMLButtonElement[] = [];
    for (let column = 0; column < COLUMNS; column++) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "c4-column";
      button.dataset.column = String(column);
      button.setAttribute("aria-label", `drop in column ${column + 1}`);
      // Cells are laid out top row first; CSS stacks them so row 0 sits at the bottom.
      for (let row = ROWS - 1; row >= 0; row--) {
        const cell = document.createElement("span");
        cell.className = "c4-cell";
        cell.dataset.row = String(row);
        cell.dataset.column = String(column);
        cell.dataset.seat = "empty";
        this.#cells[row]![column] = cell;
        button.append(cell);
      }
      button.addEventListener("click", () => onColumn(column));
      columns.push(button);
    }
    root.replaceChildren(...columns);
  }

  /** Shows `board`: every cell's disc and the winning line. Cheap when nothing changed. */
  show(board: BoardView): void {
    const win = new Set(board.winningLine?.map((c) => c.row * COLUMNS + c.column));
    for (let row = 0; row < ROWS; row++) {
      for (let column = 0; column < COLUMNS; column++) {
        const cell = this.#cells[row]![column]!;
        const seat = seatName(board.cells[row]![column]!);
        if (cell.dataset.seat !== seat) cell.dataset.seat = seat;
        const winning = String(win.has(row * COLUMNS + column));
        if (cell.dataset.win !== winning) cell.dataset.win = winning;
      }
    }
  }
}

/** The name a cell's `data-seat` holds. */
export function seatName(seat: Seat | null): "red" | "yellow" | "empty" {
  return seat === null ? "empty" : SEATS[seat];
}
