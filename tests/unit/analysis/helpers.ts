import { analyze } from '../../../lib/analysis/index';
import type { AnalysisInput, PolicyModel } from '../../../lib/analysis/types';

/** Analyse a snippet; lines may be given as an array. */
export function run(text: string | string[], extra: Partial<AnalysisInput> = {}): PolicyModel {
  return analyze({ text: Array.isArray(text) ? text.join('\n') : text, ...extra });
}

/** Own (non-inherited) assignments of a measure. */
export function own(m: PolicyModel, id: string) {
  return m.assignments.filter((a) => a.measureId === id && !a.inherited);
}
