// Every JavaScript file electron-vite wrote under out/ parses as Node parses it, and every entry
// loads: the main-process chunks, the trainer worker (in a worker thread, answering a command) and
// the sandboxed preload (main-process.test.ts loads out/main/index.js itself).
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { runInNewContext } from 'node:vm';
import { Worker } from 'node:worker_threads';
import { beforeAll, describe, expect, it } from 'vitest';
import { CHANNEL_CALL, CHANNEL_EVENT } from '../../src-main/contract/channels';
import { FUSES } from '../../src-main/packaging/fuses';
import { fileUrl, out, preloadEntry, requireBuild, root, trainerEntry } from './built';

const run = promisify(execFile);

function jsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return jsFiles(p);
    return /\.(c|m)?js$/.test(e.name) ? [p] : [];
  });
}

beforeAll(() => requireBuild());

describe('the build output', () => {
  it('every .js/.cjs/.mjs file under out/ passes node --check', async () => {
    const files = jsFiles(out);
    expect(files.map((f) => relative(out, f))).toEqual(
      expect.arrayContaining([
        'main/index.js',
        'main/trainer-worker.js',
        'main/cli.js',
        'main/server.js',
        'preload/index.cjs',
        expect.stringMatching(/^renderer\/assets\/.*\.js$/),
      ]),
    );
    const failures: string[] = [];
    for (const f of files) {
      await run(process.execPath, ['--check', f]).catch((e: { stderr?: string }) => failures.push(`${relative(out, f)}: ${e.stderr ?? String(e)}`));
    }
    expect(failures).toEqual([]);
  });

  it('the renderer is minified, and chart.js and the heatmaps are chunks of their own, loaded when first shown', () => {
    const dir = join(out, 'renderer', 'assets');
    const js = readdirSync(dir).filter((f) => f.endsWith('.js'));
    const entry = js.filter((f) => f.startsWith('index-'));
    expect(entry).toHaveLength(1);
    const code = readFileSync(join(dir, entry[0]!), 'utf8');
    // minified: long lines, no indentation left (an unminified bundle has tens of thousands of lines)
    expect(code.split('\n').length).toBeLessThan(200);
    expect(code).not.toMatch(/\n {4}\S/);
    // the views load lazily: the entry refers to their chunks instead of holding them
    for (const view of ['CurvesChart', 'GradientsView', 'WeightsView']) expect(js.some((f) => f.startsWith(`${view}-`))).toBe(true);
    expect(code).not.toContain('"logarithmic"'); // chart.js's log scale id
  });

  it('every shared chunk of the main process imports under Node', async () => {
    // In a worker thread each: a chunk may import an entry for its side effects (the tfjs-layers
    // chunk imports trainer-worker.js, as it runs in the trainer process).
    const chunks = jsFiles(join(out, 'main', 'chunks'));
    expect(chunks.length).toBeGreaterThan(0);
    const failures: string[] = [];
    for (const c of chunks) {
      const worker = new Worker(
        `import(${JSON.stringify(fileUrl(c))}).then(() => require('node:worker_threads').parentPort.postMessage('loaded'), (e) => require('node:worker_threads').parentPort.postMessage(String(e && e.stack || e)))`,
        { eval: true },
      );
      const said = await new Promise<unknown>((resolve) => {
        worker.once('message', resolve);
        worker.once('error', (e) => resolve(String(e)));
      });
      await worker.terminate();
      if (said !== 'loaded') failures.push(`${relative(out, c)}: ${String(said)}`);
    }
    expect(failures).toEqual([]);
  });

  it('each target lists the files it was built from, the renderer the src-main modules it imports among them', () => {
    const list = (t: string) => (JSON.parse(readFileSync(join(out, t, 'build-inputs.json'), 'utf8')) as { files: string[] }).files;
    const renderer = list('renderer');
    for (const dir of ['src-renderer/', 'src-main/contract/', 'src-main/analysis/', 'src-main/data/'])
      expect(
        renderer.some((f) => f.startsWith(dir)),
        dir,
      ).toBe(true);
    expect(renderer).toEqual(expect.arrayContaining(['src-renderer/index.html', 'src-renderer/App.svelte', 'package.json', 'electron.vite.config.ts']));
    expect(list('main')).toEqual(
      expect.arrayContaining(['src-main/index.ts', 'src-main/cli/main.ts', 'src-main/server/main.ts', 'src-main/trainer-worker.ts']),
    );
    expect(list('preload')).toContain('src-main/preload/index.ts');
    for (const t of ['main', 'preload', 'renderer']) expect(list(t).filter((f) => f.includes('node_modules'))).toEqual([]);
  });

  it('the main process, CLI, server and trainer import only Node, electron and runtime dependencies (no dev tool)', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
    const runtime = new Set(['electron', ...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.optionalDependencies ?? {})]);
    const code = jsFiles(join(out, 'main'))
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    const statement = /^(?:import|export)\s[^;]*?\sfrom\s*"([^"]+)"|^import\s*"([^"]+)"|\bimport\("([^"]+)"\)|[rR]equire(?:\.resolve)?\("([^"]+)"\)/gm;
    const specifiers = [...code.matchAll(statement)].map((m) => m[1] ?? m[2] ?? m[3] ?? m[4]!).filter((s) => !s.startsWith('.'));
    const packages = new Set(
      specifiers.filter((s) => !s.startsWith('node:')).map((s) => (s.startsWith('@') ? s.split('/').slice(0, 2).join('/') : s.split('/')[0]!)),
    );
    expect(packages).toContain('@tensorflow/tfjs-core');
    expect([...packages].filter((p) => !runtime.has(p))).toEqual([]);
    expect(packages.has('tsx')).toBe(false);
  });

  it('fits the fuses a packaged build flips (src-main/packaging/fuses.ts)', () => {
    const mainCode = jsFiles(join(out, 'main'))
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    expect(FUSES.runAsNode).toBe(false);
    expect(mainCode).not.toMatch(/ELECTRON_RUN_AS_NODE|node:child_process|["']child_process["']/);
    expect(mainCode).toMatch(/utilityProcess\.fork\(/);
    expect(FUSES.grantFileProtocolExtraPrivileges).toBe(false);
    expect(mainCode).not.toMatch(/\.loadFile\(|file:\/\//);
    expect(FUSES.enableNodeOptionsEnvironmentVariable).toBe(false);
    expect(mainCode).not.toMatch(/NODE_OPTIONS/);
  });

  it('the trainer worker entry loads in a worker thread and answers a command', async () => {
    const worker = new Worker(new URL(fileUrl(trainerEntry)));
    try {
      const reply = await new Promise<unknown>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
        worker.once('exit', (code) => reject(new Error(`the trainer worker exited (code ${code}) before answering`)));
        worker.postMessage({ id: 7, method: 'export', params: { runId: 'run-none', dir: '/nonexistent' } });
      });
      expect(reply).toEqual({ kind: 'result', id: 7, result: { ok: false, error: expect.stringContaining('run-none') } });
    } finally {
      await worker.terminate();
    }
  });
});

/** Loads out/preload/index.cjs as Electron's sandboxed preload runs: a fresh context whose require
 * knows only electron, events, timers and url. Returns what it exposed and what it asked of IPC. */
function loadPreload() {
  const exposed = new Map<string, unknown>();
  const invoked: unknown[][] = [];
  const listeners = new Map<string, Set<(...a: unknown[]) => void>>();
  const required: string[] = [];
  const ipcRenderer = {
    invoke: (...args: unknown[]) => {
      invoked.push(args);
      return Promise.resolve({ ok: true, value: 'answer' });
    },
    on: (channel: string, l: (...a: unknown[]) => void) => {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)!.add(l);
    },
    removeListener: (channel: string, l: (...a: unknown[]) => void) => listeners.get(channel)?.delete(l),
    send: () => {
      throw new Error('the preload must not use ipcRenderer.send');
    },
  };
  const electron = { contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) }, ipcRenderer };
  const allowed: Record<string, unknown> = { electron, events: {}, timers: {}, url: {} };
  const sandboxRequire = (name: string): unknown => {
    required.push(name);
    if (!Object.prototype.hasOwnProperty.call(allowed, name)) throw new Error(`module not found: ${name}`);
    return allowed[name];
  };
  const module = { exports: {} };
  const wrapper = `(function (exports, require, module, __filename, __dirname) {${readFileSync(preloadEntry, 'utf8')}\n})`;
  const fn = runInNewContext(wrapper, { console }, { filename: preloadEntry }) as (...a: unknown[]) => void;
  fn(module.exports, sandboxRequire, module, preloadEntry, '.');
  return { exposed, invoked, listeners, required, sandboxRequire };
}

