// An axis's values as the user types them ("1, 2, 3", "sigmoid relu", "sgd, adam", "1e-3 1e-2"),
// read into the values a SweepAxis holds, or what is wrong with them in words. Pure.
import { ACTIVATIONS } from '../../src-main/contract/graph';
import { OPTIMIZER_KINDS, Optimizer } from '../../src-main/contract/training';
import { axisValueText, type AxisName, type AxisValue } from '../../src-main/contract/sweep';

const INTEGER_AXES: readonly AxisName[] = ['depth', 'units', 'pieces', 'batchSize', 'epochs', 'trainSamples', 'seed'];

export type AxisValuesRead = { ok: true; values: AxisValue[] } | { ok: false; error: string };

/** What to type for an axis, as a placeholder. */
export function axisHint(name: AxisName): string {
  if (name === 'activation') return 'sigmoid, relu';
  if (name === 'optimizer') return OPTIMIZER_KINDS.join(', ');
  if (name === 'learningRate') return '0.001, 0.01, 0.1';
  if (name === 'dropout') return '0, 0.2, 0.5';
  if (name === 'l1' || name === 'l2') return '0, 0.0001, 0.001';
  if (name === 'depth') return '1, 2, 3, 4';
  if (name === 'seed') return '1, 2, 3';
  return '16, 32, 64';
}

/** The values typed for `name`, separated by commas or spaces; "1-5" is 1, 2, 3, 4, 5 on an integer axis. */
export function readAxisValues(name: AxisName, text: string): AxisValuesRead {
  const words = text
    .split(/[\s,;]+/)
    .map((w) => w.trim())
    .filter((w) => w !== '');
  if (words.length === 0) return { ok: false, error: `${name}: give at least one value, e.g. ${axisHint(name)}` };
  const values: AxisValue[] = [];
  for (const w of words) {
    if (name === 'activation') {
      if (!(ACTIVATIONS as readonly string[]).includes(w)) return { ok: false, error: `${name}: “${w}” is not an activation (${ACTIVATIONS.join(', ')})` };
      values.push(w as AxisValue);
    } else if (name === 'optimizer') {
      if (!(OPTIMIZER_KINDS as readonly string[]).includes(w))
        return { ok: false, error: `${name}: “${w}” is not an optimizer (${OPTIMIZER_KINDS.join(', ')})` };
      values.push(Optimizer.parse({ kind: w }));
    } else if (INTEGER_AXES.includes(name)) {
      const range = /^(\d+)-(\d+)$/.exec(w);
      if (range) {
        const [a, b] = [Number(range[1]), Number(range[2])];
        if (b < a || b - a > 64) return { ok: false, error: `${name}: the range “${w}” must go up, by at most 64 steps` };
        for (let i = a; i <= b; i++) values.push(i);
        continue;
      }
      const n = Number(w);
      if (!Number.isInteger(n)) return { ok: false, error: `${name}: “${w}” is not a whole number` };
      values.push(n);
    } else {
      const n = Number(w);
      if (!Number.isFinite(n)) return { ok: false, error: `${name}: “${w}” is not a number` };
      values.push(n);
    }
  }
  const seen = new Set<string>();
  for (const v of values) {
    const t = axisValueText(v);
    if (seen.has(t)) return { ok: false, error: `${name}: ${t} is given twice` };
    seen.add(t);
  }
  return { ok: true, values };
}
