// UI benchmark, drag section: a 300-node graph, one node dragged for 2 s in Chromium with real
// pointer events; reported: the main-thread time of each pointer move (from the event to the page
// having handled it, its effects flushed and its layout done; wall time), median and p95, the long
// tasks (> 50 ms) seen while dragging, and the main thread's CPU time (from a Chromium trace, thread
// time) over the drag per move, which a busy machine disturbs less than wall time. Not a test: a number to compare side by side with a reference tree.
//
//   npx tsx scripts/bench-ui/drag.ts [--reference DIR] [--rounds N]   (alone)
//   npm run bench:ui -- --drag [--reference DIR]                        (with the other sections)
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CDPSession, Page } from 'playwright-core';
import { startBenchApp } from './app';

export interface DragFigures {
  nodes: number;
  /** pointer moves sent during the drag */
  moves: number;
  medianMs: number;
  p95Ms: number;
  maxMs: number;
  longTasks: number;
  longestTaskMs: number;
  /** main-thread CPU time (thread time, not wall time: robust to a busy machine) of all tasks during
   * the drag, divided by the moves */
  cpuPerMoveMs: number;
  /** of which handling the event (listeners, and the microtasks after them: Svelte's flush) */
  scriptPerMoveMs: number;
  /** of which style, layout, layerize, paint and commit */
  renderPerMoveMs: number;
  /** the dragged node really moved (the figures are of a drag, not of a missed click) */
  movedPx: number;
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string };
}

async function startTrace(cdp: CDPSession): Promise<void> {
  await cdp.send('Tracing.start', { categories: 'disabled-by-default-devtools.timeline,devtools.timeline,toplevel', transferMode: 'ReturnAsStream' });
}

const RENDER_EVENTS = new Set(['UpdateLayoutTree', 'Layout', 'PrePaint', 'Paint', 'Layerize', 'Commit']);

/** Thread CPU time (ms) on the renderer main thread in the trace: all top-level tasks, event dispatch, rendering. */
async function endTrace(cdp: CDPSession): Promise<{ totalMs: number; scriptMs: number; renderMs: number }> {
  const done = new Promise<string>((resolve) => cdp.once('Tracing.tracingComplete', (e) => resolve(e.stream!)));
  await cdp.send('Tracing.end');
  const stream = await done;
  let text = '';
  for (;;) {
    const chunk = await cdp.send('IO.read', { handle: stream, size: 1 << 20 });
    text += chunk.base64Encoded ? Buffer.from(chunk.data, 'base64').toString() : chunk.data;
    if (chunk.eof) break;
  }
  await cdp.send('IO.close', { handle: stream });
  const parsed = JSON.parse(text) as { traceEvents: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(parsed) ? parsed : parsed.traceEvents;
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  if (!main) return { totalMs: NaN, scriptMs: NaN, renderMs: NaN };
  if (process.env.DRAG_TRACE_DEBUG) {
    const by = new Map<string, number>();
    for (const e of events) if (e.pid === main.pid && e.tid === main.tid && e.ph === 'X') by.set(e.name, (by.get(e.name) ?? 0) + (e.tdur ?? 0) / 1000);
    console.error(
      [...by]
        .sort((x, y) => y[1] - x[1])
        .slice(0, 25)
        .map(([k, v]) => `${v.toFixed(0)} ms ${k}`)
        .join('\n'),
    );
  }
  let total = 0;
  let script = 0;
  let render = 0;
  for (const e of events) {
    if (e.pid !== main.pid || e.tid !== main.tid || e.ph !== 'X') continue;
    if (e.name === 'RunTask') total += e.tdur ?? 0;
    else if (e.name === 'EventDispatch') script += e.tdur ?? 0;
    else if (RENDER_EVENTS.has(e.name)) render += e.tdur ?? 0;
  }
  return { totalMs: total / 1000, scriptMs: script / 1000, renderMs: render / 1000 };
}

/** A chain input → dense ×298 → output on a 20-column grid, written as a version-1 project (positions
 * inline), which the reference and the current tree both open. */
export function dragProject(nodes = 300): object {
  const ids = Array.from({ length: nodes }, (_, i) => (i === 0 ? 'input' : i === nodes - 1 ? 'output' : `d${i}`));
  const at = (i: number) => ({ x: (i % 20) * 260, y: Math.floor(i / 20) * 170 });
  return {
    format: 'gradscope-project',
    version: 1,
    name: `Drag benchmark (${nodes} nodes)`,
    graph: {
      version: 1,
      nodes: ids.map((id, i) =>
        i === 0
          ? { id, type: 'input', position: at(i) }
          : i === nodes - 1
            ? { id, type: 'output', head: 'softmax', position: at(i) }
            : { id, type: 'dense', units: 8 + (i % 5), activation: 'relu', position: at(i) },
      ),
      edges: ids.slice(1).map((id, i) => ({ id: `e${i}`, source: ids[i]!, target: id })),
    },
    training: { dataset: { kind: 'synthetic', name: 'spiral', samples: 400, noise: 0.1 }, optimizer: { kind: 'adam' }, learningRate: 0.01, epochs: 1 },
  };
}

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i]!;
}

