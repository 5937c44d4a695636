// Geometry of the loss-along-the-line plot: the curve, the t = 0 / t = 1 marks and the kept epochs
// (at their projection t and their own loss) in a w×h box. Pure.
import type { LossLine } from '../../../src-main/contract/landscape';

export interface LinePlot {
  curve: string;
  marks: { x: number; label: string }[];
  path: { x: number; y: number; epoch: number; t: number; loss: number; offLine: number }[];
  yMin: number;
  yMax: number;
}

export function linePlot(l: LossLine, w: number, h: number): LinePlot {
  const t0 = Math.min(l.t[0]!, ...l.path.map((p) => p.t));
  const t1 = Math.max(l.t.at(-1)!, ...l.path.map((p) => p.t));
  const finite = [...l.loss, ...l.path.map((p) => p.loss)].filter(Number.isFinite);
  const yMin = Math.min(...finite);
  const yMax = Math.max(...finite);
  const x = (t: number) => ((t - t0) / (t1 - t0)) * w;
  const y = (v: number) => 4 + (1 - (v - yMin) / (yMax - yMin || 1)) * (h - 8);
  const curve = l.t.map((t, i) => `${i ? 'L' : 'M'}${x(t).toFixed(1)},${y(l.loss[i]!).toFixed(1)}`).join('');
  return {
    curve,
    marks: [
      { x: x(0), label: 'initial' },
      { x: x(1), label: 'trained' },
    ],
    path: l.path.map((p) => ({ ...p, x: x(p.t), y: y(p.loss) })),
    yMin,
    yMax,
  };
}
