// Turn the parsed command line into a checked graph + training setup: the project file or preset,
// with --data, --epochs, --batch-size and --seed applied, validated like the app validates it.
import path from 'node:path';
import type { Graph } from '../contract/graph';
import type { BackendChoice, DatasetSpec, TrainingConfig } from '../contract/training';
import { checkGraph, checkTraining, setupProblems } from '../contract/validate';
import { getPreset, PresetError } from '../export/presets';
import { readProjectFile } from '../export/project-file';
import { ExportError } from '../export/atomic';
import type { Source } from './args';
import { parseDataArg } from './data-arg';
import { UsageError } from './usage-error';

export interface Setup {
  /** the preset name or the project file's name without extensions */
  label: string;
  title: string;
  graph: Graph;
  training: TrainingConfig;
}

export interface Overrides {
  data: string | null;
  seed: number | null;
  epochs?: number | null;
  batchSize?: number | null;
  backend?: BackendChoice | null;
}

async function loadProject(source: Source, cwd: string) {
  try {
    if (source.preset) return { label: source.preset, project: getPreset(source.preset) };
    const file = source.file!;
    const base = path.basename(file).replace(/(\.gradscope)?\.json$/i, '');
    return { label: base || 'project', project: await readProjectFile(path.resolve(cwd, file)) };
  } catch (e) {
    if (e instanceof PresetError || e instanceof ExportError) throw new UsageError(e.message);
    throw e;
  }
}

/** A --data path is the user's, relative to the folder the command runs in (not the project's folder). */
export function againstCwd(spec: DatasetSpec, cwd: string): DatasetSpec {
  if (spec.kind === 'csv') return { ...spec, file: path.resolve(cwd, spec.file) };
  if (spec.kind === 'idx') return { ...spec, dir: path.resolve(cwd, spec.dir) };
  return spec;
}

/** `cwd`: the folder relative project paths and --data paths are read from (the CLI's io.cwd). */
export async function loadSetup(source: Source, o: Overrides, cwd: string): Promise<Setup> {
  const { label, project } = await loadProject(source, cwd);
  const raw: TrainingConfig = {
    ...project.training,
    ...(o.data !== null ? { dataset: againstCwd(parseDataArg(o.data, project.training.dataset), cwd) } : {}),
    ...(o.seed != null ? { seed: o.seed } : {}),
    ...(o.epochs != null ? { epochs: o.epochs } : {}),
    ...(o.batchSize != null ? { batchSize: o.batchSize } : {}),
    ...(o.backend != null ? { backend: o.backend } : {}),
  };
  const t = checkTraining(raw, { allowNoEpochs: true });
  if (!t.ok) throw new UsageError(`${source.preset ? `preset ${source.preset}` : source.file}: ${t.problems.map((p) => p.message).join('; ')}`);
  const setup = { label, title: project.name, graph: project.graph, training: t.config };
  const joint = setupProblems(project.graph, t.config);
  if (joint.length > 0) throw new UsageError(`${source.preset ? `preset ${source.preset}` : source.file}: ${joint.map((p) => p.message).join('; ')}`);
  // structural problems (dangling edges, cycles, bad fields) show before any data is loaded
  checkSetupGraph(setup, undefined, source.preset ? `preset ${source.preset}` : source.file!);
  return setup;
}

/** Check the graph against the dataset's shape; a bad graph is a bad input file (exit 2). */
export function checkSetupGraph(setup: Setup, io: { inputDim: number; classes: number | null } | undefined, where: string): Graph {
  const check = checkGraph(setup.graph, io && { inputDim: io.inputDim, classes: io.classes });
  if (!check.ok || !check.graph) throw new UsageError(`${where}: the graph cannot be built: ${check.problems.map((p) => p.message).join('; ')}`);
  return check.graph;
}
