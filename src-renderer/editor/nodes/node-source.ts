// Where a LayerNode reads what it shows. The editor's canvas passes nothing (the node reads the editor
// and the run trained on this graph); a run's read-only snapshot sets this context to its own run.
import type { RunRecord } from '../../../src-main/contract/project';
import type { ColourDomain } from '../../../src-main/analysis/colour';

export const NODE_SOURCE = Symbol('gradscope-node-source');

export interface SnapshotSource {
  run: RunRecord;
  domain: ColourDomain;
  /** output width of each node as it was trained */
  widths: Record<string, number>;
}
