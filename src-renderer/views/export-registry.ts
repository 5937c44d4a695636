// What each exportable canvas is, for a PNG a reader outside the app understands: a readable name, a
// title (what is drawn, which run, which graph) and, where the view draws UI decorations (hover, evidence
// outlines), a clean rendering without them. Views register their canvases; ExportBar reads this.
export interface ExportInfo {
  /** what is drawn, e.g. "Gradient heatmap — kernel mean |g| per weight" */
  title: () => string;
  /** for the file name, e.g. "gradient-heatmap" */
  slug: string;
  /** a copy of the canvas without hover or evidence marks; absent when the canvas has none */
  clean?: () => HTMLCanvasElement;
}

const registry = new WeakMap<HTMLCanvasElement, ExportInfo>();

export function registerExport(canvas: HTMLCanvasElement, info: ExportInfo): () => void {
  registry.set(canvas, info);
  return () => registry.delete(canvas);
}

export function exportInfo(canvas: HTMLCanvasElement): ExportInfo | undefined {
  return registry.get(canvas);
}

/** "#1 8×relu · sgd η 0.1 · mnist" → "1-8xrelu-sgd-eta-0.1-mnist": safe in a file name, still readable. */
export function fileSlug(text: string): string {
  return (
    text
      .replace(/×/g, 'x')
      .replace(/η/g, 'eta')
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80) || 'run'
  );
}

/** The PNG's heading lines: what is drawn, then the run and the graph it was trained on. */
export function exportHeading(what: string, runLabel: string, graphName: string): [string, string] {
  return [what, `Run ${runLabel} · graph “${graphName}”`];
}
