/**
 * Unit names for jieba's user dictionary, from the analysis gazetteer (one source of truth):
 * "工业和信息化部" stays one word instead of 工业/和/信息化/部, and is kept out of key terms
 * (units are shown as chips of their own).
 */
import { gazetteerNames } from '../analysis/gazetteer';

export function unitDictionaryWords(): string[] {
  return gazetteerNames();
}
