// --paint: the renderer's JavaScript as built (bytes, gzip bytes, whether minified) and the first
// contentful paint of the page in a fresh browser context (empty cache).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { eachRound, row, type Section, type Version } from './common';

function jsOf(v: Version): { bytes: number; gzip: number; entry: number; lines: number } {
  const dir = join(v.root, 'out', 'renderer', 'assets');
  const files = readdirSync(dir).filter((f) => f.endsWith('.js'));
  let bytes = 0;
  let gzip = 0;
  let entry = 0;
  let lines = 0;
  for (const f of files) {
    const b = readFileSync(join(dir, f));
    bytes += b.length;
    gzip += gzipSync(b).length;
    lines += b.toString('utf8').split('\n').length;
    if (f.startsWith('index-')) entry += b.length;
  }
  return { bytes, gzip, entry, lines };
}

export const paint: Section = async (ctx) => {
  const v = ctx.versions;
  const rows = {
    js: row('paint', 'renderer JS, all chunks', 'KB', v),
    gz: row('paint', 'renderer JS, all chunks, gzip', 'KB', v),
    entry: row('paint', 'renderer JS loaded first (entry chunk)', 'KB', v),
    lines: row('paint', 'renderer JS lines (minified: few)', 'lines', v),
    fcp: row('paint', 'first contentful paint, fresh context', 'ms', v),
  };
  for (const version of v) {
    const s = jsOf(version);
    rows.js.values[version.name]!.push(s.bytes / 1000);
    rows.gz.values[version.name]!.push(s.gzip / 1000);
    rows.entry.values[version.name]!.push(s.entry / 1000);
    rows.lines.values[version.name]!.push(s.lines);
  }
  await eachRound(ctx, async (version, server, browser) => {
    // several fresh contexts per server: the first paint of a page whose files are not cached
    for (let i = 0; i < 3; i++) {
      const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
      const page = await context.newPage();
      await page.goto(server.openUrl);
      await page.getByTestId('template-gallery').waitFor({ timeout: 60_000 });
      const fcp = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN);
      rows.fcp.values[version.name]!.push(fcp);
      await context.close();
    }
  });
  return Object.values(rows);
};
