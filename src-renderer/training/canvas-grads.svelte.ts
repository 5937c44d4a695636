// Which run's gradients the editor's canvas may show, and by which statistic. A run is drawn on the
// editor's nodes only when it was trained on the graph the editor holds now; a run of another graph
// is drawn on its own read-only snapshot (RunSnapshot.svelte), never on these nodes.
import { editor } from '../editor/editor.svelte';
import { session } from './session.svelte';
import { DEFAULT_NODE_STAT, gradDomain, structureKey, type NodeGradStat } from './node-grads';

class CanvasGrads {
  /** the statistic nodes are tinted and labelled by */
  stat = $state<NodeGradStat>(DEFAULT_NODE_STAT);
  /** the snapshot of a differing run's graph is open over the canvas */
  snapshotOpen = $state(false);

  private editorKey = $derived(structureKey(editor.graph));
  private runGraph = $derived(session.current?.graph ?? null);
  private runKey = $derived(this.runGraph ? structureKey(this.runGraph) : null);

  /** the run drawn on the editor's nodes (null when none, or when it was trained on another graph) */
  run = $derived(this.runKey !== null && this.runKey === this.editorKey ? session.current : null);
  /** the run being viewed when it was trained on another graph: shown only on its own snapshot */
  other = $derived(this.runKey !== null && this.runKey !== this.editorKey ? session.current : null);
  domain = $derived(gradDomain(session.current, this.stat));
  /** the editor's nodes carry gradient colours (so the legend is shown) */
  tinting = $derived(this.run !== null && this.run.steps.step.length > 0);
}

export const canvasGrads = new CanvasGrads();
