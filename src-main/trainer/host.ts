// How the main side talks to a trainer running off-thread: a message port carrying the channel's
// frames (contract/channel.ts), nothing more. Implementations: a Node worker thread (browser mode,
// CLI, tests) and Electron's utilityProcess (desktop). The relay puts a ChannelClient on top.
import type { RequestFrame } from '../contract/channel';

export interface TrainerHost {
  post(frame: RequestFrame): void;
  /** every frame the trainer sends (results and events); returns unsubscribe */
  onMessage(listener: (frame: unknown) => void): () => void;
  /** the trainer process died or could not start */
  onExit(listener: (message: string) => void): () => void;
  dispose(): Promise<void>;
}
