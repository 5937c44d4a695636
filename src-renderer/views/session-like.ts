// What the views need from the training session (src-renderer/training/session.svelte.ts provides it).
import type { SessionState } from '../training/session-state.svelte';

export type SessionLike = Pick<SessionState, 'current' | 'runs' | 'shape' | 'active' | 'status' | 'start' | 'selectRun' | 'addRun' | 'reopen' | 'exportBlock'>;
