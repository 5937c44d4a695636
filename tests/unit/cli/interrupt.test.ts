// Ctrl-C during `gradscope train` never replaces a complete export: the half-trained model goes to a
// separate folder, and the message says where.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, runCli } from './run-cli';

describe('gradscope train, interrupted', () => {
  it('leaves an earlier complete export untouched and writes the partial model beside it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gradscope-cli-int-'));
    expect((await runCli(['train', '--preset', 'spiral', '--epochs', '2', '--out', 'model'], dir)).code).toBe(0);
    const before = { json: readFileSync(path.join(dir, 'model', 'model.json')), weights: readFileSync(path.join(dir, 'model', 'weights.bin')) };

    const child = spawn(process.execPath, [BIN, 'train', '--preset', 'spiral', '--epochs', '100000', '--seed', '9', '--out', 'model'], { cwd: dir });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const code = new Promise<number | null>((r) => child.on('close', (c) => r(c)));
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (d) => {
        stdout += d;
        if (/^epoch\s+2\/100000/m.test(stdout)) resolve();
      });
      void code.then(() => resolve());
    });
    child.kill('SIGINT');
    expect(await code).toBe(130);
    expect(stdout).toMatch(
      /interrupted: the partly trained model \((the weights of epoch \d+|stopped during epoch \d+)\) was written to .*model\.partial; .*model was left as it was/,
    );
    expect(readFileSync(path.join(dir, 'model', 'model.json')).equals(before.json)).toBe(true);
    expect(readFileSync(path.join(dir, 'model', 'weights.bin')).equals(before.weights)).toBe(true);
    expect(existsSync(path.join(dir, 'model.partial', 'model.json'))).toBe(true);
    expect(JSON.parse(readFileSync(path.join(dir, 'model.partial', 'model.json'), 'utf8')).userDefinedMetadata.gradscope.interrupted).toBe(true);
    expect(stderr).toMatch(/stopping after this step/);
  });
});
