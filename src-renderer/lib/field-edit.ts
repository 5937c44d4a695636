// Undo and Redo from the native menu while a text field has focus belong to the field. On macOS,
// Cmd+Z in a field is not handled by the page: it reaches the Edit menu, whose Undo item sends the
// 'undo' command here. The field's own undo (Chromium's editing command) runs instead of the editor's.
import { inTextField } from '../shortcuts';

/** Runs the browser's own undo/redo when focus is in a text field; false when the editor should act. */
export function fieldEdit(command: 'undo' | 'redo', doc: Pick<Document, 'activeElement' | 'execCommand'> = document): boolean {
  if (!inTextField(doc.activeElement)) return false;
  doc.execCommand(command);
  return true;
}
