import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../../src-main/cli/args';
import { parseDataArg } from '../../../src-main/cli/data-arg';
import { logBars, ratioLine } from '../../../src-main/cli/format';

describe('gradscope argument parsing', () => {
  it('reads train and probe options', () => {
    expect(parseArgs(['train', 'p.json', '--epochs', '0', '--batch-size=16', '--seed', '7', '--out', 'o', '--json'])).toEqual({
      kind: 'train',
      source: { file: 'p.json', preset: null },
      data: null,
      seed: 7,
      json: true,
      backend: null,
      epochs: 0,
      batchSize: 16,
      out: 'o',
    });
    expect(parseArgs(['train', '--preset', 'x', '--backend', 'wasm-native'])).toMatchObject({ backend: 'wasm-native' });
    expect(parseArgs(['probe', '--preset', 'x', '--backend=cpu'])).toMatchObject({ backend: 'cpu' });
    expect(parseArgs(['probe', '--preset', 'relu-deep', '--batch', 'first:64', '--data', 'mnist:500'])).toMatchObject({
      kind: 'probe',
      source: { file: null, preset: 'relu-deep' },
      batch: 64,
      data: 'mnist:500',
      model: null,
    });
    expect(parseArgs(['probe', '--preset', 'x'])).toMatchObject({ batch: 128 });
  });

  it('reads predict, and the CSV task after FILE:LABEL', () => {
    expect(parseArgs(['predict', '--model', 'm', '--data', 'csv:rows.csv', '--json'])).toEqual({ kind: 'predict', model: 'm', file: 'rows.csv', json: true });
    expect(parseArgs(['predict', '--data=csv:C:/x.csv', '--model=m'])).toEqual({ kind: 'predict', model: 'm', file: 'C:/x.csv', json: false });
    const bad = (argv: string[]) => {
      try {
        parseArgs(argv);
        return '';
      } catch (e) {
        return (e as Error).message;
      }
    };
    expect(bad(['predict', '--data', 'csv:x.csv'])).toMatch(/^predict: which model\? Give --model DIR/);
    expect(bad(['predict', '--model', 'm', '--data', 'mnist'])).toBe('--data mnist: predict reads CSV rows; expected csv:FILE');
    expect(bad(['predict', '--model', 'm', '--data', 'csv:x.csv', '--epochs', '2'])).toBe('predict: unknown option --epochs');
    const spec = { kind: 'mnist' } as const;
    expect(parseDataArg('csv:d.csv:price:regression', spec)).toEqual({ kind: 'csv', file: 'd.csv', label: 'price', task: 'regression' });
    expect(parseDataArg('csv:d.csv:grade:classification', spec)).toEqual({ kind: 'csv', file: 'd.csv', label: 'grade', task: 'classification' });
    // a label column that happens to be called "regression" is still a label
    expect(parseDataArg('csv:d.csv:regression', spec)).toEqual({ kind: 'csv', file: 'd.csv', label: 'regression' });
  });

  it('names the argument at fault', () => {
    const err = (argv: string[]) => {
      try {
        parseArgs(argv);
        return '';
      } catch (e) {
        return (e as Error).message;
      }
    };
    expect(err(['train', '--preset', 'a', 'b.json'])).toBe('train: give a project file or --preset, not both');
    expect(err(['train', '--preset', 'a', '--epochs', '-1'])).toBe('--epochs -1: expected a whole number');
    expect(err(['train', '--preset', 'a', '--model', 'd'])).toBe('train: unknown option --model');
    expect(err(['train', '--preset', 'a', '--backend', 'gpu'])).toBe('--backend gpu: expected one of auto, tensorflow, wasm-native, wasm, cpu');
    expect(err(['probe', '--preset', 'a', '--batch', 'last:3'])).toBe('--batch last:3: expected first:N, e.g. first:128');
    expect(err(['probe', '--preset'])).toBe('--preset needs a value');
    expect(err(['probe', '--preset', 'a', '--seed', '1', '--seed', '2'])).toBe('--seed is given twice');
    expect(err(['train', '--preset', 'a', '--json=yes'])).toBe('--json takes no value (got --json=yes)');
    expect(err(['train', '--preset', 'a', '-x'])).toBe('train: unknown option -x');
    expect(err(['train', '--preset', 'a', '--epochs='])).toBe('--epochs needs a value');
    expect(err(['import-run', 'a.jsonl', '--into', 'p.json', '--labl', 'x'])).toBe('import-run: unknown option --labl');
    expect(err(['predict', '--model', 'm', 'rows.csv'])).toBe('predict: unexpected argument rows.csv (give --model DIR --data csv:FILE)');
    expect(err(['presets', 'all'])).toBe('presets: unexpected argument all');
    expect(err(['surface', '--fn', 'ravine', '--fn', 'saddle'])).toBe('--fn is given twice');
    expect(err(['surface', '--fn', 'ravine', '--steps'])).toBe('--steps needs a value');
  });

  it('takes negative values, repeated --opt, -h anywhere and files after --', () => {
    expect(parseArgs(['surface', '--fn', 'saddle', '--from', '-1.5,2', '--opt', 'sgd', '--opt=adam:lr=0.1'])).toMatchObject({
      kind: 'surface',
      fn: 'saddle',
      from: [-1.5, 2],
      opts: [{ optimizer: { kind: 'sgd' } }, { optimizer: { kind: 'adam' }, learningRate: 0.1 }],
    });
    expect(parseArgs(['train', '--preset', 'a', '-h', '--nonsense'])).toEqual({ kind: 'help' });
    expect(parseArgs(['train', '--epochs', '1', '--', '--odd-name.json'])).toMatchObject({
      kind: 'train',
      source: { file: '--odd-name.json', preset: null },
      epochs: 1,
    });
    expect(parseArgs(['import-run', 'r.jsonl', '--into=p.json', '--label', 'first try'])).toEqual({
      kind: 'import-run',
      log: 'r.jsonl',
      into: 'p.json',
      label: 'first try',
      json: false,
    });
  });

  it('maps --data to dataset specs', () => {
    const cur = { kind: 'synthetic', name: 'spiral', samples: 500, noise: 0.2, classes: 4 } as const;
    expect(parseDataArg('mnist', cur)).toEqual({ kind: 'mnist' });
    expect(parseDataArg('mnist:300', cur)).toEqual({ kind: 'mnist', limit: 300 });
    expect(parseDataArg('xor', cur)).toEqual({ kind: 'synthetic', name: 'xor', samples: 500, noise: 0.2, classes: undefined });
    expect(parseDataArg('gauss', { kind: 'mnist' })).toEqual({ kind: 'synthetic', name: 'gauss', samples: 1000, noise: 0.1 });
    expect(parseDataArg('idx:/data/fashion', cur)).toEqual({ kind: 'idx', dir: '/data/fashion' });
    expect(parseDataArg('csv:C:/data/iris.csv:species', cur)).toEqual({ kind: 'csv', file: 'C:/data/iris.csv', label: 'species' });
    expect(() => parseDataArg('csv:iris.csv', cur)).toThrow('expected csv:FILE:LABEL');
    expect(() => parseDataArg('imagenet', cur)).toThrow('--data imagenet: unknown dataset');
  });

  it('draws gradient bars on a shared log scale and reports the first/last hidden ratio', () => {
    const { bars } = logBars([1e-5, 1e-3, 1e-1], 40);
    expect(bars.map((b) => b.length)).toEqual([1, 20, 40]);
    const r = ratioLine([
      { name: 'h1', hidden: true, value: 1e-6 },
      { name: 'h2', hidden: true, value: 1e-2 },
      { name: 'out', hidden: false, value: 1 },
    ]);
    expect(r!.ratio).toBeCloseTo(1e-4);
    expect(r!.text).toContain('vanishes toward the input (4.0 orders of magnitude)');
  });
});
