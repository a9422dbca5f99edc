/**
 * Citation scoring for `npm run eval`: the engine's `citations` against hand-made lists.
 *   - `seeds/citations/expected.json`: the citation seeds (text pages written for the formats);
 *   - `tools/citations-real.json`: the citations of the real corpus's pages (`../shared/corpus`,
 *     read in place), labelled by hand from the pages, as a regression baseline.
 * A citation is matched by what it cites (title and 文号, compared without spaces, quotes and
 * brackets, traditional characters as simplified); precision and recall count those, and the
 * relation (implements / basis / follows / refers / transmits / mentions) is scored on the matched.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeFile } from './pipeline/node';
import { normalizeString } from '../lib/analysis/normalize';
import type { CitationRelation } from '../lib/analysis/types';

interface Expected {
  title: string | null;
  docNumber: string | null;
  relation: CitationRelation;
}

export interface CitationScore {
  docs: number;
  gold: number;
  predicted: number;
  matched: number;
  relationsRight: number;
  precision: number;
  recall: number;
  relation: number;
  /** What was missed or invented, per document ("- " missed, "+ " extra, "~ " wrong relation). */
  misses: string[];
}

const key = (c: { title: string | null; docNumber: string | null }) =>
  [c.title, c.docNumber].map((x) => (x ? normalizeString(x).replace(/[《》〈〉<>“”"'‘’\s]/g, '') : '')).join('|');

/** Score the files of `dir` named in `labels` ({ file: Expected[] }, other keys ignored). */
export async function scoreCitations(dir: string, labels: Record<string, unknown>): Promise<CitationScore> {
  const out: CitationScore = { docs: 0, gold: 0, predicted: 0, matched: 0, relationsRight: 0, precision: 1, recall: 1, relation: 1, misses: [] };
  for (const [file, list] of Object.entries(labels)) {
    if (!Array.isArray(list)) continue;
    const { model } = await analyzeFile(join(dir, file));
    const found = model.citations ?? [];
    const expected = list as Expected[];
    out.docs++;
    out.gold += expected.length;
    out.predicted += found.length;
    const pool = found.map((c) => ({ c, k: key(c), used: false }));
    for (const e of expected) {
      const hit = pool.find((p) => !p.used && p.k === key(e));
      if (!hit) {
        out.misses.push(`${file} - ${e.title ?? ''} ${e.docNumber ?? ''} (${e.relation})`);
        continue;
      }
      hit.used = true;
      out.matched++;
      if (hit.c.relation === e.relation) out.relationsRight++;
      else out.misses.push(`${file} ~ ${e.title ?? e.docNumber}: ${hit.c.relation}, expected ${e.relation}`);
    }
    for (const p of pool) if (!p.used) out.misses.push(`${file} + ${p.c.title ?? ''} ${p.c.docNumber ?? ''} (${p.c.relation})`);
  }
  out.precision = out.predicted ? out.matched / out.predicted : 1;
  out.recall = out.gold ? out.matched / out.gold : 1;
  out.relation = out.matched ? out.relationsRight / out.matched : 1;
  return out;
}

export function citationLine(name: string, s: CitationScore, verbose: boolean): string {
  const f = (x: number) => x.toFixed(3);
  const head = `${name}: ${s.docs} documents, ${s.gold} citations labelled, ${s.predicted} found — precision ${f(s.precision)}, recall ${f(s.recall)}, relation ${f(s.relation)}`;
  return verbose && s.misses.length ? `${head}\n  ${s.misses.join('\n  ')}` : head;
}

/** Both tables; null for a list that is not there. */
export async function citationScores(root: string, corpusDir: string): Promise<{ seeds: CitationScore; real: CitationScore | null }> {
  const seedDir = join(root, 'seeds', 'citations');
  const seeds = await scoreCitations(seedDir, JSON.parse(readFileSync(join(seedDir, 'expected.json'), 'utf8')));
  const realFile = join(root, 'tools', 'citations-real.json');
  const real =
    existsSync(realFile) && existsSync(join(corpusDir, 'docs'))
      ? await scoreCitations(join(corpusDir, 'docs'), JSON.parse(readFileSync(realFile, 'utf8')))
      : null;
  return { seeds, real };
}
