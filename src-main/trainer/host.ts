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

/** How a host starts its trainer. */
export interface TrainerHostOptions {
  /**
   * OpenBLAS threads of the trainer's native kernels (GRADSCOPE_THREADS in its environment): 1 when
   * a sweep's pool runs one trainer per core, so the trainers do not compete for the cores; absent,
   * the trainer takes every core for large products (native-addon.ts).
   */
  threads?: number;
}

/** The environment a trainer starts with under these options. */
export function trainerEnv(options: TrainerHostOptions, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return options.threads === undefined ? { ...env } : { ...env, GRADSCOPE_THREADS: String(options.threads) };
}