describe('the sandboxed preload', () => {
  it('loads requiring only what a sandboxed preload may, and exposes exactly window.gradscope = { post, onMessage }', async () => {
    const { exposed, required, sandboxRequire } = loadPreload();
    expect(() => sandboxRequire('fs')).toThrow(/module not found/);
    expect(required.filter((r) => r !== 'fs').every((r) => ['electron', 'events', 'timers', 'url'].includes(r))).toBe(true);
    expect([...exposed.keys()]).toEqual(['gradscope']);
    const api = exposed.get('gradscope') as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual(['onMessage', 'post']);
    expect(typeof api.post).toBe('function');
    expect(typeof api.onMessage).toBe('function');
  });

  it('post goes to the one invoke channel; onMessage relays frames without the IPC event object and unsubscribes', async () => {
    const { exposed, invoked, listeners } = loadPreload();
    const api = exposed.get('gradscope') as { post(frame: unknown): Promise<unknown>; onMessage(l: (e: unknown) => void): () => void };
    await expect(api.post({ id: 1, method: 'info', params: {} })).resolves.toEqual({ ok: true, value: 'answer' });
    expect(invoked).toEqual([[CHANNEL_CALL, { id: 1, method: 'info', params: {} }]]);

    const got: unknown[] = [];
    const off = api.onMessage((e) => got.push(e));
    const relay = [...(listeners.get(CHANNEL_EVENT) ?? [])];
    expect(relay).toHaveLength(1);
    relay[0]!({ sender: 'the IPC event, which must not reach the page' }, { kind: 'event', event: { type: 'menu', command: 'save' } });
    expect(got).toEqual([{ kind: 'event', event: { type: 'menu', command: 'save' } }]);
    off();
    expect(listeners.get(CHANNEL_EVENT)?.size).toBe(0);
  });
});
