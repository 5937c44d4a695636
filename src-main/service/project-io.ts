// Reading and writing project files for the service, over export/project-file (atomic writes).
// A file that does not parse is reported with the file name and the line or field, and a save
// never replaces an existing file that is not a readable project.
import { parseProject, type Project } from '../contract/project';
import type { ApiResult } from '../contract/api';
import { MAX_PROJECT_BYTES, readCheckedText, UnreadableFileError } from '../data/safe-read';
import { readProjectFile, writeProjectFile } from '../export/project-file';
import { fail, fileError, messageOf, ok } from './result';
import { realTarget } from './real-path';

export async function loadProject(file: string): Promise<ApiResult<Project>> {
  try {
    return ok(await readProjectFile(file));
  } catch (e) {
    return fail(messageOf(e));
  }
}

/**
 * Refuses to replace an existing file that is not a readable project (it may be someone's work): a
 * non-empty file that does not parse, a device, pipe or folder, and an empty file unless its name says
 * it is a Gradscope project (.gradscope.json). A symbolic link is saved through to its target.
 */
export async function storeProject(file: string, project: Project): Promise<ApiResult<null>> {
  let existing: string | null = null;
  const real = await realTarget(file);
  try {
    existing = await readCheckedText(real, MAX_PROJECT_BYTES, 'project');
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (e instanceof UnreadableFileError && code !== 'ENOENT')
      return fail(`not saved: ${file} exists and ${e.message.slice(e.message.indexOf(': ') + 2)}, so it was left untouched; save under another name`);
    if (code !== 'ENOENT') return fail(fileError('save to', file, e));
  }
  if (existing !== null && existing.trim() === '' && !/\.gradscope\.json$/i.test(real)) {
    return fail(`not saved: ${file} exists (empty) and is not a Gradscope project, so it was left untouched. Save under another name.`);
  }
  if (existing !== null && existing.trim() !== '') {
    const r = parseProject(existing, file);
    if (!r.ok) {
      return fail(`not saved: ${file} exists and is not a readable Gradscope project, so it was left untouched (${r.error}). Save under another name.`);
    }
  }
  try {
    await writeProjectFile(file, project);
  } catch (e) {
    return fail(messageOf(e));
  }
  return ok(null);
}
