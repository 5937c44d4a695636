// The dropout-ensemble view's chart series: accuracy (or MSE) and the largest output difference against
// M, with the spread over the repeats as thin lines and (a) / the exact average as flat ones.
import type { DropoutEnsembleView, Spread } from '../../../src-main/contract/dropout-ensemble';

/** 1, 2, 4, … up to max (inclusive). */
export function samplesUpTo(max: number): number[] {
  const out: number[] = [];
  for (let m = 1; m <= max; m *= 2) out.push(m);
  return out;
}

export interface Series {
  label: string;
  data: { x: number; y: number }[];
  borderColor: string;
  backgroundColor: string;
  borderWidth: number;
  borderDash?: number[];
  pointRadius: number;
}

const A = '#111827';
const Z = '#2563eb';
const P = '#d97706';
const EXACT = '#16a34a';

function line(label: string, colour: string, data: { x: number; y: number }[], thin = false, dash?: number[]): Series {
  return {
    label,
    data,
    borderColor: colour,
    backgroundColor: colour,
    borderWidth: thin ? 0.8 : 1.8,
    pointRadius: thin ? 0 : 2.5,
    ...(dash ? { borderDash: dash } : {}),
  };
}

/** mean as a line with points; min and max as thin unlabelled lines (the legend hides labels starting with "·") */
function withSpread(label: string, colour: string, xs: number[], s: (i: number) => Spread, scale: number): Series[] {
  const pts = (f: (sp: Spread) => number) => xs.map((x, i) => ({ x, y: f(s(i)) * scale }));
  return [
    line(
      label,
      colour,
      pts((sp) => sp.mean),
    ),
    line(
      '· min',
      colour,
      pts((sp) => sp.min),
      true,
      [3, 3],
    ),
    line(
      '· max',
      colour,
      pts((sp) => sp.max),
      true,
      [3, 3],
    ),
  ];
}

const flat = (label: string, colour: string, xs: number[], y: number): Series =>
  line(
    label,
    colour,
    [xs[0]!, xs.at(-1)!].map((x) => ({ x, y })),
    false,
    [6, 4],
  );

export function ensembleSeries(v: DropoutEnsembleView): { score: Series[]; diff: Series[] } {
  const xs = v.rows.map((r) => r.samples);
  const cls = v.head === 'softmax';
  const scale = cls ? 100 : 1;
  const score: Series[] = cls
    ? [
        ...withSpread('(b) mean of z', Z, xs, (i) => v.rows[i]!.meanZ.acc!, scale),
        ...withSpread('(b) mean of probabilities', P, xs, (i) => v.rows[i]!.meanP!.acc!, scale),
        flat('(a) full network', A, xs, v.scaled.acc! * scale),
      ]
    : [...withSpread('(b) mean output', Z, xs, (i) => v.rows[i]!.meanZ.loss, 1), flat('(a) full network', A, xs, v.scaled.loss)];
  if (v.exact) score.push(flat(`exact, all ${v.exact.masks}`, EXACT, xs, cls ? v.exact.meanZ.acc! * scale : v.exact.meanZ.loss));
  const diff = withSpread('(b) vs (a): max |z̄ − z(a)|', Z, xs, (i) => v.rows[i]!.maxDiff, 1);
  if (v.exact && v.exact.maxDiff > 0) diff.push(flat(`exact average vs (a)`, EXACT, xs, v.exact.maxDiff));
  return { score, diff };
}
