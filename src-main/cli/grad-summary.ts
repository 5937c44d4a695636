// Folds 'steps' events into per-layer kernel gradient norms: the mean over the whole run, over the first
// epoch and over the last epoch.
import type { LayerInfo, StepRecord } from '../contract/events';

interface Acc {
  sum: number;
  n: number;
}

const mean = (a: Acc | undefined) => (a && a.n > 0 ? a.sum / a.n : null);

export interface LayerGradSummary {
  node: string;
  name: string;
  hidden: boolean;
  run: number | null;
  first: number | null;
  last: number | null;
}

export class GradSummary {
  private readonly run: Acc[];
  private readonly byEpoch = new Map<number, Acc[]>();

  constructor(private readonly layers: LayerInfo[]) {
    this.run = layers.map(() => ({ sum: 0, n: 0 }));
  }

  add(steps: StepRecord[]): void {
    for (const s of steps) {
      if (!Number.isFinite(s.loss)) continue;
      let ep = this.byEpoch.get(s.epoch);
      if (!ep) this.byEpoch.set(s.epoch, (ep = this.layers.map(() => ({ sum: 0, n: 0 }))));
      s.layers.forEach((g, i) => {
        if (!Number.isFinite(g.kernelNorm) || !this.run[i]) return;
        this.run[i]!.sum += g.kernelNorm;
        this.run[i]!.n++;
        ep![i]!.sum += g.kernelNorm;
        ep![i]!.n++;
      });
    }
  }

  get epochs(): number[] {
    return [...this.byEpoch.keys()].sort((a, b) => a - b);
  }

  summary(): LayerGradSummary[] {
    const eps = this.epochs;
    const first = eps.length ? this.byEpoch.get(eps[0]!) : undefined;
    const last = eps.length ? this.byEpoch.get(eps[eps.length - 1]!) : undefined;
    return this.layers.map((l, i) => ({
      node: l.node,
      name: l.name,
      hidden: l.hidden,
      run: mean(this.run[i]),
      first: mean(first?.[i]),
      last: mean(last?.[i]),
    }));
  }
}
