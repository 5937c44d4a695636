// The resizable bottom panel (limits, keys, what is remembered) and when the canvas fits its view again.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  clampPanel,
  defaultPanelHeight,
  maxPanelHeight,
  MIN_CANVAS,
  MIN_PANEL,
  parsePrefs,
  SPLITTER_BAR,
  splitterKey,
  TOP_BAR,
} from '../../../src-renderer/shell/panel-size';
import { BottomPanel } from '../../../src-renderer/shell/bottom-panel.svelte';
import { changedALot, graphOutOfSight, shouldRefit } from '../../../src-renderer/editor/refit';

class MemoryStorage {
  items = new Map<string, string>();
  getItem(k: string): string | null {
    return this.items.get(k) ?? null;
  }
  setItem(k: string, v: string): void {
    this.items.set(k, v);
  }
}

describe('panel size limits', () => {
  it('keeps the canvas at least its minimum and the panel at least its own', () => {
    expect(maxPanelHeight(900)).toBe(900 - TOP_BAR - SPLITTER_BAR - MIN_CANVAS);
    expect(clampPanel(5000, 900)).toBe(maxPanelHeight(900));
    expect(clampPanel(10, 900)).toBe(MIN_PANEL);
    expect(clampPanel(333.4, 900)).toBe(333);
    // a tiny window: the panel keeps its minimum even if the canvas cannot
    expect(clampPanel(300, 300)).toBe(MIN_PANEL);
  });

  it('defaults to 30 % of the window, at least 210 px', () => {
    expect(defaultPanelHeight(1000)).toBe(300);
    expect(defaultPanelHeight(600)).toBe(210);
  });

  it('maps keys: arrows step (Shift: ×4), Home/End to the ends, Enter toggles, others ignored', () => {
    expect(splitterKey('ArrowUp', false)).toEqual({ kind: 'by', delta: 24 });
    expect(splitterKey('ArrowDown', true)).toEqual({ kind: 'by', delta: -96 });
    expect(splitterKey('Home', false)).toEqual({ kind: 'to', where: 'max' });
    expect(splitterKey('End', false)).toEqual({ kind: 'to', where: 'min' });
    expect(splitterKey('Enter', false)).toEqual({ kind: 'toggle' });
    expect(splitterKey('a', false)).toBeNull();
  });

  it('reads back saved preferences and ignores malformed ones', () => {
    expect(parsePrefs('{"height":320,"collapsed":true}')).toEqual({ height: 320, collapsed: true, maximized: false });
    expect(parsePrefs('{"height":"big"}')).toEqual({ height: null, collapsed: false, maximized: false });
    expect(parsePrefs('{"height":-4,"collapsed":1}')).toEqual({ height: null, collapsed: false, maximized: false });
    expect(parsePrefs('not json')).toEqual({ height: null, collapsed: false, maximized: false });
    expect(parsePrefs(null)).toEqual({ height: null, collapsed: false, maximized: false });
    // the views full-window mode is remembered
    expect(parsePrefs('{"height":300,"collapsed":false,"maximized":true}')).toEqual({ height: 300, collapsed: false, maximized: true });
  });
});

describe('BottomPanel', () => {
  let storage: MemoryStorage;
  beforeEach(() => {
    storage = new MemoryStorage();
    (globalThis as { localStorage?: unknown }).localStorage = storage;
  });
  afterEach(() => {
    delete (globalThis as { localStorage?: unknown }).localStorage;
  });

  it('resizes within limits and remembers the height for the next start', () => {
    const p = new BottomPanel();
    p.windowHeight = 900;
    expect(p.height).toBe(defaultPanelHeight(900));
    p.resize(400);
    expect(p.height).toBe(400);
    p.resize(10_000);
    expect(p.height).toBe(maxPanelHeight(900));
    p.resize(MIN_PANEL - 10);
    expect(p.height).toBe(MIN_PANEL);
    p.resize(380);
    const next = new BottomPanel();
    next.windowHeight = 900;
    expect(next.height).toBe(380);
    // a smaller window clamps the remembered height instead of squeezing the canvas away
    next.windowHeight = 500;
    expect(next.height).toBe(500 - TOP_BAR - SPLITTER_BAR - MIN_CANVAS);
  });

  it('collapses when dragged below half its minimum, by the button or by Enter, and opens again', () => {
    const p = new BottomPanel();
    p.windowHeight = 900;
    p.resize(300);
    p.resize(MIN_PANEL / 2 - 1);
    expect(p.height).toBe(0);
    expect(p.prefs.collapsed).toBe(true);
    p.toggle();
    expect(p.height).toBe(300); // back at the height it had
    expect(p.key('Enter', false)).toBe(true);
    expect(p.height).toBe(0);
    expect(p.key('ArrowDown', false)).toBe(true);
    expect(p.height).toBe(0); // already as small as it gets
    p.key('ArrowUp', false);
    expect(p.height).toBe(MIN_PANEL);
    expect(new BottomPanel().prefs.collapsed).toBe(false);
  });

  it('moves by key steps; Home and End go to the ends; double-click reset follows the window again', () => {
    const p = new BottomPanel();
    p.windowHeight = 900;
    p.resize(300);
    p.key('ArrowUp', false);
    expect(p.height).toBe(324);
    p.key('ArrowDown', true);
    expect(p.height).toBe(228);
    p.key('Home', false);
    expect(p.height).toBe(maxPanelHeight(900));
    p.key('End', false);
    expect(p.height).toBe(MIN_PANEL);
    expect(p.key('x', false)).toBe(false);
    p.reset();
    expect(p.prefs).toEqual({ height: null, collapsed: false, maximized: false });
    p.windowHeight = 1200;
    expect(p.height).toBe(360);
    expect(JSON.parse(storage.getItem('gradscope.bottomPanel')!)).toEqual({ height: null, collapsed: false, maximized: false });
  });
});

describe('refitting the canvas after a resize', () => {
  const graph = { x: 0, y: 0, width: 1000, height: 400 };
  const vp = { x: 40, y: 40, zoom: 0.8 };

  it('refits after a large change, not after a small one', () => {
    expect(changedALot({ width: 880, height: 550 }, { width: 880, height: 560 })).toBe(false);
    expect(changedALot({ width: 880, height: 550 }, { width: 880, height: 300 })).toBe(true);
    expect(changedALot({ width: 880, height: 300 }, { width: 880, height: 550 })).toBe(true);
    expect(shouldRefit({ width: 880, height: 550 }, { width: 880, height: 540 }, graph, vp)).toBe(false);
    expect(shouldRefit({ width: 880, height: 550 }, { width: 880, height: 700 }, graph, vp)).toBe(true);
  });

  it('refits when the graph has ended up out of sight, even after a small change', () => {
    expect(graphOutOfSight(graph, vp, { width: 880, height: 550 })).toBe(false);
    expect(graphOutOfSight(graph, { x: 40, y: 600, zoom: 0.8 }, { width: 880, height: 550 })).toBe(true);
    expect(graphOutOfSight(graph, { x: -900, y: 40, zoom: 0.8 }, { width: 880, height: 550 })).toBe(true);
    expect(shouldRefit({ width: 880, height: 550 }, { width: 880, height: 540 }, graph, { x: 40, y: 560, zoom: 0.8 })).toBe(true);
  });

  it('does nothing while the canvas is hidden or empty', () => {
    expect(shouldRefit({ width: 880, height: 550 }, { width: 0, height: 0 }, graph, vp)).toBe(false);
    expect(shouldRefit({ width: 880, height: 550 }, { width: 880, height: 200 }, null, vp)).toBe(false);
  });
});
