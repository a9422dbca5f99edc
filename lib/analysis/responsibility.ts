/**
 * Stage "responsibility": who is responsible for each measure. The clauses found in the text
 * (lib/analysis/assignments: brackets, labelled fields, role verbs, standing rules) and the task
 * tables' unit cells are placed in their measures and decided (who leads, by the document's own
 * rule); then what measures without a clause of their own inherit:
 *   - a heading-level clause, by the measures under it;
 *   - a "下同" clause, by the siblings that follow;
 *   - a standing rule ("以下均由各市州人民政府负责落实，不再一一列出"), by the measures in its stretch.
 * Inherited entries repeat the assignment they come from with `inherited: true` and no mentions
 * (the units are printed once, where the clause is).
 */
import type { Assignment } from './types';
import { findClauses, tableClause } from './assignments';
import type { Clause } from './clause-content';
import { conventionPosition } from './convention';
import { decide } from './decide';
import { lookupUnit } from './gazetteer';
import type { EngineMeasure } from './measures';
import { origAt, origEnd, rawSlice, type TextView } from './normalize';
import { columnWord } from './tables';
import type { UnitSpan } from './units';

type M = EngineMeasure;

/** A standing implementer rule in force over a stretch of the document. */
interface Standing {
  clause: Clause;
  units: UnitSpan[];
  from: number;
  to: number;
}

/** An assignment with the position it sorts by (its clause, or the heading of the measure it is copied to). */
type Placed = { key: number; a: Assignment };

export function buildAssignments(
  v: TextView,
  ms: readonly M[],
  inTable: (pos: number) => boolean,
  docDate: string | null,
  innermost: (pos: number) => number,
): Assignment[] {
  const clauses = gatherClauses(v, ms, inTable, docDate);
  const idIndex = new Map(ms.map((m, i) => [m.id, i]));
  const measureOf = clauses.map((c) => (c.boundMeasure !== undefined ? (idIndex.get(c.boundMeasure) ?? -1) : innermost(c.start)));
  const rules = standingRules(v, ms, clauses, measureOf);
  const render = renderer(v, ms, rules, docDate);

  const out: Placed[] = [];
  const own: Clause[][] = ms.map(() => []);
  const rendered = new Map<Clause, Assignment>();
  clauses.forEach((c, k) => {
    // A clause that only states a standing rule outside any bracket names no one itself.
    if (!c.groups.length) return;
    const mi = measureOf[k]!;
    if (mi >= 0) own[mi]!.push(c);
    const a = render(c, mi);
    rendered.set(c, a);
    out.push({ key: c.start, a });
  });
  const covered = inherit(ms, own, rendered, out);
  out.push(...standingOnly(v, ms, rules, own, covered, docDate));
  out.sort((x, y) => x.key - y.key);
  return out.map((x) => x.a);
}

/** The text's clauses and one per task-table row with unit cells, in text order. */
function gatherClauses(v: TextView, ms: readonly M[], inTable: (pos: number) => boolean, docDate: string | null): Clause[] {
  const clauses = findClauses(v, docDate, inTable);
  for (const m of ms) {
    if (!m.row) continue;
    const { table, item } = m.row;
    const cells = item.units.map((u) => ({
      start: u.cell.start,
      end: u.cell.end,
      word: columnWord(table, u.col),
      column: table.columns[u.col]!.role === 'lead' ? ('lead' as const) : ('other' as const),
    }));
    const c = tableClause(v, cells, m.id, docDate);
    if (c) clauses.push(c);
  }
  return clauses.sort((a, b) => a.start - b.start);
}

/**
 * Standing rules: in force from the rule to the end of the section it speaks for (the
 * measure's own children when it introduces them, else its siblings).
 */
function standingRules(v: TextView, ms: readonly M[], clauses: readonly Clause[], measureOf: readonly number[]): Standing[] {
  const rules: Standing[] = [];
  clauses.forEach((c, k) => {
    if (!c.standing) return;
    const mi = measureOf[k]!;
    const m = mi >= 0 ? ms[mi]! : null;
    const introducesChildren = m && ms.some((x) => x.parent === m && x.start > c.standing!.end);
    const scope = introducesChildren ? m : (m?.parent ?? null);
    rules.push({ clause: c, units: c.standing.units, from: c.standing.end, to: scope ? scope.end : v.s.length });
  });
  return rules;
}

