// Recovery copies of unsaved work, one per window/tab: a tab writes and clears only its own copy
// (recovery-<tab>.gradscope.json). At start a tab gets its own copy (a reload), or else claims the
// newest copy of a tab that is no longer open (a restart after a crash), so two open tabs never offer
// each other's work. Without a tab (one Electron window) the single legacy file is used.
//
// A copy is rewritten on every change while work is unsaved, and its runs are most of it: the store
// remembers the runs of the copy it last wrote (as their JSON text), so a write may send only the
// runs that are new and name the others by id (`runIds`). A run it does not hold is asked for
// (`missing`, nothing written) rather than dropped: the copy on disk is only ever replaced by a whole one.
// A run the service was just given elsewhere (kept in the run history when it ended) is offered to the
// store too, so the copy written after a run ends need not carry that run a second time.
import { readdir, rename, stat, unlink, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parseProject, type Project, type RunRecord } from '../contract/project';
import { writeFileAtomic } from '../export/atomic';
import { MAX_PROJECT_BYTES, readCheckedText, UnreadableFileError } from '../data/safe-read';
import { fail, fileError, ok } from './result';
import type { ApiResult } from '../contract/api';

const LEGACY = 'recovery.gradscope.json';
const PER_TAB = /^recovery-([A-Za-z0-9-]{1,64})\.gradscope\.json$/;
/** runs offered and not yet written into a copy, the newest kept */
const OFFERED_RUNS = 4;

export class RecoveryStore {
  /** per copy file: its runs as last written, id → JSON text */
  private readonly held = new Map<string, Map<string, string>>();
  /** runs the service was given elsewhere just now (the run history), by id, oldest first */
  private readonly offered = new Map<string, RunRecord>();
  /** writes and clears run one after another, so the runs held always match the copy on disk */
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly dir: string) {}

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.chain.then(work, work);
    this.chain = next.catch(() => undefined);
    return next;
  }

  /** A finished run the service was given elsewhere (already checked): a copy may name it without sending it. */
  offer(run: RunRecord): void {
    this.offered.delete(run.id);
    this.offered.set(run.id, run);
    for (const id of this.offered.keys()) if (this.offered.size > OFFERED_RUNS) this.offered.delete(id);
  }

  fileFor(tab?: string): string {
    return join(this.dir, tab ? `recovery-${tab}.gradscope.json` : LEGACY);
  }

  /**
   * Write the copy. `runIds`: every run of the copy, in order, when `project.runs` holds only some of
   * them (the others are the ones this tab's last copy held, or runs offered). Answers `missing` (and
   * writes nothing) when a named run is in none of those: the caller then sends them all.
   */
  write(project: Project, tab?: string, runIds?: readonly string[]): Promise<ApiResult<{ path: string; missing?: string[] }>> {
    return this.serial(async () => {
      const file = this.fileFor(tab);
      const before = this.held.get(file);
      const given = new Map(project.runs.map((r) => [r.id, r]));
      const order = runIds ?? project.runs.map((r) => r.id);
      const stray = project.runs.find((r) => !order.includes(r.id));
      if (stray) return fail(`the recovery copy was not written: run "${stray.label}" is not in its list of runs`);
      const missing = order.filter((id) => !given.has(id) && !before?.has(id) && !this.offered.has(id));
      if (missing.length > 0) return ok({ path: file, missing });
      const runs = order.map((id): [string, string] => {
        const run = given.get(id) ?? (before?.has(id) ? undefined : this.offered.get(id));
        return [id, run ? JSON.stringify(run) : before!.get(id)!];
      });
      const { runs: _runs, ...rest } = project;
      const head = JSON.stringify(rest);
      // the runs go last: the same project as JSON.stringify(project), without writing the held runs out again
      const text = `${head.slice(0, -1)}${head.length > 2 ? ',' : ''}"runs":[${runs.map(([, t]) => t).join(',')}]}\n`;
      try {
        await mkdir(this.dir, { recursive: true });
        await writeFileAtomic(file, text);
      } catch (e) {
        // what the file holds now is not known: the next write sends every run again
        this.held.delete(file);
        return fail(fileError('write the recovery copy', file, e));
      }
      this.held.set(file, new Map(runs));
      for (const id of order) this.offered.delete(id);
      return ok({ path: file });
    });
  }

  async read(tab?: string, liveTabs: readonly string[] = []): Promise<ApiResult<Project | null>> {
    const own = this.fileFor(tab);
    const mine = await this.readFile(own);
    if (mine !== 'missing' || !tab) return mine === 'missing' ? ok(null) : mine;
    // no copy of our own: take over the newest copy left by a tab that is not open any more
    for (const name of await this.orphans(tab, liveTabs)) {
      try {
        await rename(join(this.dir, name), own);
        this.held.delete(own);
        this.held.delete(join(this.dir, name));
      } catch (e) {
        if ((e as { code?: unknown }).code === 'ENOENT') continue; // another tab claimed it first
        return fail(fileError('take over the recovery copy', join(this.dir, name), e));
      }
      const r = await this.readFile(own);
      return r === 'missing' ? ok(null) : r;
    }
    return ok(null);
  }

  clear(tab?: string): Promise<ApiResult<null>> {
    return this.serial(async () => {
      const file = this.fileFor(tab);
      this.held.delete(file);
      try {
        await unlink(file);
      } catch (e) {
        if ((e as { code?: unknown }).code !== 'ENOENT') return fail(fileError('delete the recovery copy', file, e));
      }
      return ok(null);
    });
  }

  /** Copies of other tabs not in `liveTabs` (and the legacy copy), newest first. */
  private async orphans(tab: string, liveTabs: readonly string[]): Promise<string[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return [];
    }
    const live = new Set([tab, ...liveTabs]);
    const candidates = names.filter((n) => {
      if (n === LEGACY) return true;
      const m = PER_TAB.exec(n);
      return m !== null && !live.has(m[1]!);
    });
    const dated = await Promise.all(
      candidates.map(async (n) => ({
        n,
        t: await stat(join(this.dir, n)).then(
          (s) => s.mtimeMs,
          () => -1,
        ),
      })),
    );
    return dated
      .filter((d) => d.t >= 0)
      .sort((a, b) => b.t - a.t)
      .map((d) => d.n);
  }

  private async readFile(file: string): Promise<ApiResult<Project | null> | 'missing'> {
    let text: string;
    try {
      text = await readCheckedText(file, MAX_PROJECT_BYTES, 'recovery');
    } catch (e) {
      if ((e as { code?: unknown }).code === 'ENOENT') return 'missing';
      return fail(e instanceof UnreadableFileError ? `cannot read the recovery copy: ${e.message}` : fileError('read the recovery copy', file, e));
    }
    const r = parseProject(text, file);
    return r.ok ? ok(r.project) : fail(`the recovery copy is damaged and was left in place: ${r.error}`);
  }
}
