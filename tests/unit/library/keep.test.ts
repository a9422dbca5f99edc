/**
 * Keeping for the library (store v4): a kept document's analysis, its source (what the analysis
 * ran on) and its library entry (the compact form the library page reads); the entries follow the
 * analyses however they were written; the whole library analysed again by this engine.
 */
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../lib/analysis';
import type { PolicyModel } from '../../../lib/analysis/types';
import { entryLines, entryMeasures, libraryEntry } from '../../../lib/library/entry';
import { crossLedger } from '../../../lib/library/ledger';
import { loadLibrary } from '../../../lib/library/load';
import { reanalyseLibrary } from '../../../lib/library/reanalyse';
import { forgetDocument, keepDocument, putAnnotation, putMeasureNote, recordAnalysis } from '../../../lib/store';
import { analyzeFile } from '../../../tools/pipeline/node';
import { CORPUS_DIR } from '../../../tools/eval';
import { ann, openTestDb, SOURCE } from '../store/fixtures';

const TEXT = readFileSync('seeds/library/guofa-shuzi.txt', 'utf8');
const input = { text: TEXT, url: SOURCE };
const model = analyze({ ...input, today: '2026-12-02' });

async function kept(db: Awaited<ReturnType<typeof openTestDb>>, url = SOURCE) {
  return (await keepDocument(db, { url, title: model.meta.title ?? '文件', docNumber: model.meta.docNumber, issuer: model.meta.issuer, date: model.meta.date }))
    .document;
}

describe('the library entry of an analysis', () => {
  it('gives the ledger the same rows as the analysis, from a fraction of its size', async () => {
    const file = join(CORPUS_DIR, 'docs', '10-lishan-fengong.html');
    const { model: real } = await analyzeFile(file, { keyTerms: false });
    const entry = libraryEntry('d', 'r', real);
    const lines = entryLines(entry);
    // every unit of every assignment is a line, lead units as lead
    const leads = new Set(real.assignments.flatMap((a) => a.lead.map((u) => `${a.measureId}|${a.canonical[a.units.indexOf(u)] ?? u}`)));
    expect(leads.size).toBeGreaterThan(5);
    expect(new Set(lines.filter((l) => l.role === 'lead').map((l) => `${l.measure.id}|${l.unit}`))).toEqual(leads);
    expect(entryMeasures(entry).map((m) => m.id)).toEqual([...real.measures].sort((a, b) => a.start - b.start || a.level - b.level).map((m) => m.id));
    expect(JSON.stringify(entry).length).toBeLessThan(JSON.stringify(real).length / 2);
  });

  it('keeps fields that hold its separators apart', () => {
    const m: PolicyModel = structuredClone(model);
    m.measures[0]!.title = 'a\u001fb\u001ec';
    expect(entryMeasures(libraryEntry('d', 'r', m))[0]!.title).toBe('a b c');
  });
});

describe('keeping and loading the library (store v4)', () => {
  it('records the source with the analysis, builds entries once, and rebuilds an entry whose analysis is newer', async () => {
    const db = await openTestDb();
    const doc = await kept(db);
    await recordAnalysis(db, doc.id, model, { ...input, today: '2026-12-02', force: true });
    expect((await db.sources.get(doc.id))!.input).toEqual(input); // the page's data, not the run's options
    expect(await db.libraryIndex.count()).toBe(0);

    const first = await loadLibrary(db);
    expect(first.documents).toHaveLength(1);
    expect(await db.libraryIndex.count()).toBe(1);
    const rows = crossLedger(first.documents);
    expect(rows.length).toBeGreaterThan(5);

    // a newer analysis (here: one measure fewer) replaces the entry
    const fewer = { ...model, measures: model.measures.slice(1) };
    await recordAnalysis(db, doc.id, fewer);
    const second = await loadLibrary(db);
    expect(second.documents[0]!.entry.measureCount).toBe(model.measures.length - 1);

    // an analysis written behind the entry's back (an older version, after a downgrade) too
    await db.analyses.put({ docId: doc.id, engine: model.engine, recorded: '2030-01-01T00:00:00.000Z', model });
    expect((await loadLibrary(db)).documents[0]!.entry.measureCount).toBe(model.measures.length);
    db.close();
  });

  it('drops entries of documents that are gone; forgetting removes source and entry', async () => {
    const db = await openTestDb();
    const doc = await kept(db);
    await recordAnalysis(db, doc.id, model, input);
    await loadLibrary(db);
    await db.libraryIndex.put({ ...libraryEntry('doc-gone', 'x', model) });
    await loadLibrary(db);
    expect(await db.libraryIndex.toCollection().primaryKeys()).toEqual([doc.id]);
    await forgetDocument(db, doc.id);
    expect([await db.sources.count(), await db.libraryIndex.count(), await db.analyses.count()]).toEqual([0, 0, 0]);
    db.close();
  });
});

