// Which run's gradients the editor's canvas may show, and by which statistic. A run is drawn on the
// editor's nodes only when it was trained on the graph the editor holds now; a run of another graph
// is drawn on its own read-only snapshot (RunSnapshot.svelte), never on these nodes.
import type { EditorState } from '../editor/editor.svelte';
import type { SessionState } from './session-state.svelte';
import { DEFAULT_NODE_STAT, gradDomain, structureKey, type NodeGradStat } from './node-grads';

export class CanvasGrads {
  constructor(
    private readonly editor: EditorState,
    private readonly session: SessionState,
  ) {}

  /** the statistic nodes are tinted and labelled by */
  stat = $state<NodeGradStat>(DEFAULT_NODE_STAT);
  /** the snapshot of a differing run's graph is open over the canvas */
  snapshotOpen = $state(false);

  private editorKey = $derived.by(() => structureKey(this.editor.graph));
  private runGraph = $derived.by(() => this.session.current?.graph ?? null);
  private runKey = $derived(this.runGraph ? structureKey(this.runGraph) : null);

  /** the run drawn on the editor's nodes (null when none, or when it was trained on another graph) */
  run = $derived.by(() => (this.runKey !== null && this.runKey === this.editorKey ? this.session.current : null));
  /** the run being viewed when it was trained on another graph: shown only on its own snapshot */
  other = $derived.by(() => (this.runKey !== null && this.runKey !== this.editorKey ? this.session.current : null));
  domain = $derived.by(() => gradDomain(this.session.current, this.stat));
  /** the editor's nodes carry gradient colours (so the legend is shown) */
  tinting = $derived(this.run !== null && this.run.steps.step.length > 0);
}