/** Open `projectFile` (a path the server may read) in the app on `page`, drag one node for `durationMs`, return the figures. */
export async function benchDrag(page: Page, opts: { projectFile: string; nodes?: number; durationMs?: number }): Promise<DragFigures> {
  const nodes = opts.nodes ?? 300;
  const duration = opts.durationMs ?? 2000;
  await page.getByTestId('btn-open').click();
  const confirm = page.getByTestId('confirm-ok');
  if (await confirm.isVisible().catch(() => false)) await confirm.click();
  await page.getByTestId('path-input').fill(opts.projectFile);
  await page.getByTestId('path-submit').click();
  await page.getByTestId('path-dialog').waitFor({ state: 'detached', timeout: 60_000 });
  await page.waitForFunction((n) => document.querySelectorAll('.svelte-flow__node').length === n, nodes, { timeout: 60_000 });
  await page.waitForTimeout(1500); // the fit to view and the dataset check settle

  // a node in the middle of the view
  const target = await page.evaluate(() => {
    const els = [...document.querySelectorAll<HTMLElement>('.svelte-flow__node')];
    const cx = innerWidth / 2;
    const cy = innerHeight / 3;
    let best: { id: string; x: number; y: number; d: number } | null = null;
    for (const el of els) {
      const r = el.getBoundingClientRect();
      const x = r.left + r.width / 2;
      const y = r.top + Math.min(10, r.height / 2);
      const d = (x - cx) ** 2 + (y - cy) ** 2;
      if (!best || d < best.d) best = { id: el.dataset.id ?? '', x, y, d };
    }
    return best;
  });
  if (!target) throw new Error('no node on the canvas to drag');
  const before = await page.evaluate(
    (id) => document.querySelector<HTMLElement>(`.svelte-flow__node[data-id="${id}"]`)!.getBoundingClientRect().left,
    target.id,
  );

  await page.evaluate(() => {
    const w = window as unknown as { __dragBench: { times: number[]; long: number[] } };
    w.__dragBench = { times: [], long: [] };
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__dragBench.long.push(e.duration);
    }).observe({ type: 'longtask' });
    const channel = new MessageChannel();
    let t0 = 0;
    channel.port1.onmessage = () => {
      void document.body.offsetHeight; // the layout the move caused
      w.__dragBench.times.push(performance.now() - t0);
    };
    // capture on window, registered before the drag starts: runs before the drag's own listener
    window.addEventListener(
      'mousemove',
      (e) => {
        if (e.buttons === 0) return;
        t0 = performance.now();
        channel.port2.postMessage(0); // a task after the event's handlers and microtasks (Svelte's flush)
      },
      { capture: true },
    );
  });

  const cdp = await page.context().newCDPSession(page);
  await page.mouse.move(target.x, target.y);
  await startTrace(cdp);
  await page.mouse.down();
  const start = Date.now();
  let moves = 0;
  while (Date.now() - start < duration) {
    const a = (Date.now() - start) / 400;
    await page.mouse.move(target.x + 120 * Math.sin(a) + moves * 0.05, target.y + 60 * (1 - Math.cos(a)));
    moves++;
    await page.waitForTimeout(8);
  }
  await page.mouse.up();
  const cpu = await endTrace(cdp);
  await cdp.detach();
  await page.waitForTimeout(500);
  const after = await page.evaluate(
    (id) => document.querySelector<HTMLElement>(`.svelte-flow__node[data-id="${id}"]`)!.getBoundingClientRect().left,
    target.id,
  );
  const { times, long } = await page.evaluate(() => (window as unknown as { __dragBench: { times: number[]; long: number[] } }).__dragBench);
  const sorted = [...times].sort((x, y) => x - y);
  return {
    nodes,
    moves,
    medianMs: quantile(sorted, 0.5),
    p95Ms: quantile(sorted, 0.95),
    maxMs: sorted[sorted.length - 1] ?? NaN,
    longTasks: long.length,
    longestTaskMs: long.length ? Math.max(...long) : 0,
    cpuPerMoveMs: cpu.totalMs / moves,
    scriptPerMoveMs: cpu.scriptMs / moves,
    renderPerMoveMs: cpu.renderMs / moves,
    movedPx: Math.round(Math.abs(after - before)),
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)]! : NaN;
}

