/**
 * Analyse the whole library again with the engine this version ships (one action on the library
 * page): each kept document with a stored source (lib/store `sources`: the text and tables its
 * analysis ran on) is analysed as of the day it was read, and its new analysis recorded.
 *
 * What the analyst attached follows the outline: a measure note (status, note) whose measure id
 * the new outline no longer has moves to the measure with the same path; an annotation's measure
 * is read again from its position (the text is the same text, so its selectors still anchor).
 * Documents without a source (kept before sources were stored) are listed: opening their page
 * with the side panel records one. A document that fails is reported and the rest go on.
 */
import type { AnalysisInput, PolicyModel } from '../analysis/types';
import { measureAt } from '../page/spans';
import type { PolicyLensDb } from '../store';
import { putMeasureNote, recordAnalysis } from '../store';

export interface ReanalyseDeps {
  analyze(input: AnalysisInput): PolicyModel | Promise<PolicyModel>;
  /** Key terms where jieba runs (the library page), as the side panel adds them. */
  addKeyTerms?(model: PolicyModel, text: string): void;
  /** Between documents: lets the page draw its progress (default: a macrotask). */
  pause?(): Promise<void>;
}

export interface ReanalyseReport {
  total: number;
  analysed: number;
  /** Kept documents with an analysis but no stored source. */
  noSource: string[];
  failed: { docId: string; reason: string }[];
  /** Measure notes moved to the new id of their measure, and annotations whose measure changed. */
  notesMoved: number;
  annotationsMoved: number;
}

const macrotask = () => new Promise<void>((r) => setTimeout(r, 0));

export async function reanalyseLibrary(db: PolicyLensDb, deps: ReanalyseDeps, progress?: (done: number, total: number) => void): Promise<ReanalyseReport> {
  const pause = deps.pause ?? macrotask;
  const [docIds, withSource] = await Promise.all([db.analyses.toCollection().primaryKeys(), db.sources.toCollection().primaryKeys()]);
  const sourced = new Set(withSource);
  const kept = new Set(await db.documents.toCollection().primaryKeys());
  const todo = withSource.filter((id) => kept.has(id));
  const report: ReanalyseReport = {
    total: todo.length,
    analysed: 0,
    noSource: docIds.filter((id) => kept.has(id) && !sourced.has(id)),
    failed: [],
    notesMoved: 0,
    annotationsMoved: 0,
  };
  let done = 0;
  for (const docId of todo) {
    try {
      const source = await db.sources.get(docId);
      if (!source) continue;
      // as of the day it was read: relative deadlines keep the dates they had
      const model = await deps.analyze({ ...source.input, today: source.recorded.slice(0, 10) });
      deps.addKeyTerms?.(model, source.input.text);
      await followOutline(db, docId, model, report);
      await recordAnalysis(db, docId, model);
      report.analysed++;
    } catch (e) {
      report.failed.push({ docId, reason: e instanceof Error ? e.message : String(e) });
    }
    progress?.(++done, todo.length);
    await pause();
  }
  return report;
}

/** Measure notes and annotations re-pointed at the new outline's measures. */
async function followOutline(db: PolicyLensDb, docId: string, model: PolicyModel, report: ReanalyseReport): Promise<void> {
  const ids = new Set(model.measures.map((m) => m.id));
  const byPath = new Map(model.measures.map((m) => [m.path, m]));
  for (const n of await db.measureNotes.where('docId').equals(docId).toArray()) {
    if (ids.has(n.measureId)) continue;
    const to = byPath.get(n.measurePath);
    if (!to || (await db.measureNotes.get(`${docId}#${to.id}`))) continue;
    await putMeasureNote(db, { docId, measureId: to.id, measurePath: to.path, status: n.status, note: n.note });
    await db.measureNotes.delete(n.id);
    report.notesMoved++;
  }
  const annotations = await db.annotations.where('docId').equals(docId).toArray();
  const moved = annotations.flatMap((a) => {
    const m = measureAt(model, a.target.position.start);
    const id = m?.id ?? null;
    if ((a.target.measureId ?? null) === id) return [];
    return [{ key: a.id, changes: { 'target.measureId': id, 'target.measurePath': m?.path ?? null } }];
  });
  if (moved.length) {
    await db.annotations.bulkUpdate(moved);
    report.annotationsMoved += moved.length;
  }
}
