// SVG path data for an activation's curve, drawn in a small box. Pure.
import { DEFAULT_ALPHA, type Activation } from '../../../src-main/contract/graph';

const X_MIN = -3;
const X_MAX = 3;

function fn(act: Activation, alpha: number | undefined): (x: number) => number {
  switch (act) {
    case 'linear':
      return (x) => x;
    case 'sigmoid':
      return (x) => 1 / (1 + Math.exp(-x));
    case 'tanh':
      return Math.tanh;
    case 'relu':
      return (x) => Math.max(0, x);
    case 'leaky_relu': {
      // the real default slope (0.01) is invisible at this size; draw at least 0.1 so the leak shows
      const a = Math.max(alpha ?? DEFAULT_ALPHA.leaky_relu ?? 0.01, 0.1);
      return (x) => (x >= 0 ? x : a * x);
    }
    case 'prelu': {
      const a = alpha ?? DEFAULT_ALPHA.prelu ?? 0.25;
      return (x) => (x >= 0 ? x : a * x);
    }
    case 'elu': {
      const a = alpha ?? DEFAULT_ALPHA.elu ?? 1;
      return (x) => (x >= 0 ? x : a * (Math.exp(x) - 1));
    }
    case 'softmax':
      // one output of a softmax against a fixed competitor: a sigmoid-like curve
      return (x) => Math.exp(x) / (Math.exp(x) + 1);
    default: {
      const never: never = act;
      return never;
    }
  }
}

function toPath(points: [number, number][], w: number, h: number, pad = 2): string {
  const ys = points.map((p) => p[1]);
  let lo = Math.min(...ys);
  let hi = Math.max(...ys);
  if (hi - lo < 1e-9) {
    lo -= 1;
    hi += 1;
  }
  const sx = (x: number) => pad + ((x - X_MIN) / (X_MAX - X_MIN)) * (w - 2 * pad);
  const sy = (y: number) => h - pad - ((y - lo) / (hi - lo)) * (h - 2 * pad);
  return points.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join(' ');
}

export function activationPath(act: Activation, alpha: number | undefined, w: number, h: number, samples = 48): string {
  const f = fn(act, alpha);
  const pts: [number, number][] = [];
  for (let i = 0; i <= samples; i++) {
    const x = X_MIN + ((X_MAX - X_MIN) * i) / samples;
    pts.push([x, f(x)]);
  }
  return toPath(pts, w, h);
}

/** A Maxout unit's sketch: the max of k lines — piecewise linear and convex. Returns the pieces (faint) and the max (bold). */
export function maxoutPaths(pieces: number, w: number, h: number): { lines: string[]; max: string } {
  const k = Math.max(2, Math.min(pieces, 8));
  // k lines with spread slopes, offset so that each one is the max somewhere
  const lines = Array.from({ length: k }, (_, i) => {
    const slope = -1.2 + (2.4 * i) / (k - 1);
    const icpt = -0.25 * Math.abs(slope) * Math.abs(slope) + 0.2 * Math.sin(i * 1.7);
    return (x: number) => slope * x + icpt;
  });
  const xs = Array.from({ length: 49 }, (_, i) => X_MIN + ((X_MAX - X_MIN) * i) / 48);
  const maxPts: [number, number][] = xs.map((x) => [x, Math.max(...lines.map((l) => l(x)))]);
  const all = maxPts.map((p) => p[1]);
  const lo = Math.min(...lines.map((l) => Math.min(l(X_MIN), l(X_MAX))), ...all);
  const hi = Math.max(...all);
  const scale = (pts: [number, number][]) => {
    const sx = (x: number) => 2 + ((x - X_MIN) / (X_MAX - X_MIN)) * (w - 4);
    const sy = (y: number) => h - 2 - ((y - lo) / (hi - lo)) * (h - 4);
    return pts.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join(' ');
  };
  return {
    lines: lines.map((l) =>
      scale([
        [X_MIN, l(X_MIN)],
        [X_MAX, l(X_MAX)],
      ]),
    ),
    max: scale(maxPts),
  };
}

/** Points for a sparkline of positive values on a log scale. */
export function sparklinePath(values: readonly number[], w: number, h: number): string {
  const finite = values.filter((v) => Number.isFinite(v) && v > 0);
  if (finite.length < 2) return '';
  const logs = values.map((v) => (Number.isFinite(v) && v > 0 ? Math.log10(v) : NaN));
  const ok = logs.filter((v) => !Number.isNaN(v));
  let lo = Math.min(...ok);
  let hi = Math.max(...ok);
  if (hi - lo < 1e-6) {
    lo -= 0.5;
    hi += 0.5;
  }
  const n = values.length;
  let d = '';
  let pen = false;
  logs.forEach((v, i) => {
    if (Number.isNaN(v)) {
      pen = false;
      return;
    }
    const x = (i / Math.max(1, n - 1)) * (w - 2) + 1;
    const y = h - 1 - ((v - lo) / (hi - lo)) * (h - 2);
    d += `${pen ? 'L' : 'M'}${x.toFixed(1)},${y.toFixed(1)} `;
    pen = true;
  });
  return d.trim();
}
