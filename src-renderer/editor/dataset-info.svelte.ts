// Reads what the chosen dataset fixes about the graph (input width, classes) through the API,
// debounced and cached per dataset spec, and hands it to the editor for live validation.
import type { DatasetInfo } from '../../src-main/contract/api';
import type { DatasetSpec } from '../../src-main/contract/training';
import { DatasetSpec as DatasetSpecSchema } from '../../src-main/contract/training';
import { formatZodIssues } from '../../src-main/contract/project';
import type { TrainingApi } from '../training/session-state.svelte';
import { datasetKey, type EditorState } from './editor.svelte';
import { failureText } from '../lib/failure-text';

const DEBOUNCE_MS = 350;

export class DatasetInspector {
  private cache = new Map<string, DatasetInfo>();
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly api: TrainingApi,
    private readonly editor: EditorState,
  ) {}

  /** Call whenever the dataset spec may have changed (the app runs it in an $effect). */
  request(spec: DatasetSpec): void {
    const key = JSON.stringify(spec);
    const cached = this.cache.get(key);
    if (cached) {
      this.editor.setDataset({ status: 'ready', key, info: cached });
      return;
    }
    const parsed = DatasetSpecSchema.safeParse(spec);
    if (!parsed.success) {
      this.editor.setDataset({ status: 'error', key, message: formatZodIssues(parsed.error.issues) });
      return;
    }
    this.editor.setDataset({ status: 'loading', key });
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.fetch(key, parsed.data), DEBOUNCE_MS);
  }

  private async fetch(key: string, spec: DatasetSpec): Promise<void> {
    const r = await this.api.call('inspectDataset', { dataset: spec });
    // file-based sets can change on disk: cache only the built-in ones, and errors not at all
    if (r.ok && (spec.kind === 'mnist' || spec.kind === 'synthetic')) this.cache.set(key, r.value);
    if (datasetKey(this.editor.training) !== key) return; // the user moved on
    if (r.ok) return this.editor.setDataset({ status: 'ready', key, info: r.value });
    const message = failureText(r);
    if (message !== null) this.editor.setDataset({ status: 'error', key, message });
  }

  /** Forget cached answers (e.g. after picking a new file under the same path). */
  refresh(spec: DatasetSpec): void {
    this.cache.delete(JSON.stringify(spec));
    this.request(spec);
  }
}
