// Pause / resume / stop for a running training loop. The loop checks it between steps.

export type RunState = 'running' | 'paused' | 'stopped';

export class RunControl {
  private state_: RunState = 'running';
  private wake: (() => void) | null = null;

  get state(): RunState {
    return this.state_;
  }

  pause(): void {
    if (this.state_ === 'running') this.state_ = 'paused';
  }

  resume(): void {
    if (this.state_ !== 'paused') return;
    this.state_ = 'running';
    this.wakeUp();
  }

  stop(): void {
    this.state_ = 'stopped';
    this.wakeUp();
  }

  /** Resolves once the run is no longer paused (resumed or stopped). */
  whilePaused(): Promise<void> {
    if (this.state_ !== 'paused') return Promise.resolve();
    return new Promise((resolve) => {
      this.wake = resolve;
    });
  }

  private wakeUp(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }
}
