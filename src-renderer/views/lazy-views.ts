// The views that pull in chart.js or draw heatmaps, loaded when first shown (each import() is a
// separate chunk of the renderer build), so the first paint reads and runs only the editor.
function once<T>(load: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | null = null;
  return () => (p ??= load());
}

export const loadCurvesChart = once(() => import('./CurvesChart.svelte').then((m) => m.default));
export const loadGradientsView = once(() => import('./GradientsView.svelte').then((m) => m.default));
export const loadWeightsView = once(() => import('./WeightsView.svelte').then((m) => m.default));
export const loadDropoutEnsemble = once(() => import('./lesson/DropoutEnsemble.svelte').then((m) => m.default));
export const loadSurfaceLab = once(() => import('./lesson/SurfaceLab.svelte').then((m) => m.default));
export const loadSweepsPanel = once(() => import('../sweeps/SweepsPanel.svelte').then((m) => m.default));
export const loadRegionsView = once(() => import('./regions/RegionsView.svelte').then((m) => m.default));
export const loadActivationShapes = once(() => import('./lesson/ActivationShapes.svelte').then((m) => m.default));
export const loadLossLandscape = once(() => import('./lesson/LossLandscape.svelte').then((m) => m.default));
