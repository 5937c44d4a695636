// Turning a diagnosis's evidence into what each view highlights. Pure.
import type { Evidence } from '../../src-main/analysis/diagnosis';
import type { MarkerBand } from './chart-markers';

export interface Focus {
  section: 'curves' | 'gradients' | 'weights';
  lossBand: MarkerBand | null;
  accBand: MarkerBand | null;
  heat: { rows: number[]; fromStep: number; toStep: number } | null;
  weightsEpoch: number | null;
}

/** spe: steps per epoch of the run, to place step ranges on the epoch axis (null: unknown). */
export function focusOf(e: Evidence, spe: number | null): Focus {
  const none: Focus = { section: 'curves', lossBand: null, accBand: null, heat: null, weightsEpoch: null };
  switch (e.view) {
    case 'curves': {
      const band = { from: Math.max(0, e.fromEpoch - 0.5), to: e.toEpoch + 0.5, label: e.label };
      return e.metric === 'acc' ? { ...none, accBand: band } : { ...none, lossBand: band };
    }
    case 'steps': {
      const s = spe ?? 1;
      return { ...none, lossBand: { from: (e.fromStep - 1) / s, to: e.toStep / s, label: e.label } };
    }
    case 'heatmap':
      return { ...none, section: 'gradients', heat: { rows: e.layers, fromStep: e.fromStep, toStep: e.toStep } };
    case 'weights':
      return { ...none, section: 'weights', weightsEpoch: e.epoch };
    default: {
      const never: never = e;
      return never;
    }
  }
}
