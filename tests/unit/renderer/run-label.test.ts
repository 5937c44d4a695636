// Runs in the history are told apart by their labels: an L1 run and an L2 run of the same network, or
// two learning rates, must not read the same.
import { describe, expect, it } from 'vitest';
import { SessionState, type TrainingApi } from '../../../src-renderer/training/session-state.svelte';
import { defaultTraining } from '../../../src-renderer/editor/defaults';
import { Graph } from '../../../src-main/contract/graph';
import { threeNodeGraph } from '../fixtures/graphs';
import type { TrainingConfig } from '../../../src-main/contract/training';

const graph = (reg: { l1?: number; l2?: number; dropout?: number }): Graph => Graph.parse(threeNodeGraph({ hidden: reg }));

let n = 0;
const api: TrainingApi = {
  call: (async (method: string) => (method === 'startTraining' ? { ok: true, value: { runId: `r${++n}` } } : { ok: true, value: null })) as TrainingApi['call'],
};

async function label(g: Graph, t: TrainingConfig): Promise<string> {
  const s = new SessionState(api);
  await s.start(g, t);
  return s.current!.label;
}

describe('run labels', () => {
  it('name the learning rate and the regularisation in use', async () => {
    const t = defaultTraining();
    const l1 = await label(graph({ l1: 0.01 }), t);
    const l2 = await label(graph({ l2: 0.01 }), t);
    const none = await label(graph({ l1: 0 }), t);
    const both = await label(graph({ l1: 0.01, l2: 0.01, dropout: 0.5 }), { ...t, earlyStopping: { ...t.earlyStopping, enabled: true } });
    expect(l1).toMatch(/· L1 ·/);
    expect(l2).toMatch(/· L2 ·/);
    expect(none).not.toMatch(/L1|L2|dropout/);
    expect(both).toMatch(/dropout\+L1\+L2\+early stop/);
    expect(new Set([l1, l2, none]).size).toBe(3);
    const fast = await label(graph({}), { ...t, learningRate: 0.5 });
    const slow = await label(graph({}), { ...t, learningRate: 0.001 });
    expect(fast).toContain('η 0.5');
    expect(slow).toContain('η 0.001');
  });
});
