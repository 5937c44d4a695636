import { describe, expect, it } from 'vitest';
import { fieldEdit } from '../../../src-renderer/lib/field-edit';

function doc(active: object | null) {
  const ran: string[] = [];
  return { ran, doc: { activeElement: active as Element | null, execCommand: (c: string) => (ran.push(c), true) } };
}

describe('menu Undo/Redo with a text field focused', () => {
  it("runs the field's own undo/redo in text and number inputs, text areas and editable elements", () => {
    for (const el of [
      { tagName: 'INPUT', type: 'text' },
      { tagName: 'INPUT', type: 'number' },
      { tagName: 'TEXTAREA' },
      { tagName: 'DIV', isContentEditable: true },
    ]) {
      const d = doc(el);
      expect(fieldEdit('undo', d.doc)).toBe(true);
      expect(fieldEdit('redo', d.doc)).toBe(true);
      expect(d.ran).toEqual(['undo', 'redo']);
    }
  });
  it('leaves the command to the editor where there is no text history: nothing focused, selects, checkboxes, buttons', () => {
    for (const el of [
      null,
      { tagName: 'BODY' },
      { tagName: 'SELECT' },
      { tagName: 'INPUT', type: 'checkbox' },
      { tagName: 'BUTTON' },
      { tagName: 'DIV', isContentEditable: false },
    ]) {
      const d = doc(el);
      expect(fieldEdit('undo', d.doc)).toBe(false);
      expect(d.ran).toEqual([]);
    }
  });
});
