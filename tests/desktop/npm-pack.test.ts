// `npm pack` makes a package that works on its own: installed into an empty folder (no checkout, no
// dev tools), `npx gradscope` runs the built CLI, builds the native kernels at install (the folder
// allows gradscope's install script, as a user approving it would) and trains. Packs the out/ the
// build stage made (--ignore-scripts: the same build `prepack` would redo).
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staleness } from '../../scripts/tools.mjs';
import { requireBuild, root } from './built';

const run = promisify(execFile);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const scratch = mkdtempSync(join(tmpdir(), 'gradscope-npm-pack-'));
const app = join(scratch, 'app');
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Event {
  type: string;
  backend?: string;
  trainLoss?: number;
  test?: { loss: number; acc: number };
}

async function gradscope(cwd: string, args: string[], binary: string[]): Promise<{ stdout: string; stderr: string }> {
  return run(binary[0]!, [...binary.slice(1), ...args], { cwd, timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });
}

const events = (stdout: string): Event[] =>
  stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Event);

let packed = '';

beforeAll(async () => {
  requireBuild();
  expect(staleness(['main', 'preload', 'renderer'])).toBeNull(); // the tarball holds the current build
  const { stdout } = await run(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', scratch], { cwd: root, timeout: 60_000 });
  const [info] = JSON.parse(stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
  packed = join(scratch, info!.filename);
  const files = info!.files.map((f) => f.path);
  // what it needs, and nothing of the checkout's development
  expect(files).toEqual(
    expect.arrayContaining([
      'bin/gradscope.js',
      'out/main/cli.js',
      'out/main/server.js',
      'out/main/trainer-worker.js',
      'out/renderer/index.html',
      'native/src/gradscope_native.c',
      'native/binding.gyp',
      'resources/presets/spiral.json',
    ]),
  );
  expect(files.filter((f) => /^(src-main|src-renderer|tests|node_modules|scripts\/(?!tools\.mjs|build-inputs\.mjs))|^native\/build\//.test(f))).toEqual([]);

  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'try-gradscope', private: true, allowScripts: { gradscope: true } }));
  await run(npm, ['install', packed, '--prefer-offline', '--no-audit', '--no-fund'], { cwd: app, timeout: 150_000 });
}, 240_000);

describe('the npm pack tarball, installed into an empty folder', () => {
  it('installs the runtime only: no TypeScript runner, bundler or umbrella tfjs', () => {
    const modules = join(app, 'node_modules');
    for (const dev of ['tsx', 'electron-vite', 'vite', 'electron', 'typescript', 'esbuild']) expect(existsSync(join(modules, dev)), dev).toBe(false);
    expect(readdirSync(join(modules, '@tensorflow')).sort()).toEqual(['tfjs-backend-cpu', 'tfjs-backend-wasm', 'tfjs-core', 'tfjs-layers']);
    expect(existsSync(join(modules, 'gradscope', 'native', 'build', 'Release', 'gradscope_native.node'))).toBe(true);
  });

  it('npx gradscope --help prints the usage', async () => {
    const { stdout } = await gradscope(app, ['gradscope', '--help'], ['npx', '--no-install']);
    expect(stdout).toMatch(/^gradscope — train, probe and predict/);
    expect(stdout).toContain('train <project.json | --preset NAME>');
  });

  it('trains a 2-D preset with the native kernels, exports it, and matches the checkout’s own CLI', async () => {
    const args = ['train', '--preset', 'spiral', '--epochs', '2', '--seed', '7', '--json'];
    const installed = events((await gradscope(app, ['gradscope', ...args, '--out', 'model'], ['npx', '--no-install'])).stdout);
    const started = installed.find((e) => e.type === 'started');
    expect(started?.backend).toMatch(/native kernels/);
    const finished = installed.find((e) => e.type === 'finished');
    expect(finished?.test?.acc).toBeGreaterThan(0.4); // 3 classes: chance is 1/3
    expect(Number.isFinite(finished?.test?.loss)).toBe(true);
    expect(readdirSync(join(app, 'model')).sort()).toEqual(['model.json', 'weights.bin']);

    const checkout = events(
      (await gradscope(scratch, [...args, '--out', join(scratch, 'model-checkout')], [process.execPath, join(root, 'bin', 'gradscope.js')])).stdout,
    );
    const lossesOf = (es: Event[]) => es.filter((e) => e.type === 'epoch').map((e) => e.trainLoss!);
    expect(lossesOf(installed)).toHaveLength(2);
    lossesOf(installed).forEach((l, i) => expect(l).toBeCloseTo(lossesOf(checkout)[i]!, 3));
  });

  it('without its build, says in one line what to do instead of a stack trace', async () => {
    const main = join(app, 'node_modules', 'gradscope', 'out', 'main');
    renameSync(main, `${main}-away`);
    try {
      const failed = await gradscope(app, ['gradscope', '--help'], ['npx', '--no-install']).then(
        () => null,
        (e: { code: number; stderr: string }) => e,
      );
      expect(failed?.code).toBe(2);
      expect(failed?.stderr.trim().split('\n')).toEqual([
        `gradscope: out/main is missing and the build tools are not installed in ${join(app, 'node_modules', 'gradscope')}: reinstall the gradscope package, or in a checkout run npm install && npm run build`,
      ]);
    } finally {
      renameSync(`${main}-away`, main);
    }
  });
});

describe('bin/gradscope.js in the checkout', () => {
  it('rebuilds first when a source of the CLI changed since the build, saying so in one line', async () => {
    const source = join(root, 'src-main', 'cli', 'help.ts');
    const now = new Date();
    utimesSync(source, now, now); // the build was written before this

    expect(staleness(['main'])).toBe('src-main/cli/help.ts changed since the last build');
    const { stdout, stderr } = await gradscope(root, ['--help'], [process.execPath, join(root, 'bin', 'gradscope.js')]);
    expect(stderr.trim().split('\n')).toEqual(['gradscope: building the app first (src-main/cli/help.ts changed since the last build)…']);
    expect(stdout).toMatch(/^gradscope — train, probe and predict/);
    expect(staleness(['main', 'preload', 'renderer'])).toBeNull();
  });
});