/** A clause as the model's assignment: its units decided with what standing rules add at its place. */
function renderer(v: TextView, ms: readonly M[], rules: readonly Standing[], docDate: string | null): (c: Clause, measureIdx: number) => Assignment {
  const convention = conventionPosition(v.s);
  const inheritedAt = (c: Clause): UnitSpan[] => {
    const out: UnitSpan[] = [];
    for (const r of rules) if (r.clause !== c && c.start >= r.from && c.start < r.to) out.push(...r.units);
    return out;
  };
  return (c, measureIdx) => {
    const inherited = inheritedAt(c);
    const d = decide(c.groups, inherited, c.end >= convention);
    const units = d.units.map((u) => rawSlice(v, u.start, u.end));
    const canonical = d.units.map((u) => lookupUnit(u.text, docDate)?.canonical ?? null);
    const ownCount = inherited.length ? d.units.filter((u) => !inherited.includes(u)).length : d.units.length;
    const added = units.slice(ownCount);
    const a: Assignment = {
      measureId: measureIdx >= 0 ? ms[measureIdx]!.id : null,
      units,
      lead: units.filter((_, i) => d.roles[i] === 'lead'),
      roles: d.words,
      canonical,
      inherited: false,
      sourceText: rawSlice(v, c.start, c.end),
      start: origAt(v, c.start),
      end: origEnd(v, c.end),
      // Spans of the units printed here (those a standing rule adds are printed in the rule).
      mentions: d.units.slice(0, ownCount).map((u, i) => ({
        text: units[i] ?? u.text,
        canonical: canonical[i] ?? null,
        role: d.roles[i] ?? 'co',
        word: d.words[i] ?? '责任',
        start: origAt(v, u.start),
        end: origEnd(v, u.end),
      })),
      rule: d.rule,
    };
    if (added.length) a.inheritedUnits = added;
    return a;
  };
}

/**
 * Inheritance for the side panel: a measure without a clause of its own takes its parent's (a
 * heading-level clause), else the previous sibling's when that came from a "下同" clause. Copies
 * share the arrays of the assignment they copy (the model is never mutated) and keep its span:
 * they are printed once. Returns the measures that inherited.
 */
function inherit(ms: readonly M[], own: readonly Clause[][], rendered: ReadonlyMap<Clause, Assignment>, out: Placed[]): Set<number> {
  const eff: Clause[][] = ms.map(() => []);
  const viaXt: boolean[] = ms.map(() => false);
  const lastChild = new Map<M | null, number>();
  const covered = new Set<number>();
  ms.forEach((m, i) => {
    const prev = lastChild.get(m.parent);
    lastChild.set(m.parent, i);
    if (own[i]!.length) {
      eff[i] = own[i]!;
      viaXt[i] = own[i]!.some((c) => c.xiatong);
      return;
    }
    if (m.row) return;
    const pi = m.parent ? m.parent.index : -1;
    if (pi >= 0 && eff[pi]!.length) eff[i] = eff[pi]!;
    else if (prev !== undefined && viaXt[prev]) {
      const xt = eff[prev]!.filter((c) => c.xiatong);
      eff[i] = xt.length ? xt : eff[prev]!;
      viaXt[i] = true;
    } else return;
    covered.add(i);
    for (const c of eff[i]!) {
      const base = rendered.get(c);
      if (base) out.push({ key: m.start, a: { ...base, measureId: m.id, inherited: true, mentions: [] } });
    }
  });
  return covered;
}

/**
 * A measure in a standing rule's stretch with no clause at all (and no children, which carry
 * their own) still has the rule's implementers. Nothing is printed at the measure: the entry
 * sits on its heading, and says its rule.
 */
function standingOnly(
  v: TextView,
  ms: readonly M[],
  rules: readonly Standing[],
  own: readonly Clause[][],
  covered: ReadonlySet<number>,
  docDate: string | null,
): Placed[] {
  if (!rules.length) return [];
  const out: Placed[] = [];
  const hasChildren = new Set(ms.map((m) => m.parent));
  for (const r of rules) {
    const d = decide([], r.units, false);
    const units = d.units.map((u) => rawSlice(v, u.start, u.end));
    ms.forEach((m, i) => {
      if (m.start < r.from || m.start >= r.to || own[i]!.length || covered.has(i) || hasChildren.has(m)) return;
      const canonical = d.units.map((u) => lookupUnit(u.text, docDate)?.canonical ?? null);
      out.push({
        key: m.start,
        a: {
          measureId: m.id,
          units,
          lead: units.filter((_, k) => d.roles[k] === 'lead'),
          roles: d.words,
          canonical,
          inherited: true,
          inheritedUnits: units.slice(),
          sourceText: rawSlice(v, r.clause.standing!.start, r.clause.standing!.end),
          start: origAt(v, m.start),
          end: origEnd(v, m.headEnd),
          mentions: [],
          rule: 'standing',
        },
      });
    });
  }
  return out;
}
