// Shared test inputs for the service tests: a small real project and a service over a temp data dir.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatasetInfo } from '../../../src-main/contract/api';
import type { DatasetSpec } from '../../../src-main/contract/training';
import type { TrainerHost } from '../../../src-main/trainer/host';
import type { Dialogs } from '../../../src-main/service/dialogs';
import { GradscopeService } from '../../../src-main/service/service';

export { xorProject } from '../fixtures/graphs';

export async function tempDir(prefix = 'gradscope-test-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

export function makeService(
  dataDir: string,
  opts: {
    createTrainer?: () => TrainerHost;
    dialogs?: Dialogs | null;
    replyTimeoutMs?: number;
    folders?: string[];
    memoryBudgetBytes?: number;
    inspectDataset?: (spec: DatasetSpec) => Promise<DatasetInfo>;
  } = {},
): GradscopeService {
  return new GradscopeService({
    mode: 'browser',
    version: '0.0.0-test',
    dataDir,
    createTrainer:
      opts.createTrainer ??
      (() => {
        throw new Error('no trainer in this test');
      }),
    dialogs: opts.dialogs ?? null,
    presets: { list: () => [], get: () => null },
    inspectDataset:
      opts.inspectDataset ??
      (async () => {
        throw new Error('no datasets in this test');
      }),
    replyTimeoutMs: opts.replyTimeoutMs,
    // the tests' temp folders; tests of the access policy pass their own
    folders: opts.folders ?? [tmpdir()],
    memoryBudgetBytes: opts.memoryBudgetBytes,
  });
}
