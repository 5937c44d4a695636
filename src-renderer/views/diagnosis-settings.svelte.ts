// The diagnosis thresholds the user edits; kept for the app's lifetime (and in localStorage when there is one).
import { DEFAULT_DIAGNOSIS_OPTIONS, type DiagnosisOptions } from '../../src-main/analysis/diagnosis';

const KEY = 'gradscope.diagnosisOptions';

function loadSaved(): DiagnosisOptions {
  try {
    const raw = typeof localStorage !== 'undefined' ? localStorage.getItem(KEY) : null;
    if (!raw) return { ...DEFAULT_DIAGNOSIS_OPTIONS };
    const parsed = JSON.parse(raw) as Record<string, unknown>;
    const out: DiagnosisOptions = { ...DEFAULT_DIAGNOSIS_OPTIONS };
    for (const k of Object.keys(DEFAULT_DIAGNOSIS_OPTIONS) as (keyof DiagnosisOptions)[]) {
      const v = parsed[k];
      if (typeof v === 'number' && Number.isFinite(v)) (out as unknown as Record<string, number | null>)[k] = v;
      else if (v === null && k === 'targetTrainAcc') out.targetTrainAcc = null;
    }
    return out;
  } catch {
    return { ...DEFAULT_DIAGNOSIS_OPTIONS };
  }
}

export class DiagnosisSettings {
  options = $state.raw<DiagnosisOptions>(loadSaved());

  set<K extends keyof DiagnosisOptions>(key: K, value: DiagnosisOptions[K]): void {
    this.options = { ...this.options, [key]: value };
    this.save();
  }

  reset(): void {
    this.options = { ...DEFAULT_DIAGNOSIS_OPTIONS };
    this.save();
  }

  private save(): void {
    try {
      if (typeof localStorage !== 'undefined') localStorage.setItem(KEY, JSON.stringify(this.options));
    } catch {
      // storage full or blocked: the settings still hold for this session
    }
  }
}

export const diagnosisSettings = new DiagnosisSettings();
