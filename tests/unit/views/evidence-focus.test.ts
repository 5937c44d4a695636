import { describe, expect, it } from 'vitest';
import { focusOf } from '../../../src-renderer/views/evidence-focus';

describe('evidence → what the views highlight', () => {
  it('curve evidence shades the loss or accuracy chart over its epochs', () => {
    const f = focusOf({ view: 'curves', metric: 'loss', fromEpoch: 3, toEpoch: 8, label: 'rising' }, 10);
    expect(f.section).toBe('curves');
    expect(f.lossBand).toEqual({ from: 2.5, to: 8.5, label: 'rising' });
    expect(f.accBand).toBeNull();
    expect(focusOf({ view: 'curves', metric: 'acc', fromEpoch: 1, toEpoch: 2, label: 'a' }, 10).accBand).not.toBeNull();
  });

  it('step evidence lands on the epoch axis; heatmap evidence outlines rows and steps', () => {
    expect(focusOf({ view: 'steps', fromStep: 11, toStep: 40, label: 's' }, 10).lossBand).toEqual({ from: 1, to: 4, label: 's' });
    const h = focusOf({ view: 'heatmap', layers: [0, 4], fromStep: 5, toStep: 9, label: 'h' }, 10);
    expect(h.section).toBe('gradients');
    expect(h.heat).toEqual({ rows: [0, 4], fromStep: 5, toStep: 9 });
    expect(focusOf({ view: 'weights', epoch: 3, label: 'w' }, null).weightsEpoch).toBe(3);
  });
});
