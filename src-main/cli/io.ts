// Where the CLI writes and how it hears Ctrl-C; main.ts wires the real process, tests may inject.
import type { Stream } from './progress';

export interface CliIO {
  stdout: Stream;
  stderr: Stream;
  cwd: string;
  /** register a Ctrl-C handler for the duration of a run; returns the unregister function */
  onInterrupt(handler: () => void): () => void;
}

export function line(out: Stream, text = ''): void {
  out.write(`${text}\n`);
}
