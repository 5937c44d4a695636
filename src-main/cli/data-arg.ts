// The --data override: mnist[:LIMIT] | spiral | circles | xor | gauss | sine | abs | steps | idx:DIR | csv:FILE:LABEL[:TASK].
import { CSV_TASKS, SYNTHETIC_SETS, type CsvTask, type DatasetSpec, type SyntheticName } from '../contract/training';
import { UsageError } from './usage-error';

const isSynthetic = (s: string): s is SyntheticName => (SYNTHETIC_SETS as readonly string[]).includes(s);

export function parseDataArg(arg: string, current: DatasetSpec): DatasetSpec {
  const colon = arg.indexOf(':');
  const kind = colon < 0 ? arg : arg.slice(0, colon);
  const rest = colon < 0 ? '' : arg.slice(colon + 1);
  if (kind === 'mnist') {
    if (rest === '') return { kind: 'mnist' };
    const limit = Number(rest);
    if (!Number.isInteger(limit) || limit < 10 || limit > 10000) throw new UsageError(`--data ${arg}: the MNIST limit must be a whole number from 10 to 10000`);
    return { kind: 'mnist', limit };
  }
  if (isSynthetic(kind)) {
    if (rest !== '') throw new UsageError(`--data ${arg}: ${kind} takes no argument`);
    // keep the project's size and noise when it already uses a synthetic set
    if (current.kind === 'synthetic') return { ...current, name: kind, classes: kind === current.name ? current.classes : undefined };
    return { kind: 'synthetic', name: kind, samples: 1000, noise: 0.1 };
  }
  if (kind === 'idx') {
    if (rest === '') throw new UsageError(`--data ${arg}: give the folder, e.g. idx:/usr/share/datasets/fashion-mnist`);
    return { kind: 'idx', dir: rest };
  }
  if (kind === 'csv') {
    let body = rest;
    let task: CsvTask | undefined;
    const cut = body.lastIndexOf(':');
    const tail = body.slice(cut + 1);
    // a trailing :regression / :classification / :auto is the task when FILE:LABEL still comes before it
    if ((CSV_TASKS as readonly string[]).includes(tail) && body.slice(0, cut).lastIndexOf(':') > 0) {
      task = tail as CsvTask;
      body = body.slice(0, cut);
    }
    const last = body.lastIndexOf(':');
    if (last <= 0 || last === body.length - 1)
      throw new UsageError(`--data ${arg}: expected csv:FILE:LABEL[:regression|:classification], e.g. csv:iris.csv:species`);
    return { kind: 'csv', file: body.slice(0, last), label: body.slice(last + 1), ...(task ? { task } : {}) };
  }
  throw new UsageError(`--data ${arg}: unknown dataset (use mnist, mnist:LIMIT, ${SYNTHETIC_SETS.join(', ')}, idx:DIR or csv:FILE:LABEL)`);
}