/** Medians over rounds of each figure. */
function combine(rounds: DragFigures[]): DragFigures {
  const pick = (k: keyof DragFigures) => median(rounds.map((r) => r[k]));
  return {
    nodes: rounds[0]!.nodes,
    moves: pick('moves'),
    medianMs: pick('medianMs'),
    p95Ms: pick('p95Ms'),
    maxMs: pick('maxMs'),
    longTasks: pick('longTasks'),
    longestTaskMs: pick('longestTaskMs'),
    cpuPerMoveMs: pick('cpuPerMoveMs'),
    scriptPerMoveMs: pick('scriptPerMoveMs'),
    renderPerMoveMs: pick('renderPerMoveMs'),
    movedPx: pick('movedPx'),
  };
}

export interface DragSection {
  label: string;
  root: string;
  figures: DragFigures;
}

/** The drag section for each checkout (a reference first, when given), rounds alternating between them. */
export async function runDragSection(roots: { label: string; root: string }[], rounds = 3): Promise<DragSection[]> {
  const scratch = await mkdtemp(join(tmpdir(), 'gradscope-bench-drag-'));
  const file = join(scratch, 'drag-300.gradscope.json');
  await writeFile(file, JSON.stringify(dragProject(300), null, 1));
  const apps = [];
  try {
    for (const r of roots) apps.push({ ...r, app: await startBenchApp(r.root, { folders: [scratch] }), results: [] as DragFigures[] });
    for (let i = 0; i < rounds; i++) {
      for (const a of apps) {
        await a.app.page.goto(a.app.url);
        a.results.push(await benchDrag(a.app.page, { projectFile: file }));
      }
    }
    return apps.map((a) => ({ label: a.label, root: a.root, figures: combine(a.results) }));
  } finally {
    for (const a of apps) await a.app.stop();
    await rm(scratch, { recursive: true, force: true });
  }
}

export function formatDrag(sections: DragSection[]): string {
  const f = (v: number) => (Number.isFinite(v) ? v.toFixed(1) : '–');
  const rows = sections.map(
    (s) =>
      `| ${s.label} | ${s.figures.nodes} | ${s.figures.moves} | ${f(s.figures.medianMs)} | ${f(s.figures.p95Ms)} | ${f(s.figures.maxMs)} | ${s.figures.longTasks} | ${f(s.figures.longestTaskMs)} | ${f(s.figures.cpuPerMoveMs)} | ${f(s.figures.scriptPerMoveMs)} | ${f(s.figures.renderPerMoveMs)} | ${s.figures.movedPx} |`,
  );
  return [
    'Drag: one node of a 300-node graph dragged for 2 s. Per pointer move, ms: wall time from the event to handled and laid out (median, p95, max); main-thread CPU time (trace thread time) over the drag per move, and its event-handling and rendering parts. Medians over rounds.',
    '| tree | nodes | moves | median | p95 | max | long tasks | longest task | CPU per move | of which event handling | of which rendering | node moved px |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

/** `--reference DIR` (a built checkout to compare with) and `--rounds N` from a command line. */
export function dragArgs(argv: readonly string[]): { roots: { label: string; root: string }[]; rounds: number } {
  const here = resolve(import.meta.dirname, '..', '..');
  const ref = argv.indexOf('--reference');
  const roundsAt = argv.indexOf('--rounds');
  const roots = [];
  if (ref >= 0 && argv[ref + 1]) roots.push({ label: `reference (${argv[ref + 1]})`, root: resolve(argv[ref + 1]!) });
  roots.push({ label: 'this tree', root: here });
  return { roots, rounds: roundsAt >= 0 ? Math.max(1, Number(argv[roundsAt + 1]) || 3) : 3 };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { roots, rounds } = dragArgs(process.argv.slice(2));
  console.log(formatDrag(await runDragSection(roots, rounds)));
}
