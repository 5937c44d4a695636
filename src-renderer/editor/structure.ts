// The graph's structure derived from Svelte Flow's nodes and edges, apart from where the nodes sit.
// A drag replaces node objects on every pointer move but keeps each node's `data`; while ids, data
// and connections are the same, `StructureMemo.of` hands back the very same Graph object, so readers
// of the structure (validation, shape inference, run matching, serialisation) do not re-run.
// Model: xyflow's useNodesData (readers re-run on a node's data, not its position). Pure.
import type { Graph } from '../../src-main/contract/graph';
import { checkGraph, type GraphCheck, type GraphIO } from '../../src-main/contract/validate';
import { flowToGraph, type LayerFlowNode, type ShapeFlowEdge } from './graph-mapping';

/** Same nodes in the same order with the same parameters (positions, selection and measurements ignored). */
export function sameNodeStructure(a: readonly LayerFlowNode[], b: readonly LayerFlowNode[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.id !== y.id || (x.data !== y.data && x.data.spec !== y.data.spec)) return false;
  }
  return true;
}

/** Same connections in the same order (selection ignored). */
export function sameEdgeStructure(a: readonly ShapeFlowEdge[], b: readonly ShapeFlowEdge[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.id !== y.id || x.source !== y.source || x.target !== y.target) return false;
  }
  return true;
}

export class StructureMemo {
  private nodes: readonly LayerFlowNode[] | null = null;
  private edges: readonly ShapeFlowEdge[] | null = null;
  private graph: Graph | null = null;
  /** how many times the structure was rebuilt (not handed back): what a drag must not raise */
  builds = 0;

  /** The structure of these nodes and edges: the previous Graph object when only layout changed. */
  of(nodes: readonly LayerFlowNode[], edges: readonly ShapeFlowEdge[]): Graph {
    if (this.graph && this.nodes && this.edges && sameNodeStructure(this.nodes, nodes) && sameEdgeStructure(this.edges, edges)) {
      this.nodes = nodes;
      this.edges = edges;
      return this.graph;
    }
    this.nodes = nodes;
    this.edges = edges;
    this.graph = flowToGraph(nodes, edges);
    this.builds++;
    return this.graph;
  }
}

/** The check of the last structure and dataset ends asked about: validation runs again only when either
 * changed (a new structure object, or other input width or classes), never for a layout change. */
export class CheckMemo {
  private graph: Graph | null = null;
  private io: GraphIO | undefined = undefined;
  private result: GraphCheck | null = null;
  /** how many times the graph was validated */
  runs = 0;

  of(graph: Graph, io: GraphIO | undefined): GraphCheck {
    if (this.result && graph === this.graph && io?.inputDim === this.io?.inputDim && io?.classes === this.io?.classes) return this.result;
    this.graph = graph;
    this.io = io;
    this.result = checkGraph(graph, io);
    this.runs++;
    return this.result;
  }
}
