// The bottom panel's size and whether it is collapsed, remembered in localStorage.
import { clampPanel, defaultPanelHeight, maxPanelHeight, MIN_PANEL, parsePrefs, splitterKey, type PanelPrefs } from './panel-size';

const KEY = 'gradscope.bottomPanel';

function storage(): Storage | null {
  try {
    return typeof localStorage !== 'undefined' ? localStorage : null;
  } catch {
    return null;
  }
}

export class BottomPanel {
  prefs = $state.raw<PanelPrefs>(parsePrefs(storage()?.getItem(KEY) ?? null));
  /** the window's inner height, kept current by the shell */
  windowHeight = $state(typeof window !== 'undefined' ? window.innerHeight : 900);

  /** the height the panel shows at (0 when collapsed) */
  readonly height = $derived(
    this.prefs.collapsed ? 0 : this.prefs.height === null ? defaultPanelHeight(this.windowHeight) : clampPanel(this.prefs.height, this.windowHeight),
  );
  readonly min = MIN_PANEL;
  readonly max = $derived(maxPanelHeight(this.windowHeight));

  /** Set the panel's height (a drag or a key); dragging it below half the minimum collapses it. */
  resize(height: number): void {
    if (height < MIN_PANEL / 2) return this.set({ ...this.prefs, collapsed: true, maximized: false });
    this.set({ height: clampPanel(height, this.windowHeight), collapsed: false, maximized: false });
  }

  toggle(): void {
    this.set({ ...this.prefs, collapsed: !this.prefs.collapsed, maximized: false });
  }

  /** The views take the whole window (the editor hidden), or go back to sharing it. */
  toggleMaximized(): void {
    this.set({ ...this.prefs, collapsed: false, maximized: !this.prefs.maximized });
  }

  reset(): void {
    this.set({ height: null, collapsed: false, maximized: false });
  }

  /** A key pressed on the splitter; true when it was handled. */
  key(key: string, shift: boolean): boolean {
    const k = splitterKey(key, shift);
    if (!k) return false;
    switch (k.kind) {
      case 'by':
        // from collapsed, a step up opens the panel at its smallest
        if (this.prefs.collapsed) {
          if (k.delta > 0) this.set({ height: MIN_PANEL, collapsed: false, maximized: false });
        } else this.set({ height: clampPanel(this.height + k.delta, this.windowHeight), collapsed: false, maximized: false });
        return true;
      case 'to':
        this.set({ height: k.where === 'max' ? this.max : MIN_PANEL, collapsed: false, maximized: false });
        return true;
      case 'toggle':
        this.toggle();
        return true;
      default: {
        const never: never = k;
        return never;
      }
    }
  }

  private set(p: PanelPrefs): void {
    this.prefs = p;
    try {
      storage()?.setItem(KEY, JSON.stringify(p));
    } catch {
      // storage full or blocked: the size still holds for this session
    }
  }
}

export const bottomPanel = new BottomPanel();
