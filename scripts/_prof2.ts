import { startServer, launch, openPage, loadTemplate, setField, heapAfterGc, trainToEnd, newProject } from './bench-ui/common';
const root = process.argv[2]!;
const mode = process.argv[3] ?? 'stream';
const server = await startServer({ name: 'x', root }, ['/tmp/scale-prof']);
const browser = await launch();
const p = await openPage(browser, server);
function report(profile: any, print = true): Map<string, number> {
  const byId = new Map<number, any>(profile.nodes.map((n: any) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const dt = profile.timeDeltas ?? [];
  const self = new Map<string, number>(); const incl = new Map<string, number>();
  const key = (n: any) => `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`;
  (profile.samples ?? []).forEach((id: number, i: number) => {
    const d = (dt[i] ?? 0) / 1000;
    self.set(key(byId.get(id)), (self.get(key(byId.get(id))) ?? 0) + d);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) { const k = key(byId.get(cur)); if (!seen.has(k)) { seen.add(k); incl.set(k, (incl.get(k) ?? 0) + d); } }
  });
  if (!print) return incl;
  console.log('SELF'); for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(v.toFixed(0).padStart(6), k);
  console.log('INCL'); for (const [k, v] of [...incl].sort((a, b) => b[1] - a[1]).slice(0, 70)) console.log(v.toFixed(0).padStart(6), k);
  return incl;
}
if (mode === 'stream') {
  await loadTemplate(p.page, 'spiral');
  await setField(p.page, 'field-epochs', 1000);
  await p.page.getByTestId('btn-train').click();
  await p.cdp.send('Profiler.enable');
  await p.cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  await p.page.waitForTimeout(3000);
  await p.cdp.send('Profiler.start');
  await p.page.waitForTimeout(10000);
  const early = (await p.cdp.send('Profiler.stop')).profile;
  await p.page.waitForTimeout(17000);
  await p.cdp.send('Profiler.start');
  await p.page.waitForTimeout(10000);
  const late = (await p.cdp.send('Profiler.stop')).profile;
  const a = report(early, false); const b = report(late, false);
  const keys = [...new Set([...a.keys(), ...b.keys()])].sort((x, y) => ((b.get(y) ?? 0) - (a.get(y) ?? 0)) - ((b.get(x) ?? 0) - (a.get(x) ?? 0)));
  for (const k of keys.slice(0, 45)) console.log((a.get(k) ?? 0).toFixed(0).padStart(6), (b.get(k) ?? 0).toFixed(0).padStart(6), k);
} else {
  const base = await heapAfterGc(p);
  await loadTemplate(p.page, 'relu-deep');
  await setField(p.page, 'field-mnist-limit', 1000);
  await setField(p.page, 'field-epochs', 3);
  await trainToEnd(p.page, 600000);
  await trainToEnd(p.page, 600000);
  await newProject(p.page);
  await p.page.waitForTimeout(500);
  const after = await heapAfterGc(p);
  console.log('heap', base, after);
  const chunks: string[] = [];
  p.cdp.on('HeapProfiler.addHeapSnapshotChunk', (e: any) => chunks.push(e.chunk));
  await p.cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  const { writeFile } = await import('node:fs/promises');
  await writeFile('/tmp/scale-prof/after-new.heapsnapshot', chunks.join(''));
}
await browser.close(); await server.stop();
