// `npm run bench -- --csv`: reading a large CSV dataset (BENCH_CSV_MB, default 200 MB, generated in a temp
// folder: 8 numeric features and a class label), before and after, in the same run. Each reader runs in its
// own process so its peak memory (max RSS) is its own:
//   before  data/csv.ts + data/csv-parse.ts as of commit 4beeb09 (the whole file read into one string, then
//           every record built), taken from git at run time, with its imports pointed at today's modules
//   after   today's loadCsv (streamed through csv-parse)
//   baseline  the same process importing the modules and reading nothing
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const BEFORE_COMMIT = '4beeb09';

async function generate(file: string, bytes: number): Promise<number> {
  const out = createWriteStream(file);
  let written = 0;
  let rows = 0;
  let seed = 12345;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32) * 2 - 1;
  const write = (s: string) => (out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r())));
  await write('f1,f2,f3,f4,f5,f6,f7,f8,label\n');
  while (written < bytes) {
    let chunk = '';
    for (let i = 0; i < 2000; i++, rows++) {
      const f = Array.from({ length: 8 }, () => rnd().toFixed(6));
      // every 1000th label is quoted across two lines, so the line counting is exercised
      const label = rows % 1000 === 0 ? `"class\n${rows % 3}"` : `class${rows % 3}`;
      chunk += `${f.join(',')},${label}\n`;
    }
    written += chunk.length;
    await write(chunk);
  }
  await new Promise<void>((r) => out.end(r));
  return rows;
}

/** The 4beeb09 reader, copied from git into `dir` with its imports pointed at today's modules. */
function checkoutBefore(dir: string): string {
  for (const name of ['csv.ts', 'csv-parse.ts']) {
    const r = spawnSync('git', ['show', `${BEFORE_COMMIT}:src-main/data/${name}`], { cwd: root, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`git show ${BEFORE_COMMIT}:src-main/data/${name} failed: ${r.stderr.trim()}`);
    const text = r.stdout
      .replace("from './safe-read'", `from '${path.join(root, 'src-main/data/safe-read')}'`)
      .replace("from './source'", `from '${path.join(root, 'src-main/data/source')}'`)
      .replace("from '../contract/training'", `from '${path.join(root, 'src-main/contract/training')}'`);
    writeFileSync(path.join(dir, name), text);
  }
  return path.join(dir, 'csv.ts');
}

interface ChildResult {
  ms: number;
  maxRssMb: number;
  rows: number;
}

function runChild(module: string, file: string): ChildResult | string {
  const r = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--child', module, file], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  if (r.status !== 0) return (r.stderr || `exit ${r.status}`).trim().split('\n').slice(-3).join(' ');
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as ChildResult;
}

async function child(module: string, file: string): Promise<void> {
  const { loadCsv } = (await import(pathToFileURL(module).href)) as { loadCsv: (f: string, l: string) => Promise<{ train: { n: number } }> };
  const t0 = performance.now();
  const rows = file === '-' ? 0 : (await loadCsv(file, 'label')).train.n;
  const ms = performance.now() - t0;
  process.stdout.write(JSON.stringify({ ms, maxRssMb: process.resourceUsage().maxRSS / 1024, rows }) + '\n');
}

export async function benchCsv(say: (line: string) => void): Promise<void> {
  const mb = Number(process.env.BENCH_CSV_MB ?? 200);
  const dir = mkdtempSync(path.join(tmpdir(), 'gradscope-bench-csv-'));
  try {
    const file = path.join(dir, 'large.csv');
    const rows = await generate(file, mb * 1024 * 1024);
    mkdirSync(path.join(dir, 'before'));
    const before = checkoutBefore(path.join(dir, 'before'));
    const after = path.join(root, 'src-main/data/csv.ts');
    say(`CSV reading: ${mb} MB, ${rows.toLocaleString('en-US')} rows × 8 features + label (${file}); each reader in its own process`);
    const show = (label: string, r: ChildResult | string) =>
      say(
        typeof r === 'string'
          ? `  ${label.padEnd(34)} failed: ${r}`
          : `  ${label.padEnd(34)} ${(r.ms / 1000).toFixed(1).padStart(6)} s   peak RSS ${Math.round(r.maxRssMb).toLocaleString('en-US').padStart(6)} MB   rows ${r.rows.toLocaleString('en-US')}`,
      );
    show('baseline (imports only)', runChild(after, '-'));
    show(`before (${BEFORE_COMMIT}: whole file, hand parser)`, runChild(before, file));
    show('after (streamed, csv-parse)', runChild(after, file));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') await child(process.argv[3]!, process.argv[4]!);
