// The per-user run history in the data dir (history/): one file per entry and an index of their
// summaries. Every file is validated when read; a damaged entry is left in place and named, never
// overwritten; a damaged index (our own bookkeeping) is moved aside and rebuilt from the entries.
import type { z } from 'zod';
import { mkdir, readdir, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { ApiResult } from '../contract/api';
import type { RunRecord } from '../contract/project';
import { formatZodIssues } from '../contract/project';
import {
  HISTORY_FORMAT,
  HISTORY_LIMIT,
  HISTORY_VERSION,
  HistoryFile,
  HistoryIndex,
  HistoryRunFile,
  HistorySweepFile,
  historyEntryOf,
  historyEntryOfFile,
  historySweepEntryOf,
  type HistoryEntry,
} from '../contract/history';
import type { SweepRecord } from '../contract/sweep';
import { MAX_PROJECT_BYTES, readCheckedText } from '../data/safe-read';
import { writeFileAtomic } from '../export/atomic';
import { fail, fileError, ok } from './result';

const INDEX = 'index.json';
const ENTRY = /^([A-Za-z0-9-]{1,80})\.json$/;

type Parsed<T> = { ok: true; value: T } | { ok: false; error: string } | 'missing';

export class HistoryStore {
  readonly dir: string;
  /** index updates run one after another (two tabs may finish runs at once) */
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    dataDir: string,
    private readonly limit = HISTORY_LIMIT,
  ) {
    this.dir = join(dataDir, 'history');
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.chain.then(work, work);
    this.chain = next.catch(() => undefined);
    return next;
  }

  /** The entries, newest first. */
  list(): Promise<ApiResult<HistoryEntry[]>> {
    return this.serial(async () => {
      const index = await this.index();
      return index.ok ? ok(index.value) : index;
    });
  }

  /** Keep a run (again: the same run replaces its entry). */
  addRun(run: RunRecord, project: string): Promise<ApiResult<HistoryEntry>> {
    const entry = historyEntryOf(run, project);
    const file: HistoryRunFile = { format: HISTORY_FORMAT, version: HISTORY_VERSION, project: entry.project, run };
    return this.add(entry, file, HistoryRunFile, `run "${run.label}"`);
  }

  /** Keep a finished sweep with its variants' runs. */
  addSweep(sweep: SweepRecord, runs: RunRecord[], project: string): Promise<ApiResult<HistoryEntry>> {
    const entry = historySweepEntryOf(sweep, project);
    const file: HistorySweepFile = { format: HISTORY_FORMAT, version: HISTORY_VERSION, project: entry.project, sweep, runs };
    return this.add(entry, file, HistorySweepFile, `sweep "${sweep.label}"`);
  }

  private add(entry: HistoryEntry, file: HistoryFile, schema: z.ZodType, what: string): Promise<ApiResult<HistoryEntry>> {
    return this.serial(async () => {
      const text = JSON.stringify(file);
      // checked the way it will be read back: an entry that would not reopen is refused, not kept
      const back = schema.safeParse(JSON.parse(text));
      if (!back.success) return fail(`${what} was not added to the history: ${formatZodIssues(back.error.issues)}`);
      const index = await this.index();
      if (!index.ok) return index;
      try {
        await mkdir(this.dir, { recursive: true });
        await writeFileAtomic(this.path(entry.id), text + '\n');
      } catch (e) {
        return fail(fileError('add to the run history', this.path(entry.id), e));
      }
      const entries = [entry, ...index.value.filter((e) => e.id !== entry.id)];
      for (const old of entries.splice(this.limit)) await unlink(this.path(old.id)).catch(() => undefined);
      const written = await this.writeIndex(entries);
      return written.ok ? ok(entry) : written;
    });
  }

  async read(id: string): Promise<ApiResult<HistoryFile>> {
    const r = await this.readEntry(id);
    if (r === 'missing') return fail(`the run history has no entry ${id} (it was removed)`);
    return r.ok ? ok(r.value) : fail(r.error);
  }

  remove(id: string): Promise<ApiResult<null>> {
    return this.serial(async () => {
      const index = await this.index();
      if (!index.ok) return index;
      try {
        await unlink(this.path(id));
      } catch (e) {
        if ((e as { code?: unknown }).code !== 'ENOENT') return fail(fileError('remove from the run history', this.path(id), e));
      }
      return this.writeIndex(index.value.filter((e) => e.id !== id));
    });
  }

  private path(id: string): string {
    return join(this.dir, `${id}.json`);
  }

  private async writeIndex(entries: HistoryEntry[]): Promise<ApiResult<null>> {
    const file = join(this.dir, INDEX);
    try {
      await mkdir(this.dir, { recursive: true });
      await writeFileAtomic(file, JSON.stringify({ format: HISTORY_FORMAT, version: HISTORY_VERSION, entries }) + '\n');
    } catch (e) {
      return fail(fileError('write the run history index', file, e));
    }
    return ok(null);
  }

  /** The index, or (missing or damaged) one rebuilt from the entry files and written back. */
  private async index(): Promise<ApiResult<HistoryEntry[]>> {
    const file = join(this.dir, INDEX);
    const r = await readJson(file, HistoryIndex, 'the run history index');
    if (r !== 'missing' && r.ok) return ok(r.value.entries);
    if (r !== 'missing') {
      // our own bookkeeping: moved aside (not deleted), then rebuilt from the entries
      await rename(file, join(this.dir, `index.damaged-${Date.now()}.json.bak`)).catch(() => undefined);
    }
    const entries = await this.rebuild();
    if (entries.length === 0 && r === 'missing') return ok([]);
    const written = await this.writeIndex(entries);
    return written.ok ? ok(entries) : written;
  }

  private async rebuild(): Promise<HistoryEntry[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return [];
    }
    const entries: HistoryEntry[] = [];
    for (const name of names) {
      const m = ENTRY.exec(name);
      if (!m || name === INDEX) continue;
      const r = await this.readEntry(m[1]!);
      // a damaged entry is left where it is; reading it names the problem
      if (r !== 'missing' && r.ok) entries.push(historyEntryOfFile(r.value));
    }
    return entries.sort((a, b) => b.startedAt.localeCompare(a.startedAt)).slice(0, this.limit);
  }

  private readEntry(id: string): Promise<Parsed<HistoryFile>> {
    // the schema by the file's kind, so a damaged file's message names the field at fault
    const schema = (raw: unknown): z.ZodType<HistoryFile> => (typeof raw === 'object' && raw !== null && 'sweep' in raw ? HistorySweepFile : HistoryRunFile);
    return readJson(this.path(id), schema, `run history entry ${id}`);
  }
}

async function readJson<T>(file: string, schemaOf: z.ZodType<T> | ((raw: unknown) => z.ZodType<T>), what: string): Promise<Parsed<T>> {
  let text: string;
  try {
    text = await readCheckedText(file, MAX_PROJECT_BYTES, what);
  } catch (e) {
    if ((e as { code?: unknown }).code === 'ENOENT') return 'missing';
    return { ok: false, error: fileError(`read ${what}`, file, e) };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, error: `${what} (${file}) is damaged (not valid JSON) and was left in place` };
  }
  const r = (typeof schemaOf === 'function' ? schemaOf(raw) : schemaOf).safeParse(raw);
  return r.success
    ? { ok: true, value: r.data }
    : { ok: false, error: `${what} (${file}) is damaged and was left in place: ${formatZodIssues(r.error.issues)}` };
}
