// --streaming: a 1000-epoch spiral run (the spiral template, ~33k steps) watched from outside the
// page: frames per second and main-thread script time per second over the first 10 s after the
// first steps show and the last 10 s of the run, and the long tasks while it streams.
import { eachRound, longTasks, loadTemplate, openPage, row, sample, setField, type Sample, type Section } from './common';

const WINDOW_MS = 10_000;

function rate(samples: Sample[], from: number, to: number): { fps: number; scriptMsPerS: number } {
  const inside = samples.filter((s) => s.t >= from && s.t <= to);
  const a = inside[0];
  const b = inside.at(-1);
  if (!a || !b || b.t <= a.t) return { fps: NaN, scriptMsPerS: NaN };
  const secs = (b.t - a.t) / 1000;
  return { fps: (b.frames - a.frames) / secs, scriptMsPerS: ((b.script - a.script) * 1000) / secs };
}

export const streaming: Section = async (ctx) => {
  const v = ctx.versions;
  const rows = {
    fpsFirst: row('streaming', 'frames per second, first 10 s', 'fps', v),
    fpsLast: row('streaming', 'frames per second, last 10 s', 'fps', v),
    scriptFirst: row('streaming', 'script time per second, first 10 s', 'ms/s', v),
    scriptLast: row('streaming', 'script time per second, last 10 s', 'ms/s', v),
    ratio: row('streaming', 'script time per second, last ÷ first', '×', v),
    longest: row('streaming', 'longest task while streaming', 'ms', v),
    over50: row('streaming', 'long tasks over 50 ms while streaming', 'count', v),
    duration: row('streaming', 'run duration', 's', v),
  };
  await eachRound(ctx, async (version, server, browser, round) => {
    const p = await openPage(browser, server);
    try {
      await loadTemplate(p.page, 'spiral');
      await setField(p.page, 'field-epochs', 1000);
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
