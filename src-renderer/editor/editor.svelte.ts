// The editor's state: the network (as Svelte Flow nodes and edges), the training setup, undo history,
// the file it came from and live validation. Created once by the app (app-context.ts) and handed down.
import type { NodeType } from '../../src-main/contract/graph';
import type { TrainingConfig } from '../../src-main/contract/training';
import type { Graph, Layout } from '../../src-main/contract/graph';
import type { DatasetInfo } from '../../src-main/contract/api';
import { checkTraining, setupProblems, type GraphIO } from '../../src-main/contract/validate';
import { defaultSpec, defaultTraining, type NodeSpec } from './defaults';
import { graphToFlow, layoutOf, newEdge, nextNodeId, type LayerFlowNode, type ShapeFlowEdge } from './graph-mapping';
import { History } from './history';
import { CheckMemo, StructureMemo } from './structure';
import { displayValidation, type DatasetState, type PendingField } from './validation-display';

export interface Snapshot {
  graph: Graph;
  layout: Layout;
  training: TrainingConfig;
}

export type DatasetStatus =
  { status: 'loading'; key: string } | { status: 'ready'; key: string; info: DatasetInfo } | { status: 'error'; key: string; message: string };

export function datasetKey(training: TrainingConfig): string {
  return JSON.stringify(training.dataset);
}

function emptyGraph(): Graph {
  return { version: 1, nodes: [], edges: [] };
}

export class EditorState {
  nodes = $state.raw<LayerFlowNode[]>([]);
  edges = $state.raw<ShapeFlowEdge[]>([]);
  training = $state.raw<TrainingConfig>(defaultTraining());
  projectName = $state('Untitled');
  description = $state<string | undefined>(undefined);
  /** where the project was opened from / saved to; null for a new project */
  filePath = $state<string | null>(null);
  dataset = $state.raw<DatasetStatus | null>(null);
  /** a node drag is in progress: position changes are coalesced until it ends */
  dragging = $state(false);

  private history: History<Snapshot>;
  private historyVersion = $state(0);
  private savedKey = $state('');
  private savedName = $state('Untitled');
  private commitPending = false;
  private now: () => number;

  constructor(now: () => number = () => Date.now()) {
    this.now = now;
    const initial = { graph: emptyGraph(), layout: {}, training: this.training };
    this.history = new History<Snapshot>(initial);
    this.savedKey = this.history.currentKey;
  }

  private structure = new StructureMemo();
  /** The graph's structure (no positions): the same object while only the layout changes, so a drag
   * re-runs none of what derives from it (validation, shape inference, run matching). */
  graph = $derived(this.structure.of(this.nodes, this.edges));
  /** How many times the structure was rebuilt: a drag must not add to it. */
  get structureBuilds(): number {
    return this.structure.builds;
  }
  /** How many times the graph was validated: a drag must not add to it. */
  get validations(): number {
    return this.checks.runs;
  }
  /** Where the nodes sit; read when saving and recording history, not derived on every move. */
  layout(): Layout {
    return layoutOf(this.nodes);
  }

  io: GraphIO | undefined = $derived(
    this.dataset?.status === 'ready' && this.dataset.key === datasetKey(this.training)
      ? { inputDim: this.dataset.info.inputDim, classes: this.dataset.info.classes }
      : undefined,
  );

  private checks = new CheckMemo();
  check = $derived(this.checks.of(this.graph, this.io));
  trainingCheck = $derived(checkTraining(this.training));

  datasetState: DatasetState = $derived.by(() => {
    const d = this.dataset;
    if (!d || d.key !== datasetKey(this.training) || d.status === 'loading') return { status: 'loading' };
    if (d.status === 'error') return { status: 'error', message: d.message };
    return { status: 'ready' };
  });

  /** training problems, plus those of the graph and training together (val_acc early stopping on a regression head) */
  setupCheck = $derived.by(() => {
    const t = this.trainingCheck;
    return t.ok && this.check.graph ? [...setupProblems(this.check.graph, t.config)] : [...t.problems];
  });

  /** field text that does not parse or validate, keyed by owner (node id or "training") and field */
  pending = $state.raw<Record<string, PendingField>>({});

  private livePending = $derived(Object.values(this.pending).filter((p) => p.nodeId === undefined || this.graph.nodes.some((n) => n.id === p.nodeId)));
  validation = $derived(displayValidation({ problems: this.check.problems, graph: this.graph }, this.setupCheck, this.datasetState, this.livePending));

