// A whole project loaded at once (Open, a template, recovery) reaches Svelte Flow in batches of
// nodes, one batch per animation frame, so mounting hundreds of nodes never blocks the page for long
// in one task; edges follow once both their ends are shown. The batch size follows the time the last
// batch took from hand-over to the next frame (mounting, style, layout), aiming at FRAME_BUDGET_MS: on a
// fast machine batches grow, on a slow or busy one they shrink, so no frame of a load takes long. Between loads, and for small graphs,
// everything is passed straight through. The view is fitted once, after every node is measured
// (Canvas.svelte), so it is fitted once per load however many batches there were.
import type { Edge, Node } from '@xyflow/svelte';

/** Nodes in the first batch of a large project (mounted in the same task as the load itself). */
export const NODE_BATCH = 16;
/** The time one batch should take from its hand-over to the next frame. */
export const FRAME_BUDGET_MS = 40;
export const MIN_BATCH = 4;
export const MAX_BATCH = 120;

/** The size of the next batch, from the last one's size and the ms from its hand-over to the next frame:
 * scaled towards the budget, at most doubled or halved at a time, within [MIN_BATCH, MAX_BATCH]. */
export function nextBatchSize(size: number, elapsedMs: number, budgetMs = FRAME_BUDGET_MS): number {
  const scaled = elapsedMs > 0 ? Math.floor((size * budgetMs) / elapsedMs) : size * 2;
  const bounded = Math.min(size * 2, Math.max(Math.ceil(size / 2), scaled));
  return Math.min(MAX_BATCH, Math.max(MIN_BATCH, bounded));
}

export class ProgressiveGraph<N extends Node, E extends Edge> {
  /** how far the batches of the load numbered `load` have got */
  private batch = $state({ load: 0, shown: Infinity });
  private frame = 0;
  /** the size of the batch handed over last, and when (rAF time; 0: none yet in this load) */
  private size: number;
  private handedAt = 0;

  constructor(
    private readonly source: () => { nodes: N[]; edges: E[]; loadCount: number },
    private readonly batchSize = NODE_BATCH,
  ) {
    this.size = batchSize;
  }

  /** how many of the nodes are handed to Svelte Flow now (Infinity: all) */
  limit = $derived.by(() => {
    const { nodes, loadCount } = this.source();
    const shown = this.batch.load === loadCount ? this.batch.shown : nodes.length > this.batchSize ? this.batchSize : Infinity;
    return shown >= nodes.length ? Infinity : shown;
  });

  nodes = $derived.by(() => {
    const all = this.source().nodes;
    return this.limit === Infinity ? all : all.slice(0, this.limit);
  });

  edges = $derived.by(() => {
    const all = this.source().edges;
    if (this.limit === Infinity) return all;
    const ids = new Set(this.nodes.map((n) => n.id));
    return all.filter((e) => ids.has(e.source) && ids.has(e.target));
  });

  /** Svelte Flow's version of the nodes it was given, with the ones not shown yet kept after them. */
  mergeNodes(shown: N[]): N[] {
    if (this.limit === Infinity) return shown;
    const ids = new Set(shown.map((n) => n.id));
    return [
      ...shown,
      ...this.source()
        .nodes.slice(this.limit)
        .filter((n) => !ids.has(n.id)),
    ];
  }

  mergeEdges(shown: E[]): E[] {
    if (this.limit === Infinity) return shown;
    const given = new Set(this.edges.map((e) => e.id));
    return [...shown, ...this.source().edges.filter((e) => !given.has(e.id))];
  }

  /** Called from an $effect: while nodes are held back, the next batch comes on the next frame. */
  advance(): () => void {
    const limit = this.limit;
    const load = this.source().loadCount;
    if (limit === Infinity) {
      this.size = this.batchSize;
      this.handedAt = 0;
      return () => undefined;
    }
    this.frame = requestAnimationFrame((now) => {
      if (this.handedAt > 0) this.size = nextBatchSize(this.size, now - this.handedAt);
      this.handedAt = now;
      this.batch = { load, shown: limit + this.size };
    });
    return () => cancelAnimationFrame(this.frame);
  }
}
