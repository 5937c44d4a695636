// `gradscope presets`: the built-in example projects.
import { listPresets } from '../export/presets';
import { line, type CliIO } from './io';
import { table } from './format';
import { EXIT } from './usage-error';

export function runPresetsCommand(json: boolean, io: CliIO): number {
  const presets = listPresets();
  if (json) line(io.stdout, JSON.stringify(presets));
  else
    line(
      io.stdout,
      table(
        ['preset', 'title'],
        presets.map((p) => [p.name, p.title]),
        [0, 1],
      ),
    );
  return EXIT.ok;
}
