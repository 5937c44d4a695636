// The question asked when the page refuses to unload (App.svelte cancels `beforeunload` while there
// are unsaved changes or a run is training). Electron only blocks such a close silently unless main
// handles 'will-prevent-unload'; this is what main asks. Pure.
export const LEAVE = 0;
export const STAY = 1;

export const UNLOAD_PROMPT = {
  type: 'warning' as const,
  title: 'Gradscope',
  message: 'Close Gradscope and lose your unsaved work?',
  detail: 'The project has unsaved changes or a run is still training. Leave discards the changes and stops the run; Stay keeps the window open.',
  buttons: ['Leave', 'Stay'],
  defaultId: STAY,
  cancelId: STAY,
  noLink: true,
};

/** The dialog's answer (showMessageBoxSync's button index): true when the user chose Leave. */
export function leaveChosen(response: number): boolean {
  return response === LEAVE;
}