describe('analysing the library again', () => {
  /** The analysis an older engine might have recorded: the same measures under other ids. */
  const older = (m: PolicyModel): PolicyModel => ({
    ...m,
    engine: 'policy-lens-analysis/0.9.0',
    measures: m.measures.map((x) => ({ ...x, id: `old-${x.id}`, parentId: x.parentId && `old-${x.parentId}` })),
  });

  it('records this engine’s analysis; notes and annotations follow the outline; a document without source is listed', async () => {
    const db = await openTestDb();
    const doc = await kept(db);
    const old = older(model);
    await recordAnalysis(db, doc.id, old, input);
    const m = old.measures[3]!;
    await putMeasureNote(db, { docId: doc.id, measureId: m.id, measurePath: m.path, status: '推进中', note: '看这里' });
    const at = model.measures[3]!.headStart;
    const a1 = ann({ id: 'a1', docId: doc.id, exact: TEXT.slice(at, at + 6), start: at });
    await putAnnotation(db, { ...a1, target: { ...a1.target, measureId: m.id, measurePath: m.path } });
    const other = await kept(db, 'https://www.gov.cn/other.htm');
    await recordAnalysis(db, other.id, model); // no source: kept before sources were stored

    const seen: [number, number][] = [];
    const report = await reanalyseLibrary(db, { analyze, pause: async () => {} }, (d, t) => seen.push([d, t]));
    expect(report).toMatchObject({ total: 1, analysed: 1, noSource: [other.id], failed: [], notesMoved: 1, annotationsMoved: 1 });
    expect(seen).toEqual([[1, 1]]);
    const now = (await db.analyses.get(doc.id))!;
    expect(now.engine).toBe(model.engine);
    expect(now.model.measures.map((x) => x.id)).toEqual(model.measures.map((x) => x.id));
    const target = model.measures[3]!;
    expect(await db.measureNotes.where('docId').equals(doc.id).toArray()).toEqual([
      expect.objectContaining({ measureId: target.id, measurePath: target.path, status: '推进中', note: '看这里' }),
    ]);
    expect((await db.annotations.get('a1'))!.target).toMatchObject({ measureId: target.id, measurePath: target.path });
    expect((await loadLibrary(db)).documents.find((d) => d.id === doc.id)!.entry.engine).toBe(model.engine);
    db.close();
  });

  it('reports a document the engine fails on and goes on', async () => {
    const db = await openTestDb();
    const a = await kept(db, 'https://www.gov.cn/a.htm');
    const b = await kept(db, 'https://www.gov.cn/b.htm');
    await recordAnalysis(db, a.id, older(model), { text: '坏' });
    await recordAnalysis(db, b.id, older(model), input);
    const report = await reanalyseLibrary(db, {
      analyze: (x) => {
        if (x.text === '坏') throw new Error('engine failed');
        return analyze(x);
      },
      pause: async () => {},
    });
    expect(report).toMatchObject({ total: 2, analysed: 1, failed: [{ docId: a.id, reason: 'engine failed' }] });
    expect((await db.analyses.get(a.id))!.engine).toBe('policy-lens-analysis/0.9.0');
    expect((await db.analyses.get(b.id))!.engine).toBe(model.engine);
    db.close();
  });
});

describe('the first view’s groups from the entries', () => {
  it('are the groups of the rows, on every real document of the corpus and across them', async () => {
    const { readdirSync } = await import('node:fs');
    const { groupByUnit, groupEntries } = await import('../../../lib/library/ledger');
    const docs = [];
    for (const f of readdirSync(join(CORPUS_DIR, 'docs')).filter((x) => x.endsWith('.html'))) {
      const { model: m } = await analyzeFile(join(CORPUS_DIR, 'docs', f), { keyTerms: false });
      docs.push({ id: f, title: m.meta.title, docNumber: m.meta.docNumber, issuer: m.meta.issuer, date: m.meta.date, entry: libraryEntry(f, 'r', m) });
    }
    for (const succession of [true, false]) {
      const strip = (gs: ReturnType<typeof groupByUnit>) =>
        gs.map(({ rows: _rows, names, formerNames, ...g }) => ({ ...g, names: [...names].sort(), formerNames: [...formerNames].sort() }));
      const fromRows = strip(groupByUnit(crossLedger(docs), { succession }));
      expect(fromRows.length).toBeGreaterThan(100);
      expect(strip(groupEntries(docs, { succession }))).toEqual(fromRows);
    }
  });
});
