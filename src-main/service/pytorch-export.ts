// The app's "PyTorch project…" export: the trainer writes the run's trained model to a temp folder,
// then the PyTorch project is generated from it (no TensorFlow.js in this process) and the temp folder goes.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ApiResult } from '../contract/api';
import type { Graph } from '../contract/graph';
import type { TrainingConfig } from '../contract/training';
import { checkGraph, checkTraining } from '../contract/validate';
import { exportPytorch } from '../export/pytorch/export';
import { fail, messageOf, ok } from './result';
import type { TrainerRelay } from './trainer-relay';

export async function exportRunAsPytorch(
  trainer: Pick<TrainerRelay, 'exportModel'>,
  req: { runId: string; label: string; graph: Graph; training: TrainingConfig; dir: string },
): Promise<ApiResult<{ dir: string; files: number }>> {
  const problems = [...checkGraph(req.graph).problems, ...checkTraining(req.training).problems].map((p) => p.message);
  if (problems.length > 0) return fail(`cannot export a PyTorch project: ${problems.slice(0, 5).join('; ')}`);
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'gradscope-pytorch-'));
  try {
    const model = path.join(tmp, 'model');
    const reply = await trainer.exportModel(req.runId, model, req.label);
    if (!reply.ok) return reply;
    const title = req.label.trim() || 'Gradscope run';
    const label = title.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'run';
    const result = await exportPytorch({
      title,
      label,
      graph: req.graph,
      training: req.training,
      weights: { kind: 'tfjs-dir', dir: model, description: `the trained weights of run "${title}"` },
      out: req.dir,
    });
    return ok({ dir: result.dir, files: result.files.length });
  } catch (e) {
    return fail(messageOf(e));
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}
