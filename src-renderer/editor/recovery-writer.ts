// The recovery copy as the page sends it: each run once. The service keeps the runs of the copy it
// last wrote (service/recovery-store.ts), so a write carries the project with only the runs that copy
// lacks and names the others by id; when the service does not hold one of them (it restarted, a write
// failed), the whole copy goes again. However many runs the session holds, a change sends what changed.
import type { ApiResult, GradscopeApi } from '../../src-main/contract/api';
import type { Project } from '../../src-main/contract/project';

/** The copy to write: the project with only the runs `sent` lacks, and the ids of all its runs in order. */
export type RecoveryCopy = (sent: ReadonlySet<string>) => { project: Project; runIds: string[] };

export class RecoveryWriter {
  /** ids of the runs the service's copy holds, as its last write answered */
  private held: ReadonlySet<string> = new Set();
  /** runs the service was given elsewhere (kept in the run history) and keeps for the next copy */
  private offered = new Set<string>();

  constructor(private readonly api: Pick<GradscopeApi, 'call'>) {}

  async write(copy: RecoveryCopy, tab?: string): Promise<ApiResult<{ path: string }>> {
    const where = tab ? { tab } : {};
    let { project, runIds } = copy(new Set([...this.held, ...this.offered]));
    let r = await this.api.call('writeRecovery', project.runs.length < runIds.length ? { project, runIds, ...where } : { project, ...where });
    if (r.ok && r.value.missing) {
      // the service no longer holds some runs this page thought it did: send the whole copy
      ({ project, runIds } = copy(new Set()));
      r = await this.api.call('writeRecovery', { project, ...where });
    }
    this.held = r.ok && !r.value.missing ? new Set(runIds) : new Set();
    this.offered = new Set();
    return r;
  }

  /** The service was given this finished run elsewhere (the run history kept it): the next copy names it without sending it. */
  offer(runId: string): void {
    this.offered.add(runId);
  }

  /** The copy was deleted: the next write sends every run. */
  forget(): void {
    this.held = new Set();
  }
}
