// Where the built app is, and how tests load it as Node would (not through vitest's transform).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const out = join(root, 'out');
export const mainEntry = join(out, 'main', 'index.js');
export const trainerEntry = join(out, 'main', 'trainer-worker.js');
export const preloadEntry = join(out, 'preload', 'index.cjs');
export const rendererIndex = join(out, 'renderer', 'index.html');

/** Fails with what to do when the build is missing (npm test builds before this stage). */
export function requireBuild(): void {
  for (const f of [mainEntry, trainerEntry, preloadEntry, rendererIndex])
    if (!existsSync(f)) throw new Error(`${f} is missing: run \`npx electron-vite build\` first (npm test does)`);
}

/** Node's own dynamic import, bypassing vitest's module runner, so Node's resolution hooks apply. */
export { nativeImport } from './native-import.mjs';

export const fileUrl = (p: string): string => pathToFileURL(p).href;
