import { analyze } from '../../../lib/analysis/index';
import type { AnalysisInput, PolicyModel } from '../../../lib/analysis/types';

/**
 * Analyse a snippet; lines may be given as an array. Snippets are rarely whole documents, so the
 * extraction is forced (`force: true`) unless the test says otherwise; `isPolicy` is still the
 * detector's verdict.
 */
export function run(text: string | string[], extra: Partial<AnalysisInput> = {}): PolicyModel {
  return analyze({ text: Array.isArray(text) ? text.join('\n') : text, force: true, ...extra });
}

/** Own (non-inherited) assignments of a measure. */
export function own(m: PolicyModel, id: string) {
  return m.assignments.filter((a) => a.measureId === id && !a.inherited);
}
