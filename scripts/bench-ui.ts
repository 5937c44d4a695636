// `npm run bench:ui`: how the renderer holds up, measured in Chromium (browser mode) from outside
// the page. A benchmark, not a test: it prints a table, and with a reference build side by side
// with this one, measured in the same run, alternating, medians over the rounds.
//
//   npm run bench:ui                              every section, this checkout only
//   npm run bench:ui -- --before /path/to/checkout  the same, with that (built) checkout as "before"
//   npm run bench:ui -- --after /path/to/checkout   measure that checkout as "after" instead of this one
//   npm run bench:ui -- --streaming --memory      only these sections (also --paint, --open, --drag)
//   npm run bench:ui -- --rounds 3                rounds per section (default 3; streaming and memory 1 unless given)
//   npm run bench:ui -- --streaming --epochs 4000 a longer spiral run (a 1000-epoch run takes ~13 s on the
//                                                 native backend, so its first and last 10 s overlap)
//   npm run bench:ui -- --json                    the rows as one JSON line at the end
//
// Sections live in scripts/bench-ui/*.ts, each a function from the versions to rows; add one to
// SECTIONS with the flag that selects it. Each version needs out/renderer built (npx electron-vite build).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { median, type Row, type Section, type Version } from './bench-ui/common';
import { streaming } from './bench-ui/streaming';
import { memory } from './bench-ui/memory';
import { paint } from './bench-ui/paint';
import { openProject } from './bench-ui/open-project';
import { runDragSection } from './bench-ui/drag';

/** The drag benchmark (scripts/bench-ui/drag.ts, also runnable alone) as rows: medians over its rounds. */
const drag: Section = async ({ versions, rounds }) => {
  const sections = await runDragSection(
    versions.map((v) => ({ label: v.name, root: v.root })),
    rounds,
  );
  const metrics: [string, string, (f: (typeof sections)[number]['figures']) => number][] = [
    ['time per pointer move, median', 'ms', (f) => f.medianMs],
    ['time per pointer move, p95', 'ms', (f) => f.p95Ms],
    ['main-thread CPU per move', 'ms', (f) => f.cpuPerMoveMs],
    ['of which event handling', 'ms', (f) => f.scriptPerMoveMs],
    ['of which rendering', 'ms', (f) => f.renderPerMoveMs],
    ['long tasks during the drag', 'count', (f) => f.longTasks],
    ['longest task', 'ms', (f) => f.longestTaskMs],
  ];
  return metrics.map(([metric, unit, pick]) => ({
    section: 'drag',
    metric,
    unit,
    values: Object.fromEntries(sections.map((s) => [s.label, [pick(s.figures)]])),
  }));
};

/** flag → section, in the order they run; `slow` sections default to one round */
const SECTIONS: Record<string, { run: Section; slow: boolean; about: string }> = {
  paint: { run: paint, slow: false, about: 'renderer JS size and first paint' },
  open: { run: openProject, slow: false, about: 'opening a 300-node project' },
  streaming: { run: streaming, slow: true, about: 'a 1000-epoch spiral run (--epochs N for another length)' },
  memory: { run: memory, slow: true, about: 'heap after 3 relu-deep runs and after New' },
  drag: { run: drag, slow: false, about: 'dragging one node of a 300-node graph for 2 s (medians over the rounds)' },
};

const { values } = parseArgs({
  options: {
    before: { type: 'string' },
    after: { type: 'string' },
    rounds: { type: 'string' },
    epochs: { type: 'string' },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
    ...Object.fromEntries(Object.keys(SECTIONS).map((k) => [k, { type: 'boolean' as const, default: false }])),
  },
});
if (values.help) {
  console.log(
    `npm run bench:ui -- [--before DIR] [--after DIR] [--rounds N] [--epochs N] [--json] [${Object.keys(SECTIONS)
      .map((k) => `--${k}`)
      .join(' ')}]`,
  );
  for (const [k, s] of Object.entries(SECTIONS)) console.log(`  --${k.padEnd(10)} ${s.about}`);
  process.exit(0);
}
const flags = values as Record<string, unknown>;
const chosen = Object.keys(SECTIONS).filter((k) => flags[k] === true);
const sections = chosen.length > 0 ? chosen : Object.keys(SECTIONS);
const rounds = values.rounds === undefined ? null : Number(values.rounds);
if (rounds !== null && !(Number.isInteger(rounds) && rounds >= 1)) {
  console.error(`--rounds must be a whole number of at least 1, got "${values.rounds}"`);
  process.exit(2);
}

const epochs = values.epochs === undefined ? 1000 : Number(values.epochs);
if (!(Number.isInteger(epochs) && epochs >= 1)) {
  console.error(`--epochs must be a whole number of at least 1, got "${values.epochs}"`);
  process.exit(2);
}

const here = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const versions: Version[] = [
  ...(values.before ? [{ name: 'before', root: resolve(values.before) }] : []),
  { name: values.before ? 'after' : 'this', root: values.after ? resolve(values.after) : here },
];

const scratch = await mkdtemp(join(tmpdir(), 'gradscope-bench-ui-'));
const rows: Row[] = [];
try {
  for (const name of sections) {
    const s = SECTIONS[name]!;
    const n = rounds ?? (s.slow ? 1 : 3);
    console.error(`— ${name}: ${s.about} (${n} round${n === 1 ? '' : 's'} × ${versions.map((v) => v.name).join(', ')})`);
    rows.push(...(await s.run({ versions, rounds: n, scratch, epochs, log: (l) => console.error(`  ${l}`) })));
  }
} finally {
  await rm(scratch, { recursive: true, force: true });
}

const fmt = (x: number): string => (Number.isNaN(x) ? '–' : Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 10 ? x.toFixed(1) : x.toFixed(2));
const header = ['section', 'metric', 'unit', ...versions.map((v) => `${v.name} (median)`), ...versions.map((v) => `${v.name} (all)`)];
const lines = rows.map((r) => [
  r.section,
  r.metric,
  r.unit,
  ...versions.map((v) => fmt(median(r.values[v.name] ?? []))),
  ...versions.map((v) => (r.values[v.name] ?? []).map(fmt).join(' ')),
]);
const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
const print = (cells: string[]) => console.log(`| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`);
print(header);
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const l of lines) print(l);
if (values.json) console.log(JSON.stringify(rows));
