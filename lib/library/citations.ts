/**
 * Citations between kept documents: what each cites, resolved to a kept document by its 发文字号
 * or its normalised title, and what cites it — "cites" and "cited by", and for a central
 * document the kept documents that implement it (为贯彻落实《…》). Pure.
 *
 * A title matches a kept document's title, or the document a notice transmits
 * (关于印发《X》的通知 is matched by X too); titles and 文号 are compared without spaces, quotes,
 * brackets and with traditional characters as simplified.
 */
import type { CitationRef as Citation } from './entry';
import { normalizeString } from '../analysis/normalize';

export interface CitingDocument {
  id: string;
  title: string | null;
  docNumber: string | null;
  citations: readonly Citation[];
}

interface ResolvedCitation {
  citation: Citation;
  /** The kept document it names, or null when it is not kept. */
  target: string | null;
}

export interface CitationLinks {
  /** By document: what it cites (in text order, one entry per distinct cited document). */
  cites: Map<string, ResolvedCitation[]>;
  /** By document: the kept documents citing it, with how. */
  citedBy: Map<string, { from: string; citation: Citation }[]>;
}

const key = (s: string) =>
  normalizeString(s)
    .replace(/[《》〈〉<>“”"'‘’()（）\s]/g, '')
    .replace(/[[【]/g, '〔')
    .replace(/[\]】]/g, '〕');

/** The titles a kept document answers to: its own, and what a 关于印发《X》的通知 transmits. */
function titleKeys(title: string | null): string[] {
  if (!title) return [];
  const out = [key(title)];
  const m = /印发《(.+)》的?通知/.exec(title) ?? /印发(.+)的通知$/.exec(title);
  if (m) out.push(key(m[1]!));
  return out;
}

export function linkCitations(docs: readonly CitingDocument[]): CitationLinks {
  const byNumber = new Map<string, string>();
  const byTitle = new Map<string, string>();
  for (const d of docs) {
    if (d.docNumber) byNumber.set(key(d.docNumber), d.id);
    for (const k of titleKeys(d.title)) byTitle.set(k, d.id);
  }
  const cites = new Map<string, ResolvedCitation[]>();
  const citedBy = new Map<string, { from: string; citation: Citation }[]>();
  for (const d of docs) {
    const seen = new Set<string>();
    const list: ResolvedCitation[] = [];
    for (const c of d.citations) {
      const target = (c.docNumber && byNumber.get(key(c.docNumber))) || (c.title && byTitle.get(key(c.title))) || null;
      if (target === d.id) continue;
      const what = target ?? `${c.title ? key(c.title) : ''}|${c.docNumber ? key(c.docNumber) : ''}`;
      if (seen.has(what)) continue;
      seen.add(what);
      list.push({ citation: c, target });
      if (target) (citedBy.get(target) ?? citedBy.set(target, []).get(target)!).push({ from: d.id, citation: c });
    }
    cites.set(d.id, list);
  }
  return { cites, citedBy };
}
