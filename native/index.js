// Loads the addon: a prebuilt binary for this platform (prebuilds/<platform>-<arch>/) when one is
// shipped, else the one node-gyp built here. Never throws: load() says why it could not.
'use strict';
const path = require('node:path');
const fs = require('node:fs');

/** The calling convention this JavaScript expects of the binary (GRADSCOPE_NATIVE_ABI in src/gradscope_native.c). */
const ABI = 2;

function candidates(dir) {
  return [
    path.join(dir, 'prebuilds', `${process.platform}-${process.arch}`, 'gradscope_native.node'),
    path.join(dir, 'build', 'Release', 'gradscope_native.node'),
  ];
}

/** { ok: true, addon, file } or { ok: false, reason }; `dir` is the package folder (tests point it elsewhere). */
function load(dir = __dirname) {
  const tried = [];
  for (const file of candidates(dir)) {
    if (!fs.existsSync(file)) continue;
    try {
      const addon = require(file);
      if (addon.abi === ABI) return { ok: true, addon, file };
      tried.push(
        `${path.relative(dir, file)} was built from older sources (kernel version ${addon.abi ?? 1}, this Gradscope needs ${ABI}); run npm run build:native`,
      );
    } catch (e) {
      tried.push(`${path.relative(dir, file)}: ${e && e.message ? e.message.split('\n')[0] : String(e)}`);
    }
  }
  return {
    ok: false,
    reason: tried.length ? `the addon did not load (${tried.join('; ')})` : 'the addon is not built',
  };
}

module.exports = { load };
