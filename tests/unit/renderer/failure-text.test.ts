// The UI's one mapping from a failed call to what it shows (src-renderer/lib/failure-text.ts), on
// failures made the way the service makes them: thrown GradscopeErrors through failureOf, the
// dispatcher's refusals, and the channel's CANCELLED.
import { describe, expect, it } from 'vitest';
import type { GradscopeApi } from '../../../src-main/contract/api';
import { Graph } from '../../../src-main/contract/graph';
import { CANCELLED } from '../../../src-main/contract/channel';
import { failureOf, GradscopeError } from '../../../src-main/contract/errors';
import { checkGraph } from '../../../src-main/contract/validate';
import { dispatch, type Handlers } from '../../../src-main/service/dispatch';
import { GraphCompileError } from '../../../src-main/trainer/compile';
import { createAppStores } from '../../../src-renderer/app-context';
import { failureNotice, failureText } from '../../../src-renderer/lib/failure-text';
import { threeNodeGraph } from '../fixtures/graphs';

/** a graph the trainer refuses: its hidden node has 0 units */
function graphFailure() {
  const graph = threeNodeGraph({ hidden: { units: 0 } });
  return { graph, failure: failureOf(new GraphCompileError(checkGraph(graph, { inputDim: 2, classes: 3 }).problems), 'startTraining failed: ') };
}

function stores() {
  const api = { call: async () => ({ ok: true, value: null }), onEvent: () => () => undefined } as unknown as GradscopeApi;
  return createAppStores({ api, status: () => 'open' as const, onStatus: () => () => undefined });
}

describe('what the UI shows for a failed call', () => {
  it('shows nothing for a call the page itself cancelled', () => {
    expect(failureText(CANCELLED)).toBeNull();
    expect(failureText(CANCELLED, 'Model export failed')).toBeNull();
    const s = stores();
    s.ui.notifyFailure(CANCELLED, 'not saved');
    expect(s.ui.notices).toEqual([]);
  });

  it('shows the message after what the user was doing, and keeps the node a graph failure is about', () => {
    const { failure } = graphFailure();
    expect(failure).toMatchObject({ kind: 'graph', where: { node: 'h', field: 'units' } });
    const n = failureNotice(failure, 'Training not started');
    // the message already names the node and the field: it is not repeated
    expect(n).toEqual({ text: 'Training not started: startTraining failed: node h: Units 0 is out of range (1 to 4096)', node: 'h' });
    expect(failureText(failure)).toBe('startTraining failed: node h: Units 0 is out of range (1 to 4096)');
  });

  it('a notice about a node carries it, and selecting it selects that node in the editor', () => {
    const { graph, failure } = graphFailure();
    const s = stores();
    s.editor.load({ graph: Graph.parse(graph), layout: {}, training: s.editor.training, name: 'broken', path: null }, true);
    s.ui.notifyFailure(failure);
    expect(s.ui.notices).toHaveLength(1);
    expect(s.ui.notices[0]).toMatchObject({ kind: 'error', node: 'h', text: expect.stringMatching(/node h: Units 0/) });
    expect(s.editor.selected).toBeNull();
    s.editor.select({ nodes: [s.ui.notices[0]!.node!] }); // what the notice's "Select h" button does
    expect(s.editor.selected?.id).toBe('h');
  });

  it('names where it happened when the message does not', () => {
    const f = failureOf(
      new GradscopeError('export', 'could not write the weights', { node: 'h2', file: '/tmp/out/model.json', line: 3, column: 7 }),
      'exportModel failed: ',
    );
    expect(failureText(f, 'Model export failed')).toBe(
      'Model export failed: exportModel failed: could not write the weights (node “h2”, file /tmp/out/model.json:3:7)',
    );
    const inLine = failureOf(new GradscopeError('dataset', 'iris.csv: bad number "x"', { file: 'iris.csv', line: 4 }));
    expect(failureText(inLine)).toBe('iris.csv: bad number "x" (line 4)');
  });

  it('a request that does not fit the contract is kind invalid, naming the field, and shows as its message', async () => {
    const handlers = {} as Handlers;
    const unknown = await dispatch(handlers, 'deleteEverything', {});
    expect(unknown).toMatchObject({ ok: false, kind: 'invalid', where: { field: 'method' } });
    const bad = await dispatch(handlers, 'getPreset', { name: 42 });
    expect(bad).toMatchObject({ ok: false, kind: 'invalid', where: { field: 'name' }, error: expect.stringMatching(/^getPreset: name: /) });
    if (bad.ok) throw new Error('unreachable');
    expect(failureText(bad, 'Template not loaded')).toBe(`Template not loaded: ${bad.error}`);
  });
});
