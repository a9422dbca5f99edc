/**
 * Action areas: the second-level headings under a top-level section titled 重点行动 / 重点任务 /
 * 主要任务 / 重点工作 (and close variants). Names are normalized ("互联网十" → "互联网+",
 * straight quotes → “”), without a trailing 。.
 */
import type { ActionArea } from './types';
import { curlyQuotes } from './normalize';

const ACTION_SECTION_RE =
  /^(?:[一二三四五六七八九十]+[、.])?(?:重点行动|重点任务|主要任务|重点工作|主要行动|重大行动|重点工程|主要工作|重点领域|重点举措|主要举措|重点改革任务|工作任务|重点专项行动|专项行动|主要内容)/;

export interface AreaCandidate {
  id: string;
  parentId: string | null;
  /** Normalized title text (from the normalized view). */
  normTitle: string;
  start: number;
  end: number;
}

export function findActionAreas(measures: readonly AreaCandidate[]): ActionArea[] {
  const sections = new Set<string>();
  for (const m of measures) {
    if (m.parentId === null && ACTION_SECTION_RE.test(m.normTitle)) sections.add(m.id);
  }
  const out: ActionArea[] = [];
  for (const m of measures) {
    if (m.parentId !== null && sections.has(m.parentId)) {
      const name = curlyQuotes(m.normTitle)
        .replace(/[。.;；,，:：\s]+$/, '')
        .trim();
      if (name) out.push({ name, measureId: m.id, start: m.start, end: m.end });
    }
  }
  return out;
}
