// How the main side talks to a trainer running off-thread. Implementations: a Node worker thread
// (browser mode, CLI, tests) and Electron's utilityProcess (desktop). The service only sees this.
import type { TrainerCommand, TrainerEvent, TrainerReply } from '../contract/events';

export interface TrainerHost {
  send(command: TrainerCommand): void;
  /** every event the trainer emits; returns unsubscribe */
  onEvent(listener: (event: TrainerEvent) => void): () => void;
  /** replies to commands that carry a requestId; returns unsubscribe */
  onReply(listener: (reply: TrainerReply) => void): () => void;
  /** the trainer process died or could not start */
  onExit(listener: (message: string) => void): () => void;
  dispose(): Promise<void>;
}
