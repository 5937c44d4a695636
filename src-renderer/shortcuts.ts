// Keyboard shortcuts → app commands. Pure.
import type { MenuCommand } from '../src-main/contract/api';

function inTextField(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || !el.tagName) return false;
  return el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable;
}

/** The keyboard shortcuts; returns the command a key maps to, or null. */
export function shortcutFor(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey' | 'target'>): MenuCommand | null {
  if (!(e.ctrlKey || e.metaKey) || e.altKey) return null;
  const k = e.key.toLowerCase();
  if (k === 's') return e.shiftKey ? 'save-as' : 'save';
  if (k === 'o' && !e.shiftKey) return 'open';
  // inside text fields, undo/redo belong to the field
  if (inTextField(e.target)) return null;
  if (k === 'z') return e.shiftKey ? 'redo' : 'undo';
  if (k === 'y' && !e.shiftKey) return 'redo';
  return null;
}
