import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isRendererUrl } from '../../../src-main/ipc/renderer-url';

describe('isRendererUrl', () => {
  const index = '/opt/Grad Scope/résumé/out/renderer/index.html';
  it('accepts our index.html however it is encoded, with a hash or query', () => {
    expect(isRendererUrl(pathToFileURL(index).href, index)).toBe(true);
    expect(isRendererUrl('file:///opt/Grad%20Scope/r%C3%A9sum%C3%A9/out/renderer/index.html#/x', index)).toBe(true);
    expect(isRendererUrl(`${pathToFileURL(index).href}?a=1`, index)).toBe(true);
  });
  it('refuses other files, other schemes and other hosts', () => {
    expect(isRendererUrl('file:///opt/Grad%20Scope/r%C3%A9sum%C3%A9/out/renderer/other.html', index)).toBe(false);
    expect(isRendererUrl('file:///tmp/index.html', index)).toBe(false);
    expect(isRendererUrl('https://example.com/opt/Grad%20Scope/r%C3%A9sum%C3%A9/out/renderer/index.html', index)).toBe(false);
    expect(isRendererUrl('file://evil/opt/Grad%20Scope/r%C3%A9sum%C3%A9/out/renderer/index.html', index)).toBe(false);
    expect(isRendererUrl('file:///opt/Grad%20Scope/r%C3%A9sum%C3%A9/out/renderer/../renderer/index.html', index)).toBe(true);
    expect(isRendererUrl('not a url', index)).toBe(false);
  });
});
