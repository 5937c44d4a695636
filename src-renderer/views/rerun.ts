// Re-run a past configuration in one click: put its graph and training setup back into the editor
// (as one undoable edit) and start training it.
import type { RunRecord } from '../../src-main/contract/project';
import type { EditorState } from '../editor/editor.svelte';
import type { SessionLike } from './session-like';

export async function rerun(run: RunRecord, session: Pick<SessionLike, 'start' | 'active'>, editor: Pick<EditorState, 'replaceConfig'>): Promise<void> {
  if (session.active) return;
  editor.replaceConfig(run.graph, run.training);
  await session.start(run.graph, run.training);
}
