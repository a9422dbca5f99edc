/**
 * The "first listed leads" convention (列第一位者为牵头单位，下同 and its variants): where a
 * document states it. Read by the clause reader and by the lead decision.
 */
export const CONVENTION_RE =
  /(?:列|排|排列|排名|位列)(?:在)?(?:第一位|第一|首位|前面|最前)(?:的|者)?(?:单位|部门)?(?:为|是)(?:牵头|主要负责)|(?:第一个|首个|首位)(?:单位|部门)?为牵头/;

/** Position of the first "first listed leads" convention, or Infinity. */
export function conventionPosition(s: string): number {
  const m = CONVENTION_RE.exec(s);
  return m ? m.index : Infinity;
}
