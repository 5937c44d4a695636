// --memory: JS heap after a full garbage collection on a fresh page, after each of three relu-deep
// runs (the template as it is, on a reduced MNIST subset so a run takes seconds), and after File ▸ New.
// Each run's heap is read once the page has settled: the run kept in the run history and the
// recovery copy written (both work in short tasks after "Finished" shows; the copy waits 1.5 s).
import { eachRound, heapAfterGc, loadTemplate, newProject, openPage, row, setField, trainToEnd, type Section } from './common';

/** MNIST samples per relu-deep run (the template's 10 epochs of 128-unit layers). */
export const MEMORY_MNIST_LIMIT = 3000;

/** How long after "Finished" the page is given to keep the run and write its recovery copy. */
const SETTLE_MS = 4000;

export const memory: Section = async (ctx) => {
  const v = ctx.versions;
  const rows = {
    baseline: row('memory', 'heap after GC, fresh page', 'MiB', v),
    run1: row('memory', 'heap after GC, after relu-deep run 1', 'MiB', v),
    run3: row('memory', 'heap after GC, after relu-deep run 3', 'MiB', v),
    perRun: row('memory', 'heap added per further run (runs 2–3, mean)', 'MiB', v),
    afterNew: row('memory', 'heap after GC, after New', 'MiB', v),
    newRatio: row('memory', 'after New ÷ fresh page', '×', v),
  };
  await eachRound(ctx, async (version, server, browser, round) => {
    const p = await openPage(browser, server);
    try {
      const base = await heapAfterGc(p);
      await loadTemplate(p.page, 'relu-deep');
      await setField(p.page, 'field-mnist-limit', MEMORY_MNIST_LIMIT);
      const after: number[] = [];
      for (let i = 0; i < 3; i++) {
        await trainToEnd(p.page, 600_000);
        await p.page.waitForTimeout(SETTLE_MS);
        after.push(await heapAfterGc(p));
      }
      await newProject(p.page);
      await p.page.waitForTimeout(500);
      const cleared = await heapAfterGc(p);
      const push = (r: { values: Record<string, number[]> }, x: number) => r.values[version.name]!.push(x);
      push(rows.baseline, base);
      push(rows.run1, after[0]!);
      push(rows.run3, after[2]!);
      push(rows.perRun, (after[2]! - after[0]!) / 2);
      push(rows.afterNew, cleared);
      push(rows.newRatio, cleared / base);
      ctx.log(`memory ${version.name} round ${round + 1}: ${base.toFixed(1)} → ${after.map((x) => x.toFixed(1)).join(' → ')} → New ${cleared.toFixed(1)} MiB`);
    } finally {
      await p.close();
    }
  });
  return Object.values(rows);
};
