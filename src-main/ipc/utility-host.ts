// TrainerHost for the desktop app: the trainer runs in an Electron utilityProcess (its own OS
// process), talking by postMessage: the channel's frames (calls, cancels down; results, events up).
import { utilityProcess, type UtilityProcess } from 'electron';
import type { RequestFrame } from '../contract/channel';
import { trainerEnv, type HostOptions, type TrainerHost } from '../trainer/host';

export function createUtilityProcessHost(entry: string, opts: HostOptions = {}): TrainerHost {
  const messages = new Set<(frame: unknown) => void>();
  const exits = new Set<(message: string) => void>();
  let alive = true;
  const child: UtilityProcess = utilityProcess.fork(entry, [], { serviceName: 'Gradscope trainer', stdio: 'inherit', env: trainerEnv(opts) });

  const died = (message: string): void => {
    if (!alive) return;
    alive = false;
    for (const l of [...exits]) l(message);
  };

  child.on('message', (m: unknown) => {
    for (const l of [...messages]) l(m);
  });
  child.on('exit', (code: number) => died(`the trainer process exited (code ${code})`));
  child.on('error', (type: string, location: string) => died(`the trainer process failed: ${type} at ${location}`));

  const sub = <T>(set: Set<T>, l: T): (() => void) => {
    set.add(l);
    return () => set.delete(l);
  };

  return {
    post(frame: RequestFrame) {
      if (alive) child.postMessage(frame);
    },
    onMessage: (l) => sub(messages, l),
    onExit: (l) => sub(exits, l),
    async dispose() {
      if (!alive) return;
      alive = false;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 2000);
        child.once('exit', () => {
          clearTimeout(t);
          resolve();
        });
        child.kill();
      });
    },
  };
}
