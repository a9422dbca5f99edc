/** 加入文库 from the toolbar button's menu: the tab's document kept with its analysis and source, without the panel. */
import { indexedDB, IDBKeyRange } from 'fake-indexeddb';
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { analyze } from '../../../lib/analysis';
import type { AnalysisInput } from '../../../lib/analysis/types';
import { createFrameStore, memorySessionArea, type FrameDocument } from '../../../lib/background/frames';
import { keepTab, type KeepTabDeps } from '../../../lib/background/keep-tab';
import { keepFrameDocument } from '../../../lib/background/routes';
import type { PageState } from '../../../lib/protocol';
import { listDocuments, openPolicyLensDb, recordAnalysis } from '../../../lib/store';

const URL = 'https://www.gov.cn/zhengce/content/2022-06/23/content_5697299.htm';
const TEXT = readFileSync('seeds/library/guofa-shuzi.txt', 'utf8');
const INPUT: AnalysisInput = { text: TEXT, url: URL, today: '2026-12-02' };
const STATE: PageState = { status: 'policy', url: URL, title: '国务院关于加强数字政府建设的指导意见', highlightCount: 40, measures: 30, reasons: [] };
const DOC: FrameDocument = {
  url: URL,
  title: STATE.title,
  docNumber: '国发〔2022〕14号',
  issuer: '国务院',
  date: '2022-06-06',
  contentHash: null,
  simhash: null,
  docId: null,
  near: [],
};

async function setup(over: Partial<KeepTabDeps> = {}) {
  const db = await openPolicyLensDb(`keep-tab-${Math.random()}`, { indexedDB, IDBKeyRange });
  const frames = createFrameStore(memorySessionArea());
  const changed = vi.fn();
  const analyzeTab = vi.fn(async () => {});
  const deps: KeepTabDeps = {
    frames,
    keep: (tabId, frameId, doc) => keepFrameDocument({ db: async () => db, frames }, tabId, frameId, doc),
    input: async () => INPUT,
    analyze,
    record: (docId, model, input) => recordAnalysis(db, docId, model, input),
    analyzeTab,
    changed,
    sleep: async () => {},
    ...over,
  };
  return { db, frames, deps, changed, analyzeTab };
}

describe('keepTab', () => {
  it("keeps the frame that speaks for the tab, with this engine's analysis of what the frame reports and that input", async () => {
    const { db, frames, deps, changed, analyzeTab } = await setup();
    await frames.update(7, 0, () => ({ state: { ...STATE, status: 'not-policy' } }));
    await frames.update(7, 3, () => ({ state: STATE, doc: DOC })); // the policy in an iframe of a portal page
    const r = await keepTab(deps, 7);
    expect(r).toEqual({ docId: expect.stringMatching(/^doc-/), recorded: true });
    const docId = (r as { docId: string }).docId;
    expect((await listDocuments(db)).map((d) => [d.id, d.url, d.docNumber])).toEqual([[docId, URL, '国发〔2022〕14号']]);
    expect((await db.analyses.get(docId))!.model.measures.length).toBe(analyze(INPUT).measures.length);
    expect((await db.sources.get(docId))!.input.text).toBe(TEXT);
    expect((await frames.get(7, 3))!.doc!.docId).toBe(docId); // the frame knows it is kept now
    expect(changed).toHaveBeenCalledWith(7);
    expect(analyzeTab).not.toHaveBeenCalled();
    // again: the same document, not a second one
    expect(await keepTab(deps, 7)).toEqual({ docId, recorded: true });
    expect(await db.documents.count()).toBe(1);
    db.close();
  });

  it('a tab not analysed yet is analysed first, then kept once its document is there', async () => {
    let polls = 0;
    const { db, frames, deps, analyzeTab } = await setup({
      sleep: async () => {
        if (++polls === 3) await frames.update(2, 0, () => ({ state: STATE, doc: DOC }));
      },
    });
    const r = await keepTab(deps, 2);
    expect(analyzeTab).toHaveBeenCalledWith(2);
    expect(r).toMatchObject({ recorded: true });
    expect(await db.documents.count()).toBe(1);
    db.close();
  });

  it('nothing to keep: says so and writes nothing; a frame that cannot report its input is kept without an analysis', async () => {
    const none = await setup();
    expect(await keepTab(none.deps, 5, { timeoutMs: 500 })).toEqual({ error: 'no-document' });
    expect(await none.db.documents.count()).toBe(0);
    expect(none.changed).not.toHaveBeenCalled();
    none.db.close();

    const mute = await setup({ input: async () => Promise.reject(new Error('gone')) });
    await mute.frames.update(1, 0, () => ({ state: STATE, doc: DOC }));
    expect(await keepTab(mute.deps, 1)).toMatchObject({ recorded: false });
    expect([await mute.db.documents.count(), await mute.db.analyses.count()]).toEqual([1, 0]);
    mute.db.close();
  });
});
