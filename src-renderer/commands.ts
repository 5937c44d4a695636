// App commands from the keyboard and from the native menu (AppEvent {type:'menu'}).
import type { MenuCommand } from '../src-main/contract/api';
import type { AppStores } from './app-context';
import { fieldEdit } from './lib/field-edit';

/** Run a command; `path` comes with File ▸ Open Recent. */
export function runCommand({ editor, files }: Pick<AppStores, 'editor' | 'files'>, command: MenuCommand, path?: string): void {
  switch (command) {
    case 'new':
      void files.newProject();
      return;
    case 'open':
      void (path !== undefined ? files.openRecent(path) : files.open());
      return;
    case 'save':
      void files.save();
      return;
    case 'save-as':
      void files.saveAs();
      return;
    case 'export-model':
      void files.exportModel();
      return;
    case 'undo':
      if (!fieldEdit('undo')) editor.undo();
      return;
    case 'redo':
      if (!fieldEdit('redo')) editor.redo();
      return;
    default: {
      const never: never = command;
      return never;
    }
  }
}
