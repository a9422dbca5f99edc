/**
 * Unit names for jieba's user dictionary. Source of truth: the analysis gazetteer
 * (lib/analysis); wired when that module lands.
 */
export function unitDictionaryWords(): string[] {
  return [];
}
