/**
 * A read-only index over a PolicyModel for the side panel: tree structure, effective units per
 * measure (own assignments, or the nearest ancestor's when a measure has none), deadlines and
 * action areas per measure. Build once per model (memoize on the model object); every view
 * function (filter, matrix, timeline, tree) takes the index.
 */
import type { Deadline, Measure, PolicyModel, RoleWord } from '../analysis/types';

export type Role = 'lead' | 'co';

export interface MeasureUnit {
  /** Identity for filters and the matrix: the canonical name, or the written form when unknown. */
  key: string;
  /** As written in the document (short form), for chips. */
  label: string;
  canonical: string | null;
  role: Role;
  /** The role as printed (牵头, 配合, 参与, 指导 …); null for models from before engine 1.1. */
  word: RoleWord | null;
  /**
   * True when the unit reaches this measure by inheritance: the engine marked the assignment
   * inherited (下同 / heading-level clause), or this measure has no clause of its own and takes
   * its nearest ancestor's.
   */
  inherited: boolean;
  /** The clause the unit came from, e.g. "(发展改革委、科技部等负责,列第一位者为牵头部门,下同)". */
  sourceText: string;
}

interface MeasureNode {
  measure: Measure;
  /** Position in document order (index into model.measures after sorting by start). */
  order: number;
  /** Depth in the tree, 1 = root (equals measure.level for well-formed models). */
  depth: number;
  parentId: string | null;
  children: string[];
  units: MeasureUnit[];
  deadlines: Deadline[];
  /** Action-area names written at this measure. */
  areas: string[];
  /** Own areas, or the nearest ancestor's (a 1./2. item belongs to its "互联网+" area). */
  effectiveAreas: string[];
}

export interface UnitSummary {
  key: string;
  canonical: string | null;
  /** Written forms seen, most frequent first. */
  labels: string[];
  /** Number of measures where the unit appears (effective), and where it leads. */
  measures: number;
  led: number;
  firstOrder: number;
}

export interface ViewIndex {
  model: PolicyModel;
  /** Measures in document order. */
  measures: Measure[];
  nodes: Map<string, MeasureNode>;
  roots: string[];
  units: UnitSummary[];
  /** Years of dated deadlines, ascending. */
  years: number[];
  /** Action-area names in document order, unique. */
  areas: string[];
}

/** Whitespace removed (OCR slips like "工业和信 息化部"), NFKC (full-width → half-width). */
function normalizeUnitText(s: string): string {
  return s.normalize('NFKC').replace(/\s+/g, '');
}

function unitKey(written: string, canonical: string | null): string {
  return canonical ? normalizeUnitText(canonical) : normalizeUnitText(written);
}

