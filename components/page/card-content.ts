/**
 * The card's content for an analysis highlight (an action area, a unit, a citation, a deadline),
 * from the model and the span's key (lib/page/spans: "area:i", "unit:i:j", "cite:i",
 * "deadline:i"). Pure, shared by the page's UI and the file viewer; the analyst's own highlights
 * ("user:id") are the caller's, who holds them.
 */
import type { PolicyModel } from '../../lib/analysis/types';
import type { CardContent } from './Card';

export function analysisCardContent(model: PolicyModel, key: string): CardContent | null {
  const [kind, a, b] = key.split(':');
  const measure = (id: string | null | undefined) => (id ? (model.measures.find((m) => m.id === id) ?? null) : null);
  if (kind === 'area') {
    const area = model.actionAreas[Number(a)];
    if (!area) return null;
    const m = measure(area.measureId);
    const prefix = area.measureId + '.';
    const count = model.measures.filter((x) => x.id === area.measureId || x.id.startsWith(prefix)).length;
    return { kind: 'area', name: area.name, measures: Math.max(0, count - 1) || count, measurePath: m?.path ?? null };
  }
  if (kind === 'unit') {
    const as = model.assignments[Number(a)];
    const mention = as?.mentions[Number(b)];
    if (!as || !mention) return null;
    const m = measure(as.measureId);
    const others = as.units.flatMap((u, i) => (u === mention.text ? [] : [as.roles?.[i] ? `${u}（${as.lead.includes(u) ? '牵头' : as.roles[i]}）` : u]));
    return {
      kind: 'unit',
      text: mention.text,
      canonical: mention.canonical,
      role: mention.role,
      ...(mention.word ? { word: mention.word } : {}),
      others,
      measurePath: m?.path ?? null,
      measureTitle: m?.title ?? null,
      inherited: as.inherited,
    };
  }
  if (kind === 'cite') {
    const c = model.citations?.[Number(a)];
    if (!c) return null;
    return { kind: 'citation', title: c.title, docNumber: c.docNumber, relation: c.relation, verb: c.verb, measurePath: measure(c.measureId)?.path ?? null };
  }
  if (kind === 'deadline') {
    const d = model.deadlines[Number(a)];
    if (!d) return null;
    return { kind: 'deadline', text: d.text, date: d.date, deadlineKind: d.kind, measurePath: measure(d.measureId)?.path ?? null };
  }
  return null;
}
