// Transient UI state shared by the shell: notices, the confirm dialog, the path dialog, the canvas size.

export interface Notice {
  id: number;
  kind: 'error' | 'info';
  text: string;
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

  notify(kind: Notice['kind'], text: string, ms = kind === 'error' ? 12000 : 4000): void {
    const id = this.nextId++;
    this.notices = [...this.notices, { id, kind, text }];
    setTimeout(() => this.dismiss(id), ms);
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
