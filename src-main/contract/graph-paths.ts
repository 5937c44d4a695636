// The longest input→output path of a graph, counted in layers that own a kernel. In a branching graph
// the lesson's "first and last hidden layer" are the first and last on this path, not two parallel
// branches. Pure.
import { hasKernel, type Graph } from './graph';

/** Node ids of the kernel layers (dense, maxout, output) on the longest input→output path, input side first.
 * Ties go to the path through the edge listed first. [] when the graph has no input→output path or a cycle. */
export function longestKernelPath(graph: Graph): string[] {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const input = graph.nodes.find((n) => n.type === 'input');
  const output = graph.nodes.find((n) => n.type === 'output');
  if (!input || !output) return [];
  const preds = new Map<string, string[]>();
  for (const e of graph.edges) {
    if (!byId.has(e.source) || !byId.has(e.target)) continue;
    (preds.get(e.target) ?? preds.set(e.target, []).get(e.target)!).push(e.source);
  }
  // best[id]: the longest path from the input to id (kernel layers counted), memoised; null: unreachable
  const best = new Map<string, string[] | null>();
  const visiting = new Set<string>();
  const walk = (id: string): string[] | null => {
    if (best.has(id)) return best.get(id)!;
    if (visiting.has(id)) return null; // a cycle: the graph checker reports it
    visiting.add(id);
    let path: string[] | null = null;
    if (id === input.id) path = [];
    else {
      for (const p of preds.get(id) ?? []) {
        const sub = walk(p);
        if (sub && (path === null || sub.length > path.length)) path = sub;
      }
    }
    visiting.delete(id);
    const node = byId.get(id)!;
    const result = path === null ? null : hasKernel(node) ? [...path, id] : path;
    best.set(id, result);
    return result;
  };
  return walk(output.id) ?? [];
}

/** The hidden kernel layers (not the output) on the longest path, input side first. */
export function longestPathHidden(graph: Graph): string[] {
  const out = graph.nodes.find((n) => n.type === 'output');
  return longestKernelPath(graph).filter((id) => id !== out?.id);
}
