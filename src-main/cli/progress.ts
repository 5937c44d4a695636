// The per-epoch progress bar: redrawn in place with \r on a terminal, plain dots when output is a file or pipe.
import { formatFixed } from '../contract/number-format';

export interface Stream {
  write(s: string): unknown;
  isTTY?: boolean;
}

const WIDTH = 30;

export class ProgressBar {
  private shown = 0;
  private open = false;

  constructor(
    private readonly out: Stream,
    private readonly total: number,
  ) {}

  /** Show progress `done` of `total` steps of epoch `epoch`, with the latest loss. */
  update(epoch: number, epochs: number, done: number, loss: number): void {
    const frac = this.total > 0 ? Math.min(done / this.total, 1) : 1;
    if (this.out.isTTY) {
      const filled = Math.round(frac * WIDTH);
      const bar = `${'█'.repeat(filled)}${'░'.repeat(WIDTH - filled)}`;
      this.out.write(`\r\x1b[2Kepoch ${epoch}/${epochs} ${bar} ${done}/${this.total} loss ${formatFixed(loss)}`);
      this.open = true;
      return;
    }
    const dots = Math.floor(frac * WIDTH);
    if (!this.open) {
      this.out.write(`epoch ${epoch}/${epochs} `);
      this.open = true;
    }
    if (dots > this.shown) {
      this.out.write('.'.repeat(dots - this.shown));
      this.shown = dots;
    }
  }

  /** Clear the bar (terminal) or end its line (plain), ready for the epoch summary. */
  end(): void {
    if (!this.open) return;
    this.out.write(this.out.isTTY ? '\r\x1b[2K' : '\n');
    this.open = false;
    this.shown = 0;
  }
}
