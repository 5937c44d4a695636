// What the test suite needs from the system, in one list: `npm test` checks it first and names what
// is missing in one line each; `npm run test:full` (and so CI) installs it with apt-get, then runs
// `npm test`. A feature whose tests need a system package adds it here, nowhere else.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

/** True when some /usr/include/<dir>/<name> or /usr/include/<name> exists (Debian keeps cblas.h per architecture). */
function header(name) {
  if (existsSync(`/usr/include/${name}`)) return true;
  try {
    return readdirSync('/usr/include').some((d) => existsSync(`/usr/include/${d}/${name}`));
  } catch {
    return false;
  }
}

/** @typedef {{ what: string, neededFor: string, apt: string, present: () => boolean }} Prereq */

/** @type {Prereq[]} */
export const PREREQS = [
  {
    what: 'Chromium (/usr/bin/chromium)',
    neededFor: 'the end-to-end tests',
    apt: 'chromium',
    present: () => existsSync('/usr/bin/chromium'),
  },
  {
    what: 'Xvfb (/usr/bin/Xvfb)',
    neededFor: "the test of npm start's app window on a virtual display",
    apt: 'xvfb',
    present: () => existsSync('/usr/bin/Xvfb'),
  },
  {
    what: 'Fashion-MNIST (/usr/share/datasets/fashion-mnist)',
    neededFor: 'the IDX loader test on real data',
    apt: 'dataset-fashion-mnist',
    present: () => existsSync('/usr/share/datasets/fashion-mnist'),
  },
  {
    what: 'PyTorch for Debian\'s python3 (/usr/bin/python3 -c "import torch")',
    neededFor: 'the tests that run exported PyTorch projects',
    apt: 'python3-torch',
    present: () => spawnSync('/usr/bin/python3', ['-c', 'import torch, numpy'], { stdio: 'ignore' }).status === 0,
  },
  {
    what: 'a C toolchain (gcc, make)',
    neededFor: 'building the native kernels (native/, node-gyp) that the trainer tests run on',
    apt: 'build-essential',
    present: () => existsSync('/usr/bin/gcc') && existsSync('/usr/bin/make'),
  },
  {
    what: 'OpenBLAS with its CBLAS header (cblas.h)',
    neededFor: 'building the native kernels (native/) that the trainer tests run on',
    apt: 'libopenblas-dev',
    present: () => header('cblas.h') && header('openblas_config.h'),
  },
];

/** The prerequisites that are missing on this machine. */
export function missingPrereqs() {
  return PREREQS.filter((p) => !p.present());
}

/** One line per missing prerequisite, saying what it is for and how to get it. */
export function describeMissing(missing) {
  return missing.map((p) => `npm test: missing ${p.what}, needed for ${p.neededFor}: run \`npm run test:full\` or \`sudo apt-get install -y ${p.apt}\``);
}
