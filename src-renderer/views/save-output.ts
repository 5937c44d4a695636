// Saving what the views produce: in Electron through the API's save dialog, in browser mode as a
// download. Canvases are flattened onto white so PNGs read well outside the app.
import type { GradscopeApi } from '../../src-main/contract/api';
import { CANCELLED, type Failure } from '../../src-main/contract/channel';

const modes = new WeakMap<GradscopeApi, Promise<'electron' | 'browser'>>();

export function appMode(api: GradscopeApi): Promise<'electron' | 'browser'> {
  let mode = modes.get(api);
  if (!mode) {
    mode = api.call('info', {}).then((r) => (r.ok ? r.value.mode : 'browser'));
    modes.set(api, mode);
  }
  return mode;
}

function download(name: string, href: string): void {
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
}

/** Saved (and where), or a Failure: the user cancelling the save dialog is CANCELLED (lib/failure-text shows nothing for it). */
export type SaveOutcome = { ok: true; where: string } | Failure;

export async function saveText(api: GradscopeApi, name: string, text: string, mime = 'text/csv'): Promise<SaveOutcome> {
  if ((await appMode(api)) === 'electron') {
    const r = await api.call('saveFile', { defaultName: name, text });
    if (!r.ok) return r;
    return r.value ? { ok: true, where: r.value.path } : CANCELLED;
  }
  const url = URL.createObjectURL(new Blob([text], { type: mime }));
  download(name, url);
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return { ok: true, where: `downloaded as ${name}` };
}

/** The canvas as a PNG data URL on a white background, under a heading (title lines) when given. */
export function canvasPng(canvas: HTMLCanvasElement, heading: readonly string[] = []): string {
  const scale = Math.max(1, canvas.width / Math.max(1, canvas.clientWidth || canvas.width));
  const line = Math.round(18 * scale);
  const top = heading.length > 0 ? Math.round(12 * scale) + heading.length * line : 0;
  const c = document.createElement('canvas');
  c.width = canvas.width;
  c.height = canvas.height + top;
  const ctx = c.getContext('2d')!;
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, c.width, c.height);
  ctx.textBaseline = 'top';
  heading.forEach((text, i) => {
    ctx.font = `${i === 0 ? 'bold ' : ''}${Math.round((i === 0 ? 14 : 12) * scale)}px system-ui, sans-serif`;
    ctx.fillStyle = i === 0 ? '#111827' : '#475569';
    ctx.fillText(text, Math.round(10 * scale), Math.round(8 * scale) + i * line, c.width - 20 * scale);
  });
  ctx.drawImage(canvas, 0, top);
  return c.toDataURL('image/png');
}

export async function savePng(api: GradscopeApi, name: string, canvas: HTMLCanvasElement, heading: readonly string[] = []): Promise<SaveOutcome> {
  const url = canvasPng(canvas, heading);
  if ((await appMode(api)) === 'electron') {
    const r = await api.call('saveFile', { defaultName: name, base64: url.slice(url.indexOf(',') + 1) });
    if (!r.ok) return r;
    return r.value ? { ok: true, where: r.value.path } : CANCELLED;
  }
  download(name, url);
  return { ok: true, where: `downloaded as ${name}` };
}
