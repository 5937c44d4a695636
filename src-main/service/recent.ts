// The recent-projects list: a small JSON file in the data dir, newest first. A damaged list is
// our own bookkeeping, not user work, so it is read as empty and rewritten.
import { readFile, mkdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { writeFileAtomic } from '../export/atomic';

export const RECENT_LIMIT = 10;

export class RecentList {
  readonly file: string;

  constructor(private readonly dataDir: string) {
    this.file = join(dataDir, 'recent.json');
  }

  /** Paths that still exist, newest first. */
  async list(): Promise<string[]> {
    const all = await this.read();
    const present: string[] = [];
    for (const p of all) {
      const s = await stat(p).catch(() => null);
      if (s?.isFile()) present.push(p);
    }
    return present;
  }

  async add(path: string): Promise<string[]> {
    const abs = resolve(path);
    const next = [abs, ...(await this.read()).filter((p) => p !== abs)].slice(0, RECENT_LIMIT);
    await mkdir(this.dataDir, { recursive: true });
    await writeFileAtomic(this.file, JSON.stringify({ recent: next }, null, 2) + '\n');
    return next;
  }

  private async read(): Promise<string[]> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch {
      return [];
    }
    try {
      const raw = JSON.parse(text) as { recent?: unknown };
      return Array.isArray(raw.recent) ? raw.recent.filter((p): p is string => typeof p === 'string') : [];
    } catch {
      return [];
    }
  }
}
