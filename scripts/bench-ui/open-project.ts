// --open: opening a 300-node project (a chain of 298 dense layers, laid out in a grid) through
// File ▸ Open: the time from submitting the path to all nodes on the canvas, and the longest task
// in that time and the 2 s after it (the view is fitted once the nodes are measured).
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { eachRound, longTasks, openPage, row, type Section } from './common';

export const OPEN_NODES = 300;

export function bigProject(n: number): object {
  const ids = Array.from({ length: n }, (_, i) => (i === 0 ? 'input' : i === n - 1 ? 'output' : `d${i}`));
  const nodes = ids.map((id, i) => {
    const position = { x: (i % 20) * 260, y: Math.floor(i / 20) * 120 };
    if (i === 0) return { id, type: 'input', name: 'input', position };
    if (i === n - 1) return { id, type: 'output', name: 'output', head: 'softmax', useBias: true, position };
    return { id, type: 'dense', name: `dense ${i}`, units: 8, activation: 'relu', useBias: true, position };
  });
  const edges = ids.slice(1).map((id, i) => ({ id: `${ids[i]}-${id}`, source: ids[i]!, target: id }));
  return {
    format: 'gradscope-project',
    version: 1,
    name: `${n} nodes`,
    graph: { version: 1, nodes, edges },
    training: {
      batchSize: 32,
      epochs: 1,
      validationSplit: 0.1,
      testSplit: 0.2,
      earlyStopping: { enabled: false, monitor: 'val_loss', patience: 3, restoreBest: true },
      seed: 1,
      dataset: { kind: 'synthetic', name: 'spiral', samples: 300, noise: 0.1, classes: 3 },
      optimizer: { kind: 'adam', beta1: 0.9, beta2: 0.999 },
      learningRate: 0.01,
    },
    runs: [],
  };
}

export const openProject: Section = async (ctx) => {
  const v = ctx.versions;
  const file = join(ctx.scratch, `open-${OPEN_NODES}.gradscope.json`);
  await writeFile(file, JSON.stringify(bigProject(OPEN_NODES)));
  const rows = {
    visible: row('open', `${OPEN_NODES}-node project: submit → all nodes on the canvas`, 'ms', v),
    longest: row('open', `${OPEN_NODES}-node project: longest task while opening`, 'ms', v),
  };
  await eachRound(ctx, async (version, server, browser) => {
    for (let i = 0; i < 2; i++) {
      const p = await openPage(browser, server);
      try {
        await p.page.getByTestId('btn-open').click();
        await p.page.getByTestId('path-input').fill(file);
        const t0 = await p.page.evaluate(() => performance.now());
        await p.page.getByTestId('path-submit').click();
        await p.page.waitForFunction((n) => document.querySelectorAll('.svelte-flow__node').length >= n, OPEN_NODES, { timeout: 60_000, polling: 16 });
        const t1 = await p.page.evaluate(() => performance.now());
        await p.page.waitForTimeout(2000);
        const tasks = (await longTasks(p)).filter((t) => t.start + t.duration >= t0);
        rows.visible.values[version.name]!.push(t1 - t0);
        rows.longest.values[version.name]!.push(tasks.reduce((m, t) => Math.max(m, t.duration), 0));
      } finally {
        await p.close();
      }
    }
  });
  return Object.values(rows);
};
