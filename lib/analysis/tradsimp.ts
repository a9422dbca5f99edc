/**
 * Traditional → simplified, one code unit to one code unit, as the engine's view folds it
 * (lib/analysis/normalize.ts): so that matching works on traditional-script reprints while every
 * offset stays an offset into the original text. The pairs are OpenCC's, generated into
 * tradsimp-data.ts by lib/analysis/data/build-tradsimp.ts (which says which pairs are kept).
 */
import { SIMP, TRAD } from './tradsimp-data';

export const TRAD_TO_SIMP: ReadonlyMap<string, string> = (() => {
  const m = new Map<string, string>();
  for (let i = 0; i < TRAD.length; i++) m.set(TRAD[i]!, SIMP[i]!);
  return m;
})();
