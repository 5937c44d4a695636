// The trainer's command handling, independent of the transport: validates commands, loads the
// dataset, runs one training at a time, keeps the last models and exports them on request.
import type * as tf from '@tensorflow/tfjs';
import type { TrainerEvent, TrainerReply } from '../contract/events';
import { parseCommand } from './command-schema';
import { RunControl } from './control';
import type { LoadDataset } from '../data/dataset-types';
import { runTraining } from './loop';
import { estimateMemory, memoryBudget, memoryProblem } from '../contract/memory';
import { ModelStore } from './model-store';
import { exportMetadata } from '../contract/data-contract';
import { TRAINER_KEEPS_MODELS } from '../contract/api';
import { assertNever } from '../contract/never';

export type ExportModel = (model: tf.LayersModel, dir: string, metadata?: Record<string, unknown>) => Promise<void>;

export interface TrainerServiceDeps {
  post(message: TrainerEvent | TrainerReply): void;
  /** the trainer process passes src-main/data's loadDataset (src-main/trainer-worker.ts) */
  loadDataset: LoadDataset;
  /** the trainer process passes src-main/export/tfjs-layers' exportModel (export sits above the trainer) */
  exportModel: ExportModel;
  /** the largest estimated training memory accepted (bytes); default GRADSCOPE_MEMORY_BUDGET_MB or 1.5 GiB */
  memoryBudgetBytes?: number;
}

export interface TrainerService {
  handle(raw: unknown): void;
  /** resolves when the current run (if any) has finished */
  idle(): Promise<void>;
  readonly models: ModelStore<Record<string, unknown>>;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export function createTrainerService(deps: TrainerServiceDeps): TrainerService {
  const load = deps.loadDataset;
  const exportModel = deps.exportModel;
  const models = new ModelStore<Record<string, unknown>>(TRAINER_KEEPS_MODELS);
  let current: { runId: string; control: RunControl; done: Promise<void> } | null = null;
  let failed = false;

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
      const estimate = estimateMemory(cmd.graph, { inputDim: dataset.inputDim, classes: dataset.classes }, cmd.training);
      const tooBig = estimate && memoryProblem(estimate, deps.memoryBudgetBytes ?? memoryBudget(process.env), cmd.training.batchSize);
      if (tooBig) return reject(cmd.runId, tooBig);
      // a run's last events wait until it is known whether the backend failed: then the error says so
      // (fatal), and the host replaces this trainer before the next run
      const last: TrainerEvent[] = [];
      const emit = (e: TrainerEvent): void => (e.type === 'error' || e.type === 'finished' ? void last.push(e) : deps.post(e));
      const result = await runTraining({ graph: cmd.graph, training: cmd.training, dataset, runId: cmd.runId, emit, control });
      if (result.backendFailed) failed = true;
      for (const e of last) deps.post(e.type === 'error' && failed ? { ...e, fatal: true } : e);
      if (failed) return;
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

  const doExport = async (runId: string, dir: string, requestId: string, label: string | undefined): Promise<void> => {
    const c = models.get(runId);
    if (!c) {
      const kept = models.ids();
      deps.post({ type: 'reply', requestId, ok: false, error: `run ${runId} has no trained model in the trainer (it keeps the last ${models.capacity}${kept.length ? `: ${kept.join(', ')}` : ''})` });
      return;
    }
    try {
      const meta = models.meta(runId);
      // the metadata names the run as the user knows it (its label in the run history) when the app gives it
      const named = meta && label?.trim() ? { ...meta, gradscope: { ...(meta.gradscope as object), label: label.trim() } } : meta;
      await exportModel(c.model, dir, named);
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
      if (failed) {
        // the backend is unusable; the host is replacing this trainer
        const p = parseCommand(raw);
        if (p.ok && p.command.type === 'start') reject(p.command.runId, 'the trainer is restarting after a backend failure; start the run again');
        if (p.ok && p.command.type === 'export') deps.post({ type: 'reply', requestId: p.command.requestId, ok: false, error: 'the trainer is restarting after a backend failure; its models are gone' });
        return;
      }
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
          void doExport(cmd.runId, cmd.dir, cmd.requestId, cmd.label);
          return;
        default:
          return assertNever(cmd, 'command');
      }
    },
  };
}
