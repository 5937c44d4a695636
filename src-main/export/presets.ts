// The built-in example projects in resources/presets/*.json, found relative to the package root so the
// same code works from the sources (tsx), the bundled main process (out/main) and the CLI.
import { GradscopeError, type Where } from '../contract/errors';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PresetSummary } from '../contract/api';
import { parseProject, type Project } from '../contract/project';

export class PresetError extends GradscopeError {
  override name = 'PresetError';
  constructor(message: string, where: Where = {}) {
    super('preset', message, where);
  }
}

let dirCache: string | null = null;

/** resources/presets under the nearest folder upward that has package.json and resources/presets. */
export function presetsDir(): string {
  if (dirCache) return dirCache;
  const override = process.env.GRADSCOPE_RESOURCES;
  if (override) return (dirCache = path.join(override, 'presets'));
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, 'resources', 'presets');
    if (existsSync(path.join(dir, 'package.json')) && existsSync(candidate)) return (dirCache = candidate);
    const up = path.dirname(dir);
    if (up === dir) throw new PresetError('cannot find the resources/presets folder above the program');
    dir = up;
  }
}

const NAME = /^[a-z0-9][a-z0-9-]*$/;

function presetNames(): string[] {
  return readdirSync(presetsDir())
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .filter((n) => NAME.test(n))
    .sort();
}

/** A preset by name (the file name without .json), parsed and validated. */
export function getPreset(name: string): Project {
  const names = presetNames();
  if (!NAME.test(name) || !names.includes(name)) throw new PresetError(`unknown preset "${name}" (available: ${names.join(', ')})`);
  const file = path.join(presetsDir(), `${name}.json`);
  const r = parseProject(readFileSync(file, 'utf8'), file);
  if (!r.ok) throw new PresetError(r.error);
  return r.project;
}

/** Every preset: its name, its title (the project's name) and description. */
export function listPresets(): PresetSummary[] {
  return presetNames().map((name) => {
    const p = getPreset(name);
    return { name, title: p.name, description: p.description ?? '' };
  });
}
