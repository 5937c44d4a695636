// The height of the bottom panel (training + views) below the canvas: limits, the default, keyboard
// steps and the saved form. Pure.

/** The top bar's height and the splitter bar's, both fixed. */
export const TOP_BAR = 56;
export const SPLITTER_BAR = 22;
/** Below this the panel's header and controls no longer fit. */
export const MIN_PANEL = 140;
/** The canvas never gets smaller than this while the panel is open. */
export const MIN_CANVAS = 180;
/** Arrow keys move the splitter this far; with Shift, four times as far. */
export const KEY_STEP = 24;

/** The panel's height when the user has not chosen one: 30% of the window, at least 210 px. */
export function defaultPanelHeight(windowHeight: number): number {
  return clampPanel(Math.max(210, Math.round(windowHeight * 0.3)), windowHeight);
}

/** The largest panel that leaves the canvas its minimum. */
export function maxPanelHeight(windowHeight: number): number {
  return Math.max(MIN_PANEL, windowHeight - TOP_BAR - SPLITTER_BAR - MIN_CANVAS);
}

export function clampPanel(height: number, windowHeight: number): number {
  return Math.round(Math.min(maxPanelHeight(windowHeight), Math.max(MIN_PANEL, height)));
}

/** What a key pressed on the splitter asks for; null for keys it does not handle. */
export type SplitterKey = { kind: 'by'; delta: number } | { kind: 'to'; where: 'min' | 'max' } | { kind: 'toggle' };

export function splitterKey(key: string, shift: boolean): SplitterKey | null {
  const step = shift ? 4 * KEY_STEP : KEY_STEP;
  switch (key) {
    case 'ArrowUp':
      return { kind: 'by', delta: step }; // the splitter moves up: the panel grows
    case 'ArrowDown':
      return { kind: 'by', delta: -step };
    case 'Home':
      return { kind: 'to', where: 'max' }; // splitter to the top
    case 'End':
      return { kind: 'to', where: 'min' };
    case 'Enter':
      return { kind: 'toggle' };
    default:
      return null;
  }
}

export interface PanelPrefs {
  /** chosen height in px; null follows the window (the default) */
  height: number | null;
  collapsed: boolean;
  /** the views take the whole window below the top bar (the editor is hidden until toggled back) */
  maximized: boolean;
}

export const DEFAULT_PREFS: PanelPrefs = { height: null, collapsed: false, maximized: false };

/** Saved preferences back from storage; anything malformed falls back to the defaults. */
export function parsePrefs(raw: string | null): PanelPrefs {
  if (!raw) return { ...DEFAULT_PREFS };
  try {
    const v = JSON.parse(raw) as unknown;
    if (typeof v !== 'object' || v === null) return { ...DEFAULT_PREFS };
    const o = v as Record<string, unknown>;
    const height = typeof o['height'] === 'number' && Number.isFinite(o['height']) && o['height'] > 0 ? Math.round(o['height']) : null;
    return { height, collapsed: o['collapsed'] === true, maximized: o['maximized'] === true && o['collapsed'] !== true };
  } catch {
    return { ...DEFAULT_PREFS };
  }
}
