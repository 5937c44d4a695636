import { describe, expect, it } from 'vitest';
import { leaveChosen, UNLOAD_PROMPT } from '../../../src-main/ipc/unload-prompt';

describe('the question before closing with unsaved work', () => {
  it('offers Leave and Stay; Escape, closing the box and Enter all stay', () => {
    expect(UNLOAD_PROMPT.buttons).toEqual(['Leave', 'Stay']);
    expect(UNLOAD_PROMPT.buttons[UNLOAD_PROMPT.cancelId]).toBe('Stay');
    expect(UNLOAD_PROMPT.buttons[UNLOAD_PROMPT.defaultId]).toBe('Stay');
    expect(leaveChosen(UNLOAD_PROMPT.buttons.indexOf('Leave'))).toBe(true);
    expect(leaveChosen(UNLOAD_PROMPT.cancelId)).toBe(false);
    expect(leaveChosen(-1)).toBe(false);
  });
  it('says what is lost', () => {
    expect(UNLOAD_PROMPT.message).toMatch(/unsaved/);
    expect(UNLOAD_PROMPT.detail).toMatch(/unsaved changes or a run is still training/);
  });
});
