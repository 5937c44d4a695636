// TrainerHost for the desktop app: the trainer runs in an Electron utilityProcess (its own OS
// process), talking by postMessage. Commands go down; events and replies come up.
import { utilityProcess, type UtilityProcess } from 'electron';
import type { TrainerCommand, TrainerEvent, TrainerReply } from '../contract/events';
import type { TrainerHost } from '../trainer/host';

type Up = TrainerEvent | TrainerReply;

function isUp(m: unknown): m is Up {
  return typeof m === 'object' && m !== null && typeof (m as { type?: unknown }).type === 'string';
}

export function createUtilityProcessHost(entry: string): TrainerHost {
  const events = new Set<(e: TrainerEvent) => void>();
  const replies = new Set<(r: TrainerReply) => void>();
  const exits = new Set<(message: string) => void>();
  let alive = true;
  const child: UtilityProcess = utilityProcess.fork(entry, [], { serviceName: 'Gradscope trainer', stdio: 'inherit' });

  const died = (message: string): void => {
    if (!alive) return;
    alive = false;
    for (const l of [...exits]) l(message);
  };

  child.on('message', (m: unknown) => {
    if (!isUp(m)) return;
    if (m.type === 'reply') for (const l of [...replies]) l(m);
    else for (const l of [...events]) l(m);
  });
  child.on('exit', (code: number) => died(`the trainer process exited (code ${code})`));
  child.on('error', (type: string, location: string) => died(`the trainer process failed: ${type} at ${location}`));

  const sub = <T>(set: Set<T>, l: T): (() => void) => {
    set.add(l);
    return () => set.delete(l);
  };

  return {
    send(command: TrainerCommand) {
      if (alive) child.postMessage(command);
    },
    onEvent: (l) => sub(events, l),
    onReply: (l) => sub(replies, l),
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
