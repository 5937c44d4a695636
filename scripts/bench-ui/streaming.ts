// --streaming: a 1000-epoch spiral run (the spiral template, ~33k steps; --epochs for another length) watched from outside the
// page: frames per second, main-thread script time and CPU time per second over the first 10 s after
// the first steps show and the last 10 s of the run, the CPU per 1000 steps shown in each (which a
// busy machine slowing the run does not skew), and the long tasks while it streams.
import { eachRound, longTasks, loadTemplate, openPage, row, sample, setField, type Sample, type Section } from './common';

const WINDOW_MS = 10_000;

interface Rates {
  fps: number;
  scriptMsPerS: number;
  cpuMsPerS: number;
  /** main-thread CPU per 1000 training steps shown: what the views cost per unit of run, whatever the run's pace */
  cpuMsPer1kSteps: number;
}

function rate(samples: Sample[], from: number, to: number): Rates {
  const inside = samples.filter((s) => s.t >= from && s.t <= to);
  const a = inside[0];
  const b = inside.at(-1);
  if (!a || !b || b.t <= a.t) return { fps: NaN, scriptMsPerS: NaN, cpuMsPerS: NaN, cpuMsPer1kSteps: NaN };
  const secs = (b.t - a.t) / 1000;
  const steps = b.steps - a.steps;
  return {
    fps: (b.frames - a.frames) / secs,
    scriptMsPerS: ((b.script - a.script) * 1000) / secs,
    cpuMsPerS: ((b.cpu - a.cpu) * 1000) / secs,
    cpuMsPer1kSteps: steps > 0 ? ((b.cpu - a.cpu) * 1000 * 1000) / steps : NaN,
  };
}

export const streaming: Section = async (ctx) => {
  const v = ctx.versions;
  const rows = {
    fpsFirst: row('streaming', 'frames per second, first 10 s', 'fps', v),
    fpsLast: row('streaming', 'frames per second, last 10 s', 'fps', v),
    scriptFirst: row('streaming', 'script time per second, first 10 s', 'ms/s', v),
    scriptLast: row('streaming', 'script time per second, last 10 s', 'ms/s', v),
    ratio: row('streaming', 'script time per second, last ÷ first', '×', v),
    cpuFirst: row('streaming', 'main-thread CPU per second, first 10 s', 'ms/s', v),
    cpuLast: row('streaming', 'main-thread CPU per second, last 10 s', 'ms/s', v),
    perStepFirst: row('streaming', 'main-thread CPU per 1000 steps, first 10 s', 'ms', v),
    perStepLast: row('streaming', 'main-thread CPU per 1000 steps, last 10 s', 'ms', v),
    perStepRatio: row('streaming', 'main-thread CPU per 1000 steps, last ÷ first', '×', v),
    longest: row('streaming', 'longest task while streaming', 'ms', v),
    over50: row('streaming', 'long tasks over 50 ms while streaming', 'count', v),
    duration: row('streaming', `run duration (${ctx.epochs} epochs)`, 's', v),
  };
  await eachRound(ctx, async (version, server, browser, round) => {
    const p = await openPage(browser, server);
    try {
      await loadTemplate(p.page, 'spiral');
      await setField(p.page, 'field-epochs', ctx.epochs);
      const status = p.page.getByTestId('session-status');
      await p.page.getByTestId('btn-train').click();
      await p.page.locator('[data-testid="session-status"].s-running').waitFor({ timeout: 60_000 });
      // the run's first 10 s start with its first steps on screen (not with the trainer compiling the model)
      await p.page.waitForFunction(() => /^\s*[1-9]/.test(document.querySelector('[data-testid="views-summary"]')?.textContent ?? ''), undefined, {
        timeout: 120_000,
        polling: 50,
      });
      const samples: Sample[] = [await sample(p)];
      const start = samples[0]!.t;
      for (;;) {
        await p.page.waitForTimeout(500);
        samples.push(await sample(p));
        if ((await status.getAttribute('class'))?.match(/\bs-(finished|error)\b/)) break;
        if (samples.length > 2 * 60 * 20) throw new Error('the 1000-epoch run did not finish in 20 minutes');
      }
      const end = samples.at(-1)!.t;
      const first = rate(samples, start, start + WINDOW_MS);
      const last = rate(samples, end - WINDOW_MS, end);
      const tasks = (await longTasks(p)).filter((t) => t.start >= start && t.start <= end);
      const push = (r: { values: Record<string, number[]> }, x: number) => r.values[version.name]!.push(x);
      push(rows.fpsFirst, first.fps);
      push(rows.fpsLast, last.fps);
      push(rows.scriptFirst, first.scriptMsPerS);
      push(rows.scriptLast, last.scriptMsPerS);
      push(rows.ratio, last.scriptMsPerS / first.scriptMsPerS);
      push(rows.cpuFirst, first.cpuMsPerS);
      push(rows.cpuLast, last.cpuMsPerS);
      push(rows.perStepFirst, first.cpuMsPer1kSteps);
      push(rows.perStepLast, last.cpuMsPer1kSteps);
      push(rows.perStepRatio, last.cpuMsPer1kSteps / first.cpuMsPer1kSteps);
      push(
        rows.longest,
        tasks.reduce((m, t) => Math.max(m, t.duration), 0),
      );
      push(rows.over50, tasks.filter((t) => t.duration > 50).length);
      push(rows.duration, (end - start) / 1000);
      ctx.log(
        `streaming ${version.name} round ${round + 1}: ${((end - start) / 1000).toFixed(0)} s, script ${first.scriptMsPerS.toFixed(0)} → ${last.scriptMsPerS.toFixed(0)} ms/s, ${first.fps.toFixed(0)} → ${last.fps.toFixed(0)} fps`,
      );
      ctx.log(
        `  long tasks (s into the run: ms): ${tasks.map((t) => `${((t.start - start) / 1000).toFixed(1)}: ${t.duration.toFixed(0)}`).join(', ') || 'none'}`,
      );
    } finally {
      await p.close();
    }
  });
  return Object.values(rows);
};
