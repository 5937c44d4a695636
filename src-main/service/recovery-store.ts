// Recovery copies of unsaved work, one per window/tab: a tab writes and clears only its own copy
// (recovery-<tab>.gradscope.json). At start a tab gets its own copy (a reload), or else claims the
// newest copy of a tab that is no longer open (a restart after a crash), so two open tabs never offer
// each other's work. Without a tab (one Electron window) the single legacy file is used.
import { readdir, rename, stat, unlink, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parseProject, type Project } from '../contract/project';
import { writeFileAtomic } from '../export/atomic';
import { MAX_PROJECT_BYTES, readCheckedText, UnreadableFileError } from '../data/safe-read';
import { fail, fileError, ok } from './result';
import type { ApiResult } from '../contract/api';

const LEGACY = 'recovery.gradscope.json';
const PER_TAB = /^recovery-([A-Za-z0-9-]{1,64})\.gradscope\.json$/;

export class RecoveryStore {
  constructor(private readonly dir: string) {}

  fileFor(tab?: string): string {
    return join(this.dir, tab ? `recovery-${tab}.gradscope.json` : LEGACY);
  }

  async write(project: Project, tab?: string): Promise<ApiResult<{ path: string }>> {
    const file = this.fileFor(tab);
    try {
      await mkdir(this.dir, { recursive: true });
      await writeFileAtomic(file, JSON.stringify(project) + '\n');
    } catch (e) {
      return fail(fileError('write the recovery copy', file, e));
    }
    return ok({ path: file });
  }

  async read(tab?: string, liveTabs: readonly string[] = []): Promise<ApiResult<Project | null>> {
    const own = this.fileFor(tab);
    const mine = await this.readFile(own);
    if (mine !== 'missing' || !tab) return mine === 'missing' ? ok(null) : mine;
    // no copy of our own: take over the newest copy left by a tab that is not open any more
    for (const name of await this.orphans(tab, liveTabs)) {
      try {
        await rename(join(this.dir, name), own);
      } catch (e) {
        if ((e as { code?: unknown }).code === 'ENOENT') continue; // another tab claimed it first
        return fail(fileError('take over the recovery copy', join(this.dir, name), e));
      }
      const r = await this.readFile(own);
      return r === 'missing' ? ok(null) : r;
    }
    return ok(null);
  }

  async clear(tab?: string): Promise<ApiResult<null>> {
    const file = this.fileFor(tab);
    try {
      await unlink(file);
    } catch (e) {
      if ((e as { code?: unknown }).code !== 'ENOENT') return fail(fileError('delete the recovery copy', file, e));
    }
    return ok(null);
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
