// `npm run test:full`: the one test command for a fresh machine (and CI's): installs the system
// packages the tests need (apt-get, as root or through sudo), then runs `npm test`.
import { spawnSync } from 'node:child_process';
import { PREREQS, missingPrereqs } from './prereqs.mjs';
import { root, run } from './tools.mjs';

const missing = missingPrereqs();
if (missing.length > 0) {
  const packages = [...new Set(PREREQS.map((p) => p.apt))];
  const asRoot = process.getuid?.() === 0 ? [] : ['sudo'];
  const apt = (...args) => {
    const [cmd, ...rest] = [...asRoot, 'apt-get', ...args];
    const r = spawnSync(cmd, rest, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (r.status !== 0) {
      console.error(`test:full: apt-get ${args.join(' ')} failed; install these packages by hand: ${packages.join(' ')}`);
      process.exit(1);
    }
  };
  console.log(`test:full: installing ${packages.join(' ')}`);
  apt('update', '-qq');
  apt('install', '-y', '-qq', ...packages);
}
process.exit(await run('npm', ['test'], { cwd: root }));
