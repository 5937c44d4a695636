// Is this frame URL our own renderer? Compared as decoded file paths, so encoding differences
// (spaces, non-ASCII folders) neither let a stranger in nor lock our page out.
import { fileURLToPath } from 'node:url';

export function isRendererUrl(url: string, rendererIndex: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'file:' && u.host === '' && fileURLToPath(u) === rendererIndex;
  } catch {
    return false;
  }
}