export function buildViewIndex(model: PolicyModel): ViewIndex {
  const measures = [...model.measures].sort((a, b) => a.start - b.start || a.level - b.level);
  const nodes = new Map<string, MeasureNode>();
  measures.forEach((m, order) => {
    nodes.set(m.id, {
      measure: m,
      order,
      depth: 1,
      parentId: null,
      children: [],
      units: [],
      deadlines: [],
      areas: [],
      effectiveAreas: [],
    });
  });
  const roots: string[] = [];
  for (const m of measures) {
    const node = nodes.get(m.id)!;
    const parent = m.parentId != null ? nodes.get(m.parentId) : undefined;
    if (parent && parent !== node) {
      node.parentId = m.parentId;
      parent.children.push(m.id);
    } else {
      roots.push(m.id);
    }
  }
  // Depth by walking from roots (parents come before children in document order).
  const stack = roots.map((id) => [id, 1] as [string, number]);
  while (stack.length) {
    const [id, depth] = stack.pop()!;
    const n = nodes.get(id)!;
    n.depth = depth;
    for (const c of n.children) stack.push([c, depth + 1]);
  }

  // Own units per measure, merged across the measure's clauses (lead wins over co).
  const own = new Map<string, MeasureUnit[]>();
  for (const a of model.assignments) {
    if (a.measureId == null || !nodes.has(a.measureId)) continue;
    const leadSet = new Set(a.lead.map(normalizeUnitText));
    const list = own.get(a.measureId) ?? [];
    a.units.forEach((written, i) => {
      const label = normalizeUnitText(written);
      const canonical = a.canonical[i] ?? null;
      const key = unitKey(written, canonical);
      const role: Role = leadSet.has(label) ? 'lead' : 'co';
      const word = a.roles?.[i] ?? null;
      const prev = list.find((u) => u.key === key);
      if (prev) {
        if (role === 'lead') {
          prev.role = 'lead';
          if (word) prev.word = word;
        }
        prev.inherited = prev.inherited && a.inherited;
      } else {
        list.push({ key, label, canonical, role, word, inherited: a.inherited, sourceText: a.sourceText });
      }
    });
    own.set(a.measureId, list);
  }
  for (const d of model.deadlines) {
    if (d.measureId != null) nodes.get(d.measureId)?.deadlines.push(d);
  }
  for (const ar of model.actionAreas) {
    const n = nodes.get(ar.measureId);
    if (n && !n.areas.includes(ar.name)) n.areas.push(ar.name);
  }
  // Effective units / areas in document order (ancestors are already resolved).
  for (const m of measures) {
    const n = nodes.get(m.id)!;
    const parent = n.parentId ? nodes.get(n.parentId) : undefined;
    const mine = own.get(m.id);
    n.units = mine ?? (parent ? parent.units.map((u) => ({ ...u, inherited: true })) : []);
    n.effectiveAreas = n.areas.length ? n.areas : parent ? parent.effectiveAreas : [];
  }

  const summaries = new Map<string, UnitSummary & { counts: Map<string, number> }>();
  for (const m of measures) {
    const n = nodes.get(m.id)!;
    for (const u of n.units) {
      let s = summaries.get(u.key);
      if (!s) {
        s = { key: u.key, canonical: u.canonical, labels: [], measures: 0, led: 0, firstOrder: n.order, counts: new Map() };
        summaries.set(u.key, s);
      }
      s.measures++;
      if (u.role === 'lead') s.led++;
      s.counts.set(u.label, (s.counts.get(u.label) ?? 0) + 1);
    }
  }
  const units: UnitSummary[] = [...summaries.values()].map(({ counts, ...s }) => ({
    ...s,
    labels: [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([l]) => l),
  }));

  const years = [
    ...new Set(
      model.deadlines.flatMap((d) => {
        const ys: number[] = [];
        if (d.date && /^\d{4}/.test(d.date)) ys.push(Number(d.date.slice(0, 4)));
        if (d.startDate && /^\d{4}/.test(d.startDate)) ys.push(Number(d.startDate.slice(0, 4)));
        return ys;
      }),
    ),
  ].sort((a, b) => a - b);
  const areas = [...new Set([...model.actionAreas].sort((a, b) => a.start - b.start).map((a) => a.name))];

  return { model, measures, nodes, roots, units, years, areas };
}

/** Ancestors of a measure, nearest first. */
export function ancestorsOf(index: ViewIndex, id: string): string[] {
  const out: string[] = [];
  let cur = index.nodes.get(id)?.parentId ?? null;
  const seen = new Set<string>();
  while (cur && !seen.has(cur)) {
    seen.add(cur);
    out.push(cur);
    cur = index.nodes.get(cur)?.parentId ?? null;
  }
  return out;
}

/** Units leading a measure (effective), as written. */
export function leadLabels(index: ViewIndex, measureId: string | null): string[] {
  if (!measureId) return [];
  return (index.nodes.get(measureId)?.units ?? []).filter((u) => u.role === 'lead').map((u) => u.label);
}

/** Display name of a unit in pickers: canonical, with the document's short form when it differs. */
export function unitDisplayName(u: UnitSummary): string {
  const short = u.labels[0];
  if (!u.canonical) return short ?? u.key;
  return short && short !== u.canonical ? `${u.canonical}（${short}）` : u.canonical;
}

/**
 * Each measure's own text: from its start to the start of its first child (or its end), so a
 * search hit inside item 2. does not also count as a hit of its section. This is the form
 * ReadyState.measureTexts expects.
 */
export function measureOwnTexts(measures: readonly Measure[], text: string): Record<string, string> {
  const firstChildStart = new Map<string, number>();
  for (const m of measures) {
    if (m.parentId != null) {
      const prev = firstChildStart.get(m.parentId);
      if (prev === undefined || m.start < prev) firstChildStart.set(m.parentId, m.start);
    }
  }
  const out: Record<string, string> = {};
  for (const m of measures) out[m.id] = text.slice(m.start, Math.min(m.end, firstChildStart.get(m.id) ?? m.end));
  return out;
}
