// The exported project trains under torchrun: 2 processes on CPU (gloo, DistributedDataParallel), each with
// half the batch, reach the single-process run's accuracy; only rank 0 logs and checkpoints, and the first
// log line states the effective batch size and learning rate.
import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { getPreset } from '../../../src-main/export/presets';
import { exportPytorch } from '../../../src-main/export/pytorch/export';
import { initialWeights } from '../../../src-main/cli/export-pytorch';
import { PY_ENV, PYTHON, spawnCollect, tmpDir } from './pytorch-fixtures';

/** stated tolerance: the 2-process run's test accuracy is within this many percentage points of the 1-process run's */
const ACCURACY_TOLERANCE_PP = 1;
const EPOCHS = '8';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

const events = async (file: string) =>
  (await readFile(file, 'utf8'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
let root = '';
let dir = '';

beforeAll(async () => {
  root = await tmpDir('gs-pt-ddp-');
  dir = path.join(root, 'spiral');
  const p = getPreset('spiral');
  await exportPytorch({ title: p.name, label: 'spiral', graph: p.graph, training: p.training, weights: initialWeights(p.graph, p.training.seed), out: dir });
});

describe('torchrun --nproc_per_node=2 (gloo on CPU)', () => {
  it('trains to the single-process accuracy; rank 0 alone logs and checkpoints', async () => {
    const [single, port] = await Promise.all([
      spawnCollect(PYTHON, ['train.py', '--epochs', EPOCHS, '--log', path.join(root, 'one.jsonl'), '--out', path.join(root, 'one')], { cwd: dir, env: PY_ENV }),
      freePort(),
    ]);
    expect(single.code, single.stderr).toBe(0);
    // Debian's torchrun 1.13 on Python 3.11 cannot parse its default --redirects/--tee values (nor 0 or 3); 2 = stderr only
    const ddp = await spawnCollect(
      '/usr/bin/torchrun',
      [
        '--nproc_per_node=2',
        '--redirects',
        '2',
        '--tee',
        '2',
        '--master_addr',
        '127.0.0.1',
        '--master_port',
        String(port),
        'train.py',
        '--epochs',
        EPOCHS,
        '--batch-size',
        '16',
        '--log',
        path.join(root, 'two.jsonl'),
        '--out',
        path.join(root, 'two'),
      ],
      { cwd: dir, env: PY_ENV },
    );
    expect(ddp.code, ddp.stderr.slice(-2000)).toBe(0);

    const one = await events(path.join(root, 'one.jsonl'));
    const two = await events(path.join(root, 'two.jsonl'));
    const started = two[0];
    expect(started.type).toBe('started');
    expect(started.backend).toMatch(/2 processes \(gloo\)/);
    expect(started).toMatchObject({ worldSize: 2, effectiveBatchSize: 32, effectiveLearningRate: getPreset('spiral').training.learningRate });
    expect(one[0]).toMatchObject({ worldSize: 1, effectiveBatchSize: 32 });
    // one writer: one started event, each epoch once
    expect(two.filter((e) => e.type === 'started')).toHaveLength(1);
    expect(two.filter((e) => e.type === 'epoch').map((e) => e.epoch)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(existsSync(path.join(root, 'two', 'checkpoint.pt')) && existsSync(path.join(root, 'two', 'model.pt'))).toBe(true);

    const accOne = one.at(-1).test.acc as number;
    const accTwo = two.at(-1).test.acc as number;
    expect(one.at(-1).reason).toBe('completed');
    expect(two.at(-1).reason).toBe('completed');
    // it learned: three spiral arms, chance is 33 %
    expect(accOne).toBeGreaterThan(0.5);
    expect(Math.abs(accTwo - accOne) * 100).toBeLessThanOrEqual(ACCURACY_TOLERANCE_PP);
    console.log(
      `1 process: test accuracy ${(accOne * 100).toFixed(2)} %; torchrun 2 processes × batch 16: ${(accTwo * 100).toFixed(2)} % (tolerance ${ACCURACY_TOLERANCE_PP} pp)`,
    );
  });
});