  /** Record (or, with null, clear) a field's text that could not be committed. */
  setPending(key: string, entry: PendingField | null): void {
    if (entry === null) {
      if (!(key in this.pending)) return;
      const { [key]: _gone, ...rest } = this.pending;
      this.pending = rest;
    } else {
      const cur = this.pending[key];
      if (cur && cur.text === entry.text && cur.message === entry.message) return;
      this.pending = { ...this.pending, [key]: entry };
    }
  }

  /** The display name of a node: its name, or its id when it has none. */
  nodeLabel(id: string): string {
    const n = this.nodes.find((m) => m.id === id);
    const name = n?.data.spec.name?.trim();
    return name ? name : id;
  }

  selectedNodes = $derived(this.nodes.filter((n) => n.selected));
  selectedEdges = $derived(this.edges.filter((e) => e.selected));
  /** the one selected node, when exactly one is selected */
  selected = $derived(this.selectedNodes.length === 1 ? this.selectedNodes[0]! : null);

  canUndo = $derived.by(() => this.versioned(() => this.history.canUndo));
  canRedo = $derived.by(() => this.versioned(() => this.history.canRedo));

  /** unsaved changes since the last open/save */
  dirty = $derived.by(() => this.versioned(() => this.history.currentKey !== this.savedKey) || this.projectName !== this.savedName);

  isEmpty = $derived(this.nodes.length === 0);

  /** The graph, layout and setup as last recorded, and the name: changes only when the content does (not on
   * selection, measuring, or the moves of a drag in progress — its end is recorded once). */
  contentKey = $derived.by(() => `${this.versioned(() => this.history.currentKey)}\u0000${this.projectName}`);
  /** The dataset spec as text, for effects that fetch its description. */
  currentDatasetKey = $derived(datasetKey(this.training));
  /** bumped on every whole-project load, so the canvas can fit the view */
  loadCount = $state(0);

  /** Reads the history through `historyVersion` so deriveds rerun when it changes. */
  private versioned<T>(read: () => T): T {
    void this.historyVersion;
    return read();
  }

  // ---- edits -------------------------------------------------------------------------------

  /** Svelte Flow's binding setter: selection, measurement, drags and deletions all land here. */
  setNodesFromFlow(nodes: LayerFlowNode[]): void {
    this.nodes = nodes;
    this.scheduleCommit();
  }

  setEdgesFromFlow(edges: ShapeFlowEdge[]): void {
    this.edges = edges;
    this.scheduleCommit();
  }

