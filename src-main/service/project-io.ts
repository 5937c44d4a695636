// Reading and writing project files for the service, over export/project-file (atomic writes).
// A file that does not parse is reported with the file name and the line or field, and a save
// never replaces an existing file that is not a readable project.
import { readFile } from 'node:fs/promises';
import { parseProject, type Project } from '../contract/project';
import type { ApiResult } from '../contract/api';
import { readProjectFile, writeProjectFile } from '../export/project-file';
import { findJsonError } from './json-error';
import { fail, fileError, messageOf, ok } from './result';

/** parseProject's message, with the line and column added when JSON.parse did not give a position. */
async function withJsonLine(file: string, message: string, text?: string): Promise<string> {
  if (!/not valid JSON/.test(message) || /line \d+/.test(message)) return message;
  const body = text ?? (await readFile(file, 'utf8').catch(() => null));
  const at = body === null ? null : findJsonError(body);
  return at ? `${file}: not valid JSON at line ${at.line}, column ${at.column}` : message;
}

export async function loadProject(file: string): Promise<ApiResult<Project>> {
  try {
    return ok(await readProjectFile(file));
  } catch (e) {
    return fail(await withJsonLine(file, messageOf(e)));
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
      const why = await withJsonLine(file, r.error, existing);
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
