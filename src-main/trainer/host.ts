// How the main side talks to a trainer running off-thread: a message port carrying the channel's
// frames (contract/channel.ts), nothing more. Implementations: a Node worker thread (browser mode,
// CLI, tests) and Electron's utilityProcess (desktop). The relay puts a ChannelClient on top.
import type { RequestFrame } from '../contract/channel';

/** How a trainer is started. */
export interface HostOptions {
  /** OpenBLAS threads in this trainer (its GRADSCOPE_THREADS, unless the user set that): a sweep's workers take
   * one each, one trainer per core, and so learn the same whatever the pool's size */
  threads?: number;
}

/** The environment of a trainer started with `opts`. */
export function trainerEnv(opts: HostOptions = {}): NodeJS.ProcessEnv {
  if (opts.threads === undefined || process.env.GRADSCOPE_THREADS) return process.env;
  return { ...process.env, GRADSCOPE_THREADS: String(opts.threads) };
}

export interface TrainerHost {
  post(frame: RequestFrame): void;
  /** every frame the trainer sends (results and events); returns unsubscribe */
  onMessage(listener: (frame: unknown) => void): () => void;
  /** the trainer process died or could not start */
  onExit(listener: (message: string) => void): () => void;
  dispose(): Promise<void>;
}
