// The app's stores, created once (App.svelte calls createAppStores) and handed down by Svelte
// context: components ask for what they use with appStores() instead of importing module-level
// singletons, and tests construct the stores they need directly. Model: svelte.dev's
// packages/editor Workspace (one state object created at the top and passed down).
import { getContext, setContext } from 'svelte';
import type { GradscopeApi } from '../src-main/contract/api';
import { EditorState } from './editor/editor.svelte';
import { ProjectFiles } from './editor/project-files.svelte';
import { UiState } from './editor/ui-state.svelte';
import type { PickedApi } from './lib/api';
import { CanvasGrads } from './training/canvas-grads.svelte';
import { LIVE_PUBLISH_MS, SessionState } from './training/session-state.svelte';
import { RunArchive } from './training/run-archive.svelte';
import { SweepState } from './sweeps/sweep-state.svelte';

export interface AppStores {
  api: GradscopeApi;
  /** whether calls can go through now (always in Electron), and the changes of that */
  connection: Pick<PickedApi, 'status' | 'onStatus'>;
  editor: EditorState;
  session: SessionState;
  ui: UiState;
  files: ProjectFiles;
  canvasGrads: CanvasGrads;
  /** the per-user run history */
  archive: RunArchive;
  /** the project's sweeps */
  sweeps: SweepState;
}

export function createAppStores(picked: PickedApi): AppStores {
  const api = picked.api;
  const editor = new EditorState();
  const session = new SessionState(api, undefined, LIVE_PUBLISH_MS);
  const ui = new UiState();
  const archive = new RunArchive(api, ui);
  const sweeps = new SweepState(api);
  // every run trained here is kept in the per-user history when it ends, whatever happens to the project
  session.onRunEnded = (run) => void archive.record(run, editor.projectName);
  sweeps.onSweepEnded = (sweep, runs) => void archive.recordSweep(sweep, runs, editor.projectName);
  const files = new ProjectFiles(api, editor, session, ui, sweeps);
  archive.onKept = (runId) => files.runKept(runId);
  return {
    api,
    connection: { status: picked.status, onStatus: picked.onStatus },
    editor,
    session,
    ui,
    files,
    canvasGrads: new CanvasGrads(editor, session),
    archive,
    sweeps,
  };
}

const KEY = Symbol('gradscope.app-stores');

/** Hand the stores down to every component below the caller (call during App's initialisation). */
export function setAppStores(stores: AppStores): AppStores {
  return setContext(KEY, stores);
}

/** The stores App.svelte handed down (call during a component's initialisation). */
export function appStores(): AppStores {
  const stores = getContext<AppStores | undefined>(KEY);
  if (!stores) throw new Error('appStores() was called outside the app: App.svelte hands the stores down');
  return stores;
}
