// A sweep's figures: each variant's result read from its run (the figures of the epoch whose weights
// were tested, and the first/last hidden-layer gradient ratio), the record a project keeps, and the
// best variant per value of an axis (the optimizer race: each optimizer at its best learning rate). Pure.
import type { RunRecord } from '../contract/project';
import type { SweepRecord, SweepSpec, SweepSummary, Variant, VariantResult, VariantStatus } from '../contract/sweep';
import { axisValueText } from '../contract/sweep';
import { hiddenGradientRatio } from './series';

/** A variant that has not run (yet, or ever: the sweep was stopped first). */
export function pendingResult(v: Variant): VariantResult {
  return {
    index: v.index,
    axes: v.axes,
    label: v.label,
    status: 'pending',
    runId: null,
    epoch: null,
    epochs: 0,
    train: null,
    trainEvalSamples: null,
    val: null,
    test: null,
    gradRatio: null,
    seconds: 0,
    message: null,
  };
}

/** The result of a variant whose run `run` ended (its 'finished' event applied), `seconds` after it started. */
export function variantResult(v: Variant, run: RunRecord, seconds: number, message: string | null = null): VariantResult {
  const status: VariantStatus = run.reason ?? 'error';
  const at = run.modelEpoch ?? null;
  // the figures of the weights that were tested: the restored best epoch, else the last whole epoch
  const e = at !== null ? run.epochs.find((x) => x.epoch === at) : status === 'diverged' ? undefined : run.epochs[run.epochs.length - 1];
  const ratio = hiddenGradientRatio(run);
  return {
    index: v.index,
    axes: v.axes,
    label: v.label,
    status,
    runId: run.id,
    epoch: e?.epoch ?? null,
    epochs: run.epochs.length,
    train: e ? { loss: e.trainLoss, acc: e.trainAcc } : null,
    trainEvalSamples: e?.trainSamples ?? null,
    val: e && e.valLoss !== null ? { loss: e.valLoss, acc: e.valAcc } : null,
    test: run.test ? { loss: run.test.loss, acc: run.test.acc } : null,
    gradRatio: ratio?.ratio ?? null,
    seconds,
    message: message ?? run.message,
  };
}

/** What a project keeps of a finished sweep. */
export function sweepRecord(
  summary: SweepSummary,
  setup: Pick<SweepRecord, 'graph' | 'training' | 'label' | 'startedAt' | 'finishedAt'> & { spec: SweepSpec; template?: string },
): SweepRecord {
  return {
    id: summary.sweepId,
    label: setup.label,
    startedAt: setup.startedAt,
    finishedAt: setup.finishedAt,
    graph: setup.graph,
    training: setup.training,
    spec: setup.spec,
    ...(setup.template ? { template: setup.template } : {}),
    state: summary.state,
    variants: summary.variants,
  };
}

/** The figure `by` names, higher is better (accuracy) or lower is better (loss); null when there is none. */
function score(r: VariantResult, by: 'valAcc' | 'trainLoss'): number | null {
  const v = by === 'valAcc' ? r.val?.acc : r.train?.loss;
  if (v === null || v === undefined || !Number.isFinite(v)) return null;
  return by === 'valAcc' ? v : -v;
}

/** For each value of axis `per`, the finished variant with the best figure `by` (variants without it are passed over). */
export function bestPer(variants: readonly VariantResult[], per: string, by: 'valAcc' | 'trainLoss'): VariantResult[] {
  const best = new Map<string, { r: VariantResult; s: number }>();
  for (const r of variants) {
    const value = r.axes[per as keyof typeof r.axes];
    const s = score(r, by);
    if (value === undefined || s === null) continue;
    const key = axisValueText(value);
    const seen = best.get(key);
    if (!seen || s > seen.s) best.set(key, { r, s });
  }
  return [...best.values()].map((b) => b.r);
}
