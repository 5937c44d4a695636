import { describe, expect, it } from 'vitest';
import { markerAnnotations } from '../../../src-renderer/views/chart-markers';

describe('curve markers as chartjs-plugin-annotation annotations', () => {
  it('an early stop and the best epoch become labelled vertical lines at their epochs; the evidence a band', () => {
    const a = markerAnnotations(
      [
        { x: 7, label: 'early stop', colour: '#b00020' },
        { x: 4, label: 'best, restored', colour: '#00796b', dash: [2, 3] },
      ],
      { from: 2, to: 5, label: 'gap opens' },
    );
    expect(Object.keys(a)).toEqual(['band', 'line0', 'line1']);
    expect(a['line0']).toMatchObject({ type: 'line', xMin: 7, xMax: 7, borderColor: '#b00020', label: { display: true, content: 'early stop' } });
    expect(a['line1']).toMatchObject({ type: 'line', xMin: 4, xMax: 4, borderDash: [2, 3], label: { content: 'best, restored' } });
    // neither line is bounded in y: it spans the plot; neighbouring labels sit on different rows
    expect(a['line0']).not.toHaveProperty('yMin');
    expect((a['line0'] as { label: { yAdjust: number } }).label.yAdjust).not.toBe((a['line1'] as { label: { yAdjust: number } }).label.yAdjust);
    expect(a['band']).toMatchObject({ type: 'box', xMin: 2, xMax: 5, label: { content: 'gap opens' } });
  });

  it('no markers, no annotations', () => {
    expect(markerAnnotations([], null)).toEqual({});
  });
});
