import { describe, expect, it } from 'vitest';
import { exportHeading, fileSlug } from '../../../src-renderer/views/export-registry';

describe('exported PNG names and headings', () => {
  it('a run label becomes a readable file name, not an element id', () => {
    expect(fileSlug('#3 8×relu · sgd η 0.1 · dropout · mnist')).toBe('3-8xrelu-sgd-eta-0.1-dropout-mnist');
    expect(fileSlug('···')).toBe('run');
  });
  it('the heading names what is drawn, the run and the graph', () => {
    expect(
      exportHeading('Gradient heatmap (layers × steps) — kernel mean |g| per weight', '#1 8×sigmoid · sgd η 0.1 · mnist', 'Deep sigmoid network (MNIST)'),
    ).toEqual([
      'Gradient heatmap (layers × steps) — kernel mean |g| per weight',
      'Run #1 8×sigmoid · sgd η 0.1 · mnist · graph “Deep sigmoid network (MNIST)”',
    ]);
  });
});
