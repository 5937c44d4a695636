// The per-user run history as the app sees it: every run this app trains is kept there when it ends
// (whatever happens to the project afterwards: New, another project), and can be reopened into the
// project at hand. The service keeps the files (service/history-store.ts).
import type { GradscopeApi } from '../../src-main/contract/api';
import type { HistoryEntry, HistoryFile } from '../../src-main/contract/history';
import type { SweepRecord } from '../../src-main/contract/sweep';
import type { RunRecord } from '../../src-main/contract/project';
import { failureText } from '../lib/failure-text';
import { storableRunInSteps } from './storable-run';
import { nextTask } from '../lib/next-task';
import type { UiState } from '../editor/ui-state.svelte';

export class RunArchive {
  entries = $state.raw<HistoryEntry[]>([]);
  /** why the list could not be read, in words */
  error = $state<string | null>(null);
  loaded = $state(false);
  /** a run was kept (the service has it now: the recovery copy need not send it again) */
  onKept: ((runId: string) => void) | null = null;

  constructor(
    private readonly api: Pick<GradscopeApi, 'call'>,
    private readonly ui: Pick<UiState, 'notifyFailure'>,
  ) {}

  async refresh(): Promise<void> {
    const r = await this.api.call('listHistory', {});
    this.loaded = true;
    if (r.ok) {
      this.entries = r.value;
      this.error = null;
    } else this.error = failureText(r, 'cannot read the run history');
  }

  /** Keep an ended run; project: the name of the project it was trained in. */
  async record(run: RunRecord, project: string): Promise<void> {
    // checking a long run and sending it each take a while: they are tasks of their own, not part of the one that ended the run
    await nextTask();
    const stored = await storableRunInSteps(run);
    if (!stored.ok) return this.ui.notifyFailure(stored, 'not kept in the run history');
    await nextTask();
    const r = await this.api.call('addHistory', { run: stored.run, project: project.slice(0, 200) });
    if (!r.ok) return this.ui.notifyFailure(r, 'not kept in the run history');
    this.onKept?.(run.id);
    this.entries = [r.value, ...this.entries.filter((e) => e.id !== r.value.id)];
  }

  /** Keep an ended sweep with its variants' runs. */
  async recordSweep(sweep: SweepRecord, runs: RunRecord[], project: string): Promise<void> {
    const r = await this.api.call('addSweepHistory', { sweep, runs, project: project.slice(0, 200) });
    if (!r.ok) return this.ui.notifyFailure(r, 'sweep not kept in the run history');
    this.entries = [r.value, ...this.entries.filter((e) => e.id !== r.value.id)];
  }

  /** The entry's file (a run, or a sweep with its runs), or null after telling the user why it cannot be opened. */
  async open(id: string): Promise<HistoryFile | null> {
    const r = await this.api.call('readHistory', { id });
    if (!r.ok) {
      this.ui.notifyFailure(r, 'cannot open it');
      return null;
    }
    return r.value;
  }

  async remove(id: string): Promise<void> {
    const r = await this.api.call('removeHistory', { id });
    if (!r.ok) return this.ui.notifyFailure(r, 'cannot remove the run');
    this.entries = this.entries.filter((e) => e.id !== id);
  }
}
