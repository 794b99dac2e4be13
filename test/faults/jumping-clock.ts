// A client clock that jumps: the client reads time through `performance.now()` (falling back
// to Date.now()), so the campaign moves that clock by an offset, forward and back, as a
// suspended laptop, a frozen tab or a debugger pause moves it. Only this test process sees it:
// the server keeps its own time.

/** Moves this process's `performance.now()` by a settable offset; `restore()` undoes it. */
export class JumpingClock {
  readonly #real = performance.now.bind(performance);
  #offset = 0;

  constructor() {
    performance.now = () => this.#real() + this.#offset;
  }

  /** Jumps the clock by `ms` (negative: back in time). */
  jump(ms: number): void {
    this.#offset += ms;
  }

  /** Gives `performance.now` back its real clock. */
  restore(): void {
    performance.now = this.#real;
  }
}
