// The CLI reads every file through the checked reader and resolves relative paths against its injected
// working directory (io.cwd), never process.cwd(): run in-process with io.cwd a temp folder.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src-main/cli/main';
import { getPreset } from '../../../src-main/export/presets';

const tmp = () => mkdtempSync(path.join(tmpdir(), 'gradscope-cwd-'));

async function run(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    cwd,
    onInterrupt: () => () => undefined,
  });
  return { code, stdout, stderr };
}

describe('CLI paths and reads', () => {
  it('reads a relative project file and a relative --data CSV from io.cwd, not the process folder', async () => {
    const dir = tmp();
    expect(process.cwd()).not.toBe(dir);
    writeFileSync(path.join(dir, 'broken.json'), '{\n  "format": oops\n}');
    const broken = await run(['train', 'broken.json'], dir);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toBe(`gradscope: ${path.join(dir, 'broken.json')}: not valid JSON at line 2, column 13: unexpected character\n`);
    writeFileSync(path.join(dir, 'net.json'), JSON.stringify(getPreset('spiral')));
    writeFileSync(path.join(dir, 'rows.csv'), 'a,b\n1,2\n');
    const r = await run(['probe', 'net.json', '--data', 'csv:rows.csv:label'], dir);
    expect(r.stderr).toBe(`gradscope: ${path.join(dir, 'rows.csv')}: line 1: no column named "label" in the header (columns: a, b)\n`);
    expect(r.code).toBe(2);
  });

  it('import-run and predict refuse a folder, a FIFO or a broken model.json in one line naming the file', async () => {
    const dir = tmp();
    mkdirSync(path.join(dir, 'logs'));
    writeFileSync(path.join(dir, 'p.json'), JSON.stringify(getPreset('spiral')));
    execFileSync('mkfifo', [path.join(dir, 'pipe.jsonl')]);
    const folder = await run(['import-run', 'logs', '--into', 'p.json'], dir);
    expect(folder.stderr).toBe(`gradscope: ${path.join(dir, 'logs')}: is a folder, not a run log file\n`);
    // a FIFO would block a plain read forever; the checked reader refuses it at once
    const fifo = await run(['import-run', 'pipe.jsonl', '--into', 'p.json'], dir);
    expect(fifo.stderr).toBe(`gradscope: ${path.join(dir, 'pipe.jsonl')}: is a pipe (FIFO), not a run log file\n`);
    mkdirSync(path.join(dir, 'model'));
    writeFileSync(path.join(dir, 'model', 'model.json'), '{"modelTopology": {},\n "weightsManifest": [}');
    writeFileSync(path.join(dir, 'rows.csv'), 'a,b\n1,2\n');
    const bad = await run(['predict', '--model', 'model', '--data', 'csv:rows.csv'], dir);
    expect(bad.stderr).toBe(`gradscope: ${path.join(dir, 'model', 'model.json')}: not valid JSON at line 2, column 22: expected a value\n`);
    mkdirSync(path.join(dir, 'model2', 'model.json'), { recursive: true });
    const dirAsFile = await run(['predict', '--model', 'model2', '--data', 'csv:rows.csv'], dir);
    expect(dirAsFile.stderr).toBe(`gradscope: ${path.join(dir, 'model2', 'model.json')}: is a folder, not a model.json file\n`);
    mkdirSync(path.join(dir, 'model3'));
    writeFileSync(path.join(dir, 'model3', 'model.json'), 'null');
    const nothing = await run(['predict', '--model', 'model3', '--data', 'csv:rows.csv'], dir);
    expect(nothing.stderr).toMatch(/model3[/\\]model\.json: has no data contract/);
    for (const r of [folder, fifo, bad, dirAsFile, nothing]) expect(r.code).toBe(2);
  });
});
