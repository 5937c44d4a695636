// `npm run bench:ui -- [--drag] [--reference DIR] [--rounds N]`: UI benchmarks in Chromium (Playwright,
// browser mode), each a section chosen by its flag (all sections when none is named). With
// `--reference DIR`, every section also runs against that checkout (built) in the same run, side by side.
// Benchmarks, not tests: they print figures.
import { dragArgs, formatDrag, runDragSection } from './bench-ui/drag';

const argv = process.argv.slice(2);
const SECTIONS: Record<string, () => Promise<string>> = {
  drag: async () => {
    const { roots, rounds } = dragArgs(argv);
    return formatDrag(await runDragSection(roots, rounds));
  },
};

const chosen = Object.keys(SECTIONS).filter((name) => argv.includes(`--${name}`));
for (const name of chosen.length > 0 ? chosen : Object.keys(SECTIONS)) {
  console.log(await SECTIONS[name]!());
  console.log();
}
