import { describe, expect, it } from 'vitest';
import { chain, config, dense } from './fixtures/graphs';
import { spiral } from './fixtures/datasets';
import { collect } from './fixtures/run';

const graph = chain([dense(8, 'relu')]);

describe('training config trainSamples: how much of the training split is trained on', () => {
  it('trains on the first N training samples; the validation and test sets stay as they are', async () => {
    const data = spiral(300);
    const all = await collect(graph, config({ epochs: 1, batchSize: 10 }), data);
    const some = await collect(graph, config({ epochs: 1, batchSize: 10, trainSamples: 50 }), data);
    expect(all.of('started')[0]!.samples).toEqual({ train: data.train.n, val: data.val.n, test: data.test.n });
    expect(some.of('started')[0]!).toMatchObject({ samples: { train: 50, val: data.val.n, test: data.test.n }, stepsPerEpoch: 5, trainEvalSamples: 50 });
    expect(some.of('epoch')[0]!.trainSamples).toBe(50);
    some.result.compiled?.dispose();
    all.result.compiled?.dispose();
  });

  it('more than the split holds: the run ends with the reason', async () => {
    const data = spiral(100);
    const r = await collect(graph, config({ epochs: 1, trainSamples: 5000 }), data);
    expect(r.of('error')[0]!.message).toBe(`trainSamples 5000 is more than the ${data.train.n} samples of the training split`);
    expect(r.of('finished')[0]!.reason).toBe('error');
  });
});
