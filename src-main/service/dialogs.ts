// How the service asks the user for a path. Electron implements it with native dialogs; browser mode has
// none (null), and then every method that needs a path must be given one.
export interface FileFilter {
  name: string;
  extensions: string[];
}

export interface Dialogs {
  /** null: cancelled */
  openFile(options: { title: string; filters: FileFilter[] }): Promise<string | null>;
  openDirectory(options: { title: string }): Promise<string | null>;
  saveFile(options: { title: string; defaultName: string; filters: FileFilter[] }): Promise<string | null>;
}

export const NO_DIALOGS_ERROR = 'browser mode: give a file path';

export const PROJECT_FILTERS: FileFilter[] = [{ name: 'Gradscope project', extensions: ['json'] }];
