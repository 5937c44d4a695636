// Undo and Redo from the native menu while a text field has focus belong to the field. On macOS,
// Cmd+Z in a field is not handled by the page: it reaches the Edit menu, whose Undo item sends the
// 'undo' command here. The field's own undo (Chromium's editing command) runs instead of the editor's.
// A select, checkbox or button has no text history: there the editor's undo applies.

const TEXT_INPUTS = new Set(['text', 'search', 'url', 'tel', 'email', 'password', 'number', '']);

type Focused = { tagName: string; isContentEditable?: boolean; type?: string } | null;

/** An element with its own text-editing history. */
export function hasTextHistory(el: Focused): boolean {
  if (!el || !el.tagName) return false;
  if (el.tagName === 'TEXTAREA' || el.isContentEditable) return true;
  return el.tagName === 'INPUT' && TEXT_INPUTS.has((el.type ?? '').toLowerCase());
}

/** Runs the browser's own undo/redo when focus is in a text field; false when the editor should act. */
export function fieldEdit(command: 'undo' | 'redo', doc: Pick<Document, 'activeElement' | 'execCommand'> = document): boolean {
  if (!hasTextHistory(doc.activeElement as Focused)) return false;
  doc.execCommand(command);
  return true;
}
