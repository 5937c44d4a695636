// `gradscope surface`: the paths of the optimizers on a 2-D loss surface, as a table or JSON.
import * as tf from '../layers/tf';
import { surfacePaths } from '../lesson/optimizer-paths';
import { SURFACES } from '../lesson/surfaces';
import { formatFixed, formatSci } from '../contract/number-format';
import { table } from './format';
import { line, type CliIO } from './io';
import type { SurfaceCommand } from './surface-args';
import { EXIT } from './usage-error';

/** 2 parameters: the plain JS backend is the right size, and needs no wasm start-up. */
async function smallBackend(): Promise<void> {
  if (tf.getBackend() !== 'cpu') await tf.setBackend('cpu');
}

export async function runSurfaceCommand(cmd: SurfaceCommand, io: CliIO): Promise<number> {
  await smallBackend();
  const s = SURFACES[cmd.fn];
  const r = surfacePaths(cmd.fn, cmd.from, cmd.opts, cmd.steps);
  if (cmd.json) {
    line(io.stdout, JSON.stringify({ fn: r.surface, title: s.title, extent: s.extent, from: r.start, steps: r.steps, paths: r.paths }));
    return EXIT.ok;
  }
  const out = io.stdout;
  line(out, `gradscope surface — ${s.title}`);
  line(out, s.note);
  line(out, `from (${r.start.map((v) => formatFixed(v)).join(', ')}), f = ${formatFixed(s.value(...r.start))}, ${r.steps} steps`);
  line(out);
  const params = (p: (typeof r.paths)[number]) =>
    Object.entries(p.optimizer)
      .filter(([k]) => k !== 'kind')
      .map(([k, v]) => `${k}=${v}`)
      .join(',');
  line(
    out,
    table(
      ['method', 'lr', 'params', 'end x', 'end y', 'f at end', 'first step', 'last step', 'stopped'],
      r.paths.map((p) => {
        const [x, y] = p.points.at(-1)!;
        return [
          p.method,
          formatFixed(p.learningRate),
          params(p),
          formatFixed(x),
          formatFixed(y),
          formatFixed(p.loss.at(-1)!),
          formatSci(p.stepSize[0] ?? 0),
          formatSci(p.stepSize.at(-1) ?? 0),
          p.stopped ?? '',
        ];
      }),
      [0, 2, 8],
    ),
  );
  line(out, '(step: the distance moved in one update; --json gives every point, f, step size and step/‖gradient‖)');
  return EXIT.ok;
}