  /** Add a node (selected); with `connectFrom`, also the edge from that node to it, as one undoable edit. */
  addNode(type: NodeType, position: { x: number; y: number }, connectFrom: string | null = null): string {
    const id = nextNodeId(
      type,
      this.nodes.map((n) => n.id),
    );
    const node: LayerFlowNode = {
      id,
      type: 'layer',
      position: { x: Math.round(position.x), y: Math.round(position.y) },
      data: { spec: defaultSpec(type) },
      selected: true,
    };
    this.nodes = [...this.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), node];
    let edges = this.edges.map((e) => (e.selected ? { ...e, selected: false } : e));
    if (connectFrom !== null) {
      const r = newEdge(edges, connectFrom, id);
      if (r.ok) edges = [...edges, r.edge];
    }
    this.edges = edges;
    this.commit();
    return id;
  }

  /** Connect source → target; returns why not when refused. */
  connect(source: string, target: string): string | null {
    const r = newEdge(this.edges, source, target);
    if (!r.ok) return r.reason;
    this.edges = [...this.edges, r.edge];
    this.commit();
    return null;
  }

  /** Remove nodes (with their edges) and edges by id. */
  remove(ids: { nodes?: readonly string[]; edges?: readonly string[] }): void {
    const nodeIds = new Set(ids.nodes ?? []);
    const edgeIds = new Set(ids.edges ?? []);
    this.nodes = this.nodes.filter((n) => !nodeIds.has(n.id));
    this.edges = this.edges.filter((e) => !edgeIds.has(e.id) && !nodeIds.has(e.source) && !nodeIds.has(e.target));
    this.commit();
  }

  removeSelected(): void {
    this.remove({ nodes: this.selectedNodes.map((n) => n.id), edges: this.selectedEdges.map((e) => e.id) });
  }

  /** Change a node's parameters. Edits of the same node and field coalesce into one undo step. */
  updateNode(id: string, patch: Partial<Record<string, unknown>>, coalesceField?: string): void {
    let found = false;
    this.nodes = this.nodes.map((n) => {
      if (n.id !== id) return n;
      found = true;
      const spec = { ...n.data.spec, ...patch } as Record<string, unknown>;
      for (const [k, v] of Object.entries(patch)) if (v === undefined) delete spec[k];
      return { ...n, data: { spec: spec as NodeSpec } };
    });
    if (found) this.commit(coalesceField ? `node:${id}:${coalesceField}` : null);
  }

  /** Replace the training setup. Edits of the same field coalesce into one undo step. */
  updateTraining(next: TrainingConfig, coalesceField?: string): void {
    this.training = next;
    this.commit(coalesceField ? `training:${coalesceField}` : null);
  }

  setPositions(positions: Record<string, { x: number; y: number }>): void {
    this.nodes = this.nodes.map((n) => {
      const p = positions[n.id];
      return p ? { ...n, position: { x: Math.round(p.x), y: Math.round(p.y) } } : n;
    });
    this.commit();
  }

  select(ids: { nodes?: readonly string[]; edges?: readonly string[] }): void {
    const ns = new Set(ids.nodes ?? []);
    const es = new Set(ids.edges ?? []);
    this.nodes = this.nodes.map((n) => (n.selected === ns.has(n.id) ? n : { ...n, selected: ns.has(n.id) }));
    this.edges = this.edges.map((e) => (Boolean(e.selected) === es.has(e.id) ? e : { ...e, selected: es.has(e.id) }));
  }

  setName(name: string): void {
    this.projectName = name;
  }

  startDrag(): void {
    this.dragging = true;
  }

  endDrag(): void {
    this.dragging = false;
    this.commit('drag');
    this.history.seal();
  }

  // ---- history -----------------------------------------------------------------------------

  snapshot(): Snapshot {
    return { graph: this.graph, layout: this.layout(), training: this.training };
  }

  /** Record the current state as one undo step (no-op when nothing in the graph or setup changed). */
  commit(coalesce: string | null = null): void {
    this.commitPending = false;
    if (this.history.record(this.snapshot(), coalesce, this.now())) this.historyVersion++;
  }

  /** Flow setters arrive in pairs (a deletion sets edges then nodes): commit once, after both. */
  private scheduleCommit(): void {
    if (this.dragging || this.commitPending) return;
    this.commitPending = true;
    queueMicrotask(() => {
      if (this.commitPending && !this.dragging) this.commit();
      this.commitPending = false;
    });
  }

  undo(): boolean {
    if (this.commitPending) this.commit();
    const s = this.history.undo();
    if (!s) return false;
    this.restore(s);
    return true;
  }

  redo(): boolean {
    const s = this.history.redo();
    if (!s) return false;
    this.restore(s);
    return true;
  }

  private restore(s: Snapshot): void {
    const selected = new Set([...this.selectedNodes.map((n) => n.id), ...this.selectedEdges.map((e) => e.id)]);
    const flow = graphToFlow(s.graph, s.layout, selected);
    this.nodes = flow.nodes;
    this.edges = flow.edges;
    this.training = s.training;
    this.historyVersion++;
  }

  // ---- whole-project changes ---------------------------------------------------------------

  /** Put a whole graph and training setup in place as one undoable edit (re-running a past run). Nodes
   * keep their places where the graph has a node of the same id; the rest are laid out. */
  replaceConfig(graph: Graph, training: TrainingConfig): void {
    const flow = graphToFlow(graph, this.layout());
    this.nodes = flow.nodes;
    this.edges = flow.edges;
    this.training = training;
    this.commit();
    this.loadCount++;
  }

  /** Replace everything (open, new, template, recovery). Starts a fresh history; `saved` marks it clean. */
  load(
    p: { graph: Graph; layout?: Layout; training: TrainingConfig; name: string; description?: string | undefined; path: string | null },
    saved = true,
  ): void {
    this.pending = {};
    const flow = graphToFlow(p.graph, p.layout);
    this.nodes = flow.nodes;
    this.edges = flow.edges;
    this.training = p.training;
    this.projectName = p.name;
    this.description = p.description;
    this.filePath = p.path;
    this.commitPending = false;
    this.history.reset(this.snapshot());
    this.savedKey = saved ? this.history.currentKey : '';
    this.savedName = p.name;
    this.historyVersion++;
    this.loadCount++;
  }

  /** The project was written to `path`: the current state is the saved one. */
  markSaved(path: string | null): void {
    this.filePath = path;
    this.savedKey = JSON.stringify(this.snapshot());
    this.savedName = this.projectName;
    this.history.seal();
    this.historyVersion++;
  }

  setDataset(status: DatasetStatus): void {
    this.dataset = status;
  }
}
