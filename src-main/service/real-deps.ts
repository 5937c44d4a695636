// The real presets and dataset inspector, wired in by both entry points (Electron and browser mode).
import { inspectDataset } from '../data/index';
import { getPreset, listPresets } from '../export/presets';
import type { Presets } from './service';

export const realPresets: Presets = {
  list: () => listPresets(),
  get: (name) => getPreset(name),
};

export { inspectDataset };
