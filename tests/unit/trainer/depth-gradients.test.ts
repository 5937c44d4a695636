// The lesson's central claim, measured: in a deep sigmoid net the gradient vanishes toward the input;
// in a deep ReLU net it does not.
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src-main/trainer/backend';
import { compileGraph } from '../../../src-main/trainer/compile';
import { probeGradients } from '../../../src-main/trainer/probe-gradients';
import type { Activation } from '../../../src-main/contract/graph';
import { chain, dense } from './fixtures/graphs';
import { randomLinear } from './fixtures/datasets';

beforeAll(async () => {
  await initBackend();
});

const data = randomLinear(256, 20, 10, 4);

function firstOverLast(activation: Activation): number {
  const c = compileGraph(chain(Array.from({ length: 8 }, () => dense(128, activation))), { inputDim: 20, classes: 10 }, { seed: 1 });
  const p = probeGradients(c, data.train);
  c.dispose();
  expect(p.layers.map((l) => l.node)).toEqual(['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'h7', 'h8', 'out']);
  expect(p.loss).toBeGreaterThan(1);
  return p.layers[0]!.kernelNorm / p.layers[7]!.kernelNorm;
}

describe('gradients at initialisation, 8×128 hidden layers', () => {
  it('sigmoid: the first hidden layer gets orders of magnitude less gradient than the last', () => {
    expect(firstOverLast('sigmoid')).toBeLessThan(1e-2);
  });
  it("relu: the first hidden layer's gradient is of the same order as the last's", () => {
    const ratio = firstOverLast('relu');
    expect(ratio).toBeGreaterThan(0.1);
    expect(ratio).toBeLessThan(10);
  });
});
