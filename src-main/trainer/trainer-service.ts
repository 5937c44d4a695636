// The trainer's command handling, independent of the transport: validates commands, loads the
// dataset, runs one training at a time, keeps the last models and exports them on request.
import type * as tf from '@tensorflow/tfjs';
import type { TrainerEvent, TrainerReply } from '../contract/events';
import { parseCommand } from './command-schema';
import { RunControl } from './control';
import type { LoadDataset } from './dataset-types';
import { runTraining } from './loop';
import { ModelStore } from './model-store';
import { exportMetadata } from '../contract/data-contract';

export type ExportModel = (model: tf.LayersModel, dir: string, metadata?: Record<string, unknown>) => Promise<void>;

export interface TrainerServiceDeps {
  post(message: TrainerEvent | TrainerReply): void;
  /** defaults to src-main/data's loadDataset */
  loadDataset?: LoadDataset;
  /** defaults to src-main/export/tfjs-layers' exportModel */
  exportModel?: ExportModel;
}

export interface TrainerService {
  handle(raw: unknown): void;
  /** resolves when the current run (if any) has finished */
  idle(): Promise<void>;
  readonly models: ModelStore<Record<string, unknown>>;
}

const defaultLoad: LoadDataset = async (...args) => (await import('../data/index')).loadDataset(...args);
const defaultExport: ExportModel = async (model, dir, metadata) => (await import('../export/tfjs-layers')).exportModel(model, dir, metadata);

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export function createTrainerService(deps: TrainerServiceDeps): TrainerService {
  const load = deps.loadDataset ?? defaultLoad;
  const exportModel = deps.exportModel ?? defaultExport;
  const models = new ModelStore<Record<string, unknown>>(5);
  let current: { runId: string; control: RunControl; done: Promise<void> } | null = null;

  const reject = (runId: string, msg: string): void => {
    deps.post({ type: 'error', runId, message: msg });
    deps.post({ type: 'finished', runId, reason: 'error', epochs: 0, bestEpoch: null, test: null });
  };

  const start = (cmd: Extract<ReturnType<typeof parseCommand>, { ok: true }>['command'] & { type: 'start' }): void => {
    if (current) return reject(cmd.runId, `run ${current.runId} is still training; stop it before starting another`);
    const control = new RunControl();
    const done = (async () => {
      let dataset;
      try {
        const t = cmd.training;
        dataset = await load(t.dataset, t.seed, t.validationSplit, t.testSplit);
      } catch (e) {
        return reject(cmd.runId, `the dataset could not be loaded: ${message(e)}`);
      }
      if (control.state === 'stopped') return reject(cmd.runId, 'the run was stopped before training began');
      const result = await runTraining({ graph: cmd.graph, training: cmd.training, dataset, runId: cmd.runId, emit: deps.post, control });
      if (result.compiled) {
        const meta = exportMetadata({
          label: cmd.runId,
          graph: cmd.graph,
          training: cmd.training,
          test: result.test,
          epochs: result.epochs,
          modelEpoch: result.modelEpoch,
          dataContract: dataset.contract ?? null,
        });
        models.put(cmd.runId, result.compiled, meta);
      }
    })().finally(() => {
      current = null;
    });
    current = { runId: cmd.runId, control, done };
  };

  const doExport = async (runId: string, dir: string, requestId: string): Promise<void> => {
    const c = models.get(runId);
    if (!c) {
      const kept = models.ids();
      deps.post({ type: 'reply', requestId, ok: false, error: `run ${runId} has no trained model in the trainer (it keeps the last ${models.capacity}${kept.length ? `: ${kept.join(', ')}` : ''})` });
      return;
    }
    try {
      await exportModel(c.model, dir, models.meta(runId));
      deps.post({ type: 'reply', requestId, ok: true, value: { dir } });
    } catch (e) {
      deps.post({ type: 'reply', requestId, ok: false, error: message(e) });
    }
  };

  return {
    models,
    idle: async () => {
      while (current) await current.done;
    },
    handle(raw) {
      const parsed = parseCommand(raw);
      if (!parsed.ok) {
        if (parsed.requestId) deps.post({ type: 'reply', requestId: parsed.requestId, ok: false, error: parsed.error });
        else deps.post({ type: 'error', runId: parsed.runId, message: parsed.error });
        return;
      }
      const cmd = parsed.command;
      const mine = current?.runId === cmd.runId ? current : null;
      switch (cmd.type) {
        case 'start':
          return start(cmd);
        case 'pause':
          return mine?.control.pause();
        case 'resume':
          return mine?.control.resume();
        case 'stop':
          return mine?.control.stop();
        case 'export':
          void doExport(cmd.runId, cmd.dir, cmd.requestId);
          return;
        default:
          return assertNeverCommand(cmd);
      }
    },
  };
}

function assertNeverCommand(c: never): never {
  throw new Error(`unknown command ${JSON.stringify(c)}`);
}
