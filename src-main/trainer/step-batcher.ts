// Collects step records and sends them as 'steps' events at most `perSecond` times a second.
// No step is dropped: whatever is held goes out on flush() (epoch end, pause, finish).
import type { StepRecord } from '../contract/events';
import type { Clock } from './clock';

export class StepBatcher {
  private held: StepRecord[] = [];
  private lastSent = -Infinity;
  private readonly interval: number;

  constructor(
    private readonly send: (steps: StepRecord[]) => void,
    private readonly clock: Clock,
    perSecond = 30,
  ) {
    this.interval = 1000 / perSecond;
  }

  push(step: StepRecord): void {
    this.held.push(step);
    if (this.clock.now() - this.lastSent >= this.interval) this.flush();
  }

  flush(): void {
    if (this.held.length === 0) return;
    const steps = this.held;
    this.held = [];
    this.lastSent = this.clock.now();
    this.send(steps);
  }
}
