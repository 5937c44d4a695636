// Reading and writing project files for the service, over export/project-file (atomic writes).
// A file that does not parse is reported with the file name and the line or field, and a save
// never replaces an existing file that is not a readable project.
import { readFile } from 'node:fs/promises';
import { parseProject, type Project } from '../contract/project';
import type { ApiResult } from '../contract/api';
import { readProjectFile, writeProjectFile } from '../export/project-file';
import { fail, fileError, messageOf, ok } from './result';

export async function loadProject(file: string): Promise<ApiResult<Project>> {
  try {
    return ok(await readProjectFile(file));
  } catch (e) {
    return fail(messageOf(e));
  }
}

/** Refuses to replace an existing file that is not a readable project (it may be someone's work). */
export async function storeProject(file: string, project: Project): Promise<ApiResult<null>> {
  let existing: string | null = null;
  try {
    existing = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (code !== 'ENOENT') return fail(fileError('save to', file, e));
  }
  if (existing !== null && existing.trim() !== '') {
    const r = parseProject(existing, file);
    if (!r.ok) {
      const why = r.error;
      return fail(`not saved: ${file} exists and is not a readable Gradscope project, so it was left untouched (${why}). Save under another name.`);
    }
  }
  try {
    await writeProjectFile(file, project);
  } catch (e) {
    return fail(messageOf(e));
  }
  return ok(null);
}
