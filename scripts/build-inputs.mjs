// What each build target was made from, and whether it is stale.
//
// The build writes out/<target>/build-inputs.json: every file of the repository the bundler read for
// that target (its module graph: .ts, .svelte, .css, .json, .html …) plus the files that steer the
// build itself (CONFIG_FILES). A target is stale when that list is missing, or one of its files is
// newer than the list or gone. Nothing is listed by hand, so a new folder of sources cannot be left
// out of the check (the renderer imports src-main/contract, analysis and data: they are in its graph).
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';

export const MANIFEST = 'build-inputs.json';
/** Files that change a build without being imported by it. */
export const CONFIG_FILES = ['electron.vite.config.ts', 'package.json', 'package-lock.json', 'tsconfig.json', 'scripts/build-inputs.mjs'];

/** A module id as the bundler gives it → a repository-relative path with '/', or null (virtual, dependency, outside). */
export function sourcePath(id, root) {
  if (id.startsWith('\0')) return null;
  const file = id.split('?')[0];
  if (!isAbsolute(file)) return null;
  const rel = relative(root, file);
  if (rel.startsWith('..') || isAbsolute(rel)) return null;
  const parts = rel.split(sep);
  if (parts.includes('node_modules')) return null;
  return parts.join('/');
}

/** A Vite/Rolldown plugin writing <outDir>/build-inputs.json once the bundle is written. */
export function buildInputsPlugin(root) {
  let outDir = null;
  return {
    name: 'gradscope:build-inputs',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    writeBundle(_options, bundle) {
      const files = new Set(CONFIG_FILES.filter((f) => existsSync(join(root, f))));
      for (const id of typeof this.getModuleIds === 'function' ? this.getModuleIds() : []) {
        const p = sourcePath(id, root);
        if (p !== null) files.add(p);
      }
      for (const item of Object.values(bundle)) {
        for (const id of item.moduleIds ?? Object.keys(item.modules ?? {})) {
          const p = sourcePath(id, root);
          if (p !== null) files.add(p);
        }
      }
      const dir = isAbsolute(outDir) ? outDir : join(root, outDir);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, MANIFEST), `${JSON.stringify({ files: [...files].sort() }, null, 1)}\n`);
    },
  };
}

/**
 * null when out/<target> is built and no file it was built from changed since; else why not, in
 * one short phrase ("src-main/data/csv.ts changed since the last build").
 */
export function targetStaleness(root, target) {
  const manifest = join(root, 'out', target, MANIFEST);
  if (!existsSync(manifest)) return `out/${target} is not built yet`;
  const built = statSync(manifest).mtimeMs;
  let files;
  try {
    files = JSON.parse(readFileSync(manifest, 'utf8')).files;
  } catch {
    return `out/${target}/${MANIFEST} is unreadable`;
  }
  if (!Array.isArray(files) || files.length === 0) return `out/${target}/${MANIFEST} lists no files`;
  for (const f of files) {
    const full = join(root, f);
    if (!existsSync(full)) return `${f} is gone since the last build`;
    if (statSync(full).mtimeMs > built) return `${f} changed since the last build`;
  }
  return null;
}
