// Read and write Gradscope project files. Writes are atomic (temp file in the same folder, fsync, rename),
// so a failed save never touches the file already there. Dataset paths are stored relative to the project
// file when the data lies in its folder, and read back absolute, so a project folder can move.
import path from 'node:path';
import { Project, formatZodIssues, parseProject, type ProjectInput } from '../contract/project';
import type { DatasetSpec } from '../contract/training';
import { MAX_PROJECT_BYTES, readCheckedText, UnreadableFileError } from '../data/safe-read';
import { ExportError, describeFsError, writeFileAtomic } from './atomic';

export class ProjectFileError extends ExportError {
  override name = 'ProjectFileError';
}

/** Read and validate a project; errors name the file and the JSON line or the field at fault. */
export async function readProjectFile(file: string): Promise<Project> {
  const abs = path.resolve(file);
  let text: string;
  try {
    text = await readCheckedText(abs, MAX_PROJECT_BYTES, 'project');
  } catch (e) {
    throw new ProjectFileError(e instanceof UnreadableFileError && e.code !== 'ENOENT' ? e.message : `${abs}: ${describeFsError(e)}`);
  }
  if (text.trim() === '') throw new ProjectFileError(`${abs}: the file is empty (expected a Gradscope project in JSON)`);
  const r = parseProject(text, abs);
  if (!r.ok) throw new ProjectFileError(r.error);
  return resolveDataPaths(r.project, abs);
}

type DataPathMap = (p: string) => string;

function mapDataset(spec: DatasetSpec, f: DataPathMap): DatasetSpec {
  switch (spec.kind) {
    case 'csv':
      return { ...spec, file: f(spec.file) };
    case 'idx':
      return { ...spec, dir: f(spec.dir) };
    case 'mnist':
    case 'synthetic':
      return spec;
    default: {
      const never: never = spec;
      return never;
    }
  }
}

function mapDataPaths<P extends ProjectInput>(project: P, f: DataPathMap): P {
  const training = { ...project.training, dataset: mapDataset(project.training.dataset as DatasetSpec, f) };
  const runs = project.runs?.map((r) => ({ ...r, training: { ...r.training, dataset: mapDataset(r.training.dataset as DatasetSpec, f) } }));
  return { ...project, training, ...(runs ? { runs } : {}) } as P;
}

/** Data paths of a project read from `file`, made absolute: a relative path is relative to the project file's folder. */
export function resolveDataPaths<P extends ProjectInput>(project: P, file: string): P {
  const dir = path.dirname(path.resolve(file));
  return mapDataPaths(project, (p) => (p === '' || path.isAbsolute(p) ? p : path.resolve(dir, p)));
}

/** Data paths of a project about to be saved as `file`: those inside the project file's folder are stored relative to it. */
export function relativeDataPaths<P extends ProjectInput>(project: P, file: string): P {
  const dir = path.dirname(path.resolve(file));
  return mapDataPaths(project, (p) => {
    if (p === '' || !path.isAbsolute(p)) return p;
    const rel = path.relative(dir, p);
    const inside = rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
    return inside ? rel.split(path.sep).join('/') : p;
  });
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
  const text = serializeProject(relativeDataPaths(project, abs), abs);
  try {
    await writeFileAtomic(abs, text);
  } catch (e) {
    throw new ProjectFileError(`${abs}: cannot save: ${describeFsError(e)}`);
  }
}
