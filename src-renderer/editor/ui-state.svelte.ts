// Transient UI state shared by the shell: notices, the confirm dialog, the path dialog, the canvas size.
import { failureNotice, type FailureLike } from '../lib/failure-text';

export interface Notice {
  id: number;
  kind: 'error' | 'info';
  text: string;
  /** the graph node an error is about (the notice offers to select it) */
  node?: string;
}

export interface ConfirmRequest {
  title: string;
  message: string;
  confirmLabel: string;
  resolve: (ok: boolean) => void;
}

export type PathPurpose = 'open' | 'save' | 'export';

export interface PathRequest {
  purpose: PathPurpose;
  title: string;
  path: string;
  error: string | null;
  busy: boolean;
}

export class UiState {
  notices = $state.raw<Notice[]>([]);
  confirmRequest = $state.raw<ConfirmRequest | null>(null);
  pathRequest = $state.raw<PathRequest | null>(null);
  /** which inspector tab is showing */
  inspectorTab = $state<'layer' | 'training'>('training');
  /** the canvas's size on screen (0×0 until measured); auto-layout sizes its rows for it */
  canvasSize = $state.raw<{ width: number; height: number }>({ width: 0, height: 0 });
  private nextId = 1;

  notify(kind: Notice['kind'], text: string, ms = kind === 'error' ? 12000 : 4000, node?: string): void {
    const id = this.nextId++;
    this.notices = [...this.notices, node ? { id, kind, text, node } : { id, kind, text }];
    setTimeout(() => this.dismiss(id), ms);
  }

  /** A failed call as an error notice (lib/failure-text.ts), after what the user was doing; nothing for a call the page cancelled. */
  notifyFailure(f: FailureLike, doing?: string): void {
    const n = failureNotice(f, doing);
    if (n) this.notify('error', n.text, undefined, n.node);
  }

  dismiss(id: number): void {
    this.notices = this.notices.filter((n) => n.id !== id);
  }

  confirm(title: string, message: string, confirmLabel: string): Promise<boolean> {
    this.confirmRequest?.resolve(false);
    return new Promise((resolve) => {
      this.confirmRequest = {
        title,
        message,
        confirmLabel,
        resolve: (ok) => {
          this.confirmRequest = null;
          resolve(ok);
        },
      };
    });
  }
}
