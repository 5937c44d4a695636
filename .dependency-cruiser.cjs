// The layering of Gradscope, checked by `npm run lint` (and so by `npm test`):
//   npx depcruise src-main src-renderer --config .dependency-cruiser.cjs
//
// src-main is built in floors. A module imports only from its own folder and from lower floors;
// two folders on one floor do not import each other. Type-only, dynamic (`import()`) and side-effect
// (`import './x'`) imports count like any other.
//
//   6  app entries: index.ts, window.ts, menu.ts, preload/, cli/, packaging/, and trainer-worker.ts
//      (the trainer process's entry: it hands the trainer its data loader and model exporter)
//   5  server/ (browser-mode transport) · ipc/ (Electron transport)
//   4  service/ (the main-side service both transports call; also CallTarget and the CSP they share)
//   3  export/ · lesson/ (the loss-surface lab: steps the trainer's optimizers)
//   2  trainer/
//   1  analysis/ (pure) · data/ · layers/ (the custom TF.js layers, Maxout and the scaled ELU, which
//      the trainer builds models from and every loaded export needs registered)
//   0  contract/ (pure: the schema and message types)
//
// Pure modules (contract/, analysis/, data/split-counts.ts) import no Node built-in, Electron,
// Svelte, TF.js or other package except those in purePackages below, and only other pure modules. They are the only part of
// src-main the renderer (src-renderer/) may import. No module takes part in a cycle.
'use strict';

const floors = [
  { name: 'contract', rank: 0, path: '^src-main/contract/' },
  { name: 'analysis', rank: 1, path: '^src-main/analysis/' },
  { name: 'data', rank: 1, path: '^src-main/data/' },
  { name: 'layers', rank: 1, path: '^src-main/layers/' },
  { name: 'trainer', rank: 2, path: '^src-main/trainer/' },
  { name: 'export', rank: 3, path: '^src-main/export/' },
  { name: 'lesson', rank: 3, path: '^src-main/lesson/' },
  { name: 'service', rank: 4, path: '^src-main/service/' },
  { name: 'server', rank: 5, path: '^src-main/server/' },
  { name: 'ipc', rank: 5, path: '^src-main/ipc/' },
];
const entry = '^src-main/((index|window|menu)\\.ts$|preload/|cli/|packaging/|trainer-worker\\.ts$)';

const pure = ['^src-main/contract/', '^src-main/analysis/', '^src-main/data/split-counts\\.ts$'];
// packages pure modules may use (plain JS that runs in the renderer too): zod (the schema), jsonc-parser
// (where a JSON error is), d3's colour, scale and format modules (colour maps, ticks)
const purePackages = ['^node_modules/(zod|jsonc-parser|d3-color|d3-format|d3-scale|d3-scale-chromatic)/'];

/** One rule per floor: nothing at or above it, except its own folder. */
const noUpward = floors.map((floor) => ({
  name: `${floor.name}-imports-only-lower-floors`,
  comment: `${floor.name}/ is on floor ${floor.rank}: it imports only its own folder and floors below ${floor.rank} (see the top of .dependency-cruiser.cjs)`,
  severity: 'error',
  from: { path: floor.path },
  to: {
    path: [...floors.filter((f) => f.rank >= floor.rank && f !== floor).map((f) => f.path), entry],
  },
}));

module.exports = {
  forbidden: [
    ...noUpward,
    {
      name: 'no-cycles',
      comment: 'a cycle ties modules that should sit on different floors: move the shared piece down a floor',
      severity: 'error',
      from: { path: '^src-' },
      to: { circular: true },
    },
    {
      name: 'pure-modules-stay-pure',
      comment:
        'contract/, analysis/ and data/split-counts.ts run in the renderer too: no Node, Electron, Svelte, TF.js (only zod, jsonc-parser and d3 colour/scale/format), and only other pure modules',
      severity: 'error',
      from: { path: pure },
      to: { pathNot: [...pure, ...purePackages] },
    },
    {
      name: 'renderer-imports-only-pure-main-modules',
      comment: 'the renderer may import from src-main only the pure modules: contract/, analysis/, data/split-counts.ts',
      severity: 'error',
      from: { path: '^src-renderer/' },
      to: { path: '^src-main/', pathNot: pure },
    },
    {
      name: 'main-does-not-import-the-renderer',
      severity: 'error',
      from: { path: '^src-main/' },
      to: { path: '^src-renderer/' },
    },
    {
      name: 'no-unresolvable-imports',
      comment: 'an import that does not resolve would hide a dependency from these rules',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // type-only imports count: a type shared across floors is a dependency too
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.svelte', '.json', '.d.ts'],
    },
    exclude: { path: ['^out/', '\\.d\\.ts$'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
