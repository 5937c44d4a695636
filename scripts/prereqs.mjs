// What the test suite needs from the system, in one list: `npm test` checks it first and names what
// is missing in one line each; `npm run test:full` (and so CI) installs it with apt-get, then runs
// `npm test`. A feature whose tests need a system package adds it here, nowhere else.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

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
];

/** The prerequisites that are missing on this machine. */
export function missingPrereqs() {
  return PREREQS.filter((p) => !p.present());
}

/** One line per missing prerequisite, saying what it is for and how to get it. */
export function describeMissing(missing) {
  return missing.map(
    (p) => `npm test: missing ${p.what}, needed for ${p.neededFor}: run \`npm run test:full\` or \`sudo apt-get install -y ${p.apt}\``,
  );
}
