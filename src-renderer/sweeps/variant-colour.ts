// A variant's colour in the overlaid curves: the hue of its line in the sweep charts (the value of the
// line axis), light at the first swept value and full at the last, so 18 curves read as two families.
import { axisValueText, type SweepAxis, type VariantAxes } from '../../src-main/contract/sweep';
import { sweepRoles } from '../../src-main/analysis/sweep-plot';
import { runColour } from '../views/run-styles';

function mixWithWhite(hex: string, white: number): string {
  const n = parseInt(hex.slice(1), 16);
  const ch = (shift: number) => Math.round(((n >> shift) & 255) * (1 - white) + 255 * white);
  return `#${[16, 8, 0].map((s) => ch(s).toString(16).padStart(2, '0')).join('')}`;
}

export function variantColour(axes: readonly SweepAxis[], values: VariantAxes, swap = false): string {
  const { x, line } = sweepRoles(axes, swap);
  const at = (a: SweepAxis): number => {
    const v = values[a.name];
    return v === undefined ? 0 : Math.max(0, a.values.map(axisValueText).indexOf(axisValueText(v)));
  };
  const hue = runColour(line ? at(line) : 0);
  const steps = x.values.length - 1;
  return steps <= 0 ? hue : mixWithWhite(hue, 0.6 * (1 - at(x) / steps));
}
