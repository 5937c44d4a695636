// Read and write Gradscope project files. Writes are atomic (temp file in the same folder, fsync, rename),
// so a failed save never touches the file already there.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Project, formatZodIssues, parseProject, type ProjectInput } from '../contract/project';
import { ExportError, describeFsError, writeFileAtomic } from './atomic';

export class ProjectFileError extends ExportError {
  override name = 'ProjectFileError';
}

/** Read and validate a project; errors name the file and the JSON line or the field at fault. */
export async function readProjectFile(file: string): Promise<Project> {
  const abs = path.resolve(file);
  let text: string;
  try {
    text = await readFile(abs, 'utf8');
  } catch (e) {
    throw new ProjectFileError(`${abs}: ${describeFsError(e)}`);
  }
  if (text.trim() === '') throw new ProjectFileError(`${abs}: the file is empty (expected a Gradscope project in JSON)`);
  const r = parseProject(text, abs);
  if (!r.ok) throw new ProjectFileError(r.error);
  return r.project;
}

/** Serialise a project: validated first, so a bad project is refused before any file is touched. */
export function serializeProject(project: ProjectInput, source = 'project'): string {
  const r = Project.safeParse(project);
  if (!r.success) throw new ProjectFileError(`${source}: cannot save, ${formatZodIssues(r.error.issues)}`);
  let text: string;
  try {
    text = JSON.stringify(r.data, null, 2);
  } catch (e) {
    throw new ProjectFileError(`${source}: cannot save, ${(e as Error).message}`);
  }
  return `${text}\n`;
}

/** Save atomically: the previous file stays intact if validation, serialisation or the write fails. */
export async function writeProjectFile(file: string, project: ProjectInput): Promise<void> {
  const abs = path.resolve(file);
  const text = serializeProject(project, abs);
  try {
    await writeFileAtomic(abs, text);
  } catch (e) {
    throw new ProjectFileError(`${abs}: cannot save: ${describeFsError(e)}`);
  }
}
