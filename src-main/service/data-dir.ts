// Where Gradscope keeps its own files (recovery copy, recent list) in browser mode and the CLI.
// Electron passes app.getPath('userData') instead.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export function browserDataDir(env: NodeJS.ProcessEnv = process.env): string {
  const home = env.GRADSCOPE_HOME;
  return home && home.trim() !== '' ? resolve(home) : join(homedir(), '.gradscope');
}
