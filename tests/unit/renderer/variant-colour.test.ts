// Overlaid variants are coloured by their line in the sweep charts, lighter for earlier swept values.
import { describe, expect, it } from 'vitest';
import { variantColour } from '../../../src-renderer/sweeps/variant-colour';
import { runColour } from '../../../src-renderer/views/run-styles';
import { SweepAxis } from '../../../src-main/contract/sweep';

const axes = [SweepAxis.parse({ name: 'depth', values: [1, 5, 9] }), SweepAxis.parse({ name: 'activation', values: ['sigmoid', 'relu'] })];

describe('variant colour', () => {
  it('the line’s hue at the last swept value, mixed toward white before it', () => {
    expect(variantColour(axes, { depth: 9, activation: 'sigmoid' })).toBe(runColour(0));
    expect(variantColour(axes, { depth: 9, activation: 'relu' })).toBe(runColour(1));
    const light = parseInt(variantColour(axes, { depth: 1, activation: 'relu' }).slice(1), 16);
    const mid = parseInt(variantColour(axes, { depth: 5, activation: 'relu' }).slice(1), 16);
    const green = (n: number) => (n >> 8) & 255;
    expect(green(light)).toBeGreaterThan(green(mid));
    expect(green(mid)).toBeGreaterThan(green(parseInt(runColour(1).slice(1), 16)));
    // swapped: activation across, the hue by depth
    expect(variantColour(axes, { depth: 5, activation: 'relu' }, true)).toBe(runColour(1));
  });
});
