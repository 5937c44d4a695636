// Builds the addon with node-gyp against the system's OpenBLAS, failing soft: a machine without a
// compiler or OpenBLAS still installs, and Gradscope falls back to the stock wasm kernels.
// Run by the root package's postinstall (npm ci / npm install) and by `npm run build` here.
//   GRADSCOPE_NATIVE_BUILD=0  skip the build
//   --strict                  exit 1 when the build fails (CI checks, tests)
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const strict = process.argv.includes('--strict');
const say = (m) => process.stderr.write(`gradscope-native: ${m}\n`);

function nodeGyp() {
  // npm passes its own node-gyp; otherwise the one bundled with npm next to this node, or on PATH
  const candidates = [
    process.env.npm_config_node_gyp,
    path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
  ];
  try {
    candidates.push(createRequire(import.meta.url).resolve('node-gyp/bin/node-gyp.js'));
  } catch {
    // not installed as a package: fine
  }
  return candidates.find((c) => c && existsSync(c)) ?? null;
}

function main() {
  if (process.env.GRADSCOPE_NATIVE_BUILD === '0') return (say('build skipped (GRADSCOPE_NATIVE_BUILD=0)'), 0);
  const gyp = nodeGyp();
  if (!gyp) return fail('node-gyp was not found (it comes with npm)');
  // Node's own headers where the distribution ships them (Debian: /usr/include/node), so nothing is downloaded
  const prefix = path.resolve(path.dirname(process.execPath), '..');
  const args = [gyp, 'rebuild'];
  if (existsSync(path.join(prefix, 'include', 'node', 'node_api.h'))) args.push(`--nodedir=${prefix}`);
  const r = spawnSync(process.execPath, args, { cwd: here, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  if (r.status === 0) return (say('built build/Release/gradscope_native.node (OpenBLAS kernels for the wasm backend)'), 0);
  const log = `${r.stdout ?? ''}\n${r.stderr ?? ''}`;
  const why = /cblas\.h|-lopenblas/.test(log)
    ? 'OpenBLAS was not found'
    : /gcc|cc1|make: not found|not found: make|g\+\+|No such file or directory|command not found/.test(log)
      ? 'no C compiler or make was found'
      : 'node-gyp failed';
  return fail(
    `${why}; training uses the slower stock wasm kernels. For native speed install a C toolchain and OpenBLAS (Debian: apt-get install build-essential libopenblas-dev), then run npm run build:native.${strict ? `\n${log.slice(-3000)}` : ''}`,
  );
}

function fail(message) {
  say(`not built: ${message}`);
  return strict ? 1 : 0;
}

process.exit(main());
