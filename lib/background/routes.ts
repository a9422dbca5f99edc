/**
 * The background's answers to the protocol (lib/protocol): who may ask what, and what it does.
 * Browser APIs and the database come in as dependencies, so the same routes run under Node in
 * the tests (fake-indexeddb, an in-memory session area) as in the extension.
 *
 * Authorisation: a content script speaks only for the document of its own frame — the frame's
 * URL comes from the browser's sender, its document from what the background recorded for that
 * frame (`bg:docOpened`); annotation ids and document ids in its messages are checked against
 * it. Listing other documents, undo, link and forget are the side panel's.
 */
import type { AnalysisInput, PolicyModel } from '../analysis/types';
import type { Annotation } from '../annotations/types';
import { anchorAll, canonicalUrl } from '../anchoring';
import { documentFingerprints } from '../anchoring/fingerprint';
import { answerAnalyze, answerModel, answerPaint } from '../page/remote-engine';
import type { BackgroundProtocol, DataOf, FrameDoc, PageProtocol, PageState, PanelProtocol } from '../protocol';
import * as g from '../protocol/guards';
import { ProtocolError, type Routes } from '../protocol/serve';
import type { Sender } from '../protocol/sender';
import {
  forgetDocument,
  getAnnotation,
  getDocument,
  keepDocument,
  linkDocument,
  listAnnotations,
  putAnnotation,
  resolveDocument,
  softDelete,
  undoDelete,
  type PolicyLensDb,
} from '../store';
import { bestFrame, type FrameDocument, type FrameStore } from './frames';
import type { ModelCache } from './models';
import type { NoteBinding, NoteTokens } from './notes';

export interface BackgroundDeps {
  db(): Promise<PolicyLensDb>;
  frames: FrameStore;
  analyze(input: AnalysisInput): PolicyModel;
  /** The whole models between `bg:paint` and the page's `bg:model` (lib/background/models). */
  models: ModelCache;
  /** Broadcast to the side panel (none open is fine). */
  notifyPanel<K extends keyof PanelProtocol>(type: K, data: DataOf<PanelProtocol[K]>): void;
  /** The note editor's one-time tokens (lib/background/notes). */
  notes: NoteTokens;
  /** Send to one frame's content script (it may be gone: no answer is fine). */
  notifyFrame<K extends keyof PageProtocol>(tabId: number, frameId: number, type: K, data: DataOf<PageProtocol[K]>): void;
  /** The state that now speaks for the tab changed (badge, title). */
  onTabState?(tabId: number, state: PageState): void;
}

type Page = Extract<Sender, { kind: 'page' }>;

/**
 * The frame's document, kept now if it was not (the user annotates it, sets a status, or adds it
 * to the library): a record exists only for documents the user keeps, never for a page merely
 * visited. The frame's record learns its document id.
 */
export async function keepFrameDocument(deps: Pick<BackgroundDeps, 'db' | 'frames'>, tabId: number, frameId: number, doc: FrameDocument): Promise<string> {
  const db = await deps.db();
  if (doc.docId && (await getDocument(db, doc.docId))) return doc.docId;
  const kept = await keepDocument(db, {
    url: doc.url,
    contentHash: doc.contentHash,
    simhash: doc.simhash,
    title: doc.title,
    docNumber: doc.docNumber,
    issuer: doc.issuer,
    date: doc.date,
  });
  const docId = kept.document.id;
  await deps.frames.update(tabId, frameId, (r) => (r.doc ? { ...r, doc: { ...r.doc, docId, near: r.doc.near.filter((n) => n.id !== docId) } } : r));
  return docId;
}

export function backgroundRoutes(deps: BackgroundDeps): Routes<BackgroundProtocol> {
  const frameDoc = async (s: Page): Promise<FrameDocument> => {
    const r = await deps.frames.get(s.tabId, s.frameId);
    if (!r?.doc) throw new ProtocolError('forbidden', 'this frame has not opened a document');
    return r.doc;
  };
  /** An annotation a frame may change: one of its own document. */
  const ownAnnotation = async (s: Page, id: string): Promise<Annotation | undefined> => {
    const doc = await frameDoc(s);
    const a = await getAnnotation(await deps.db(), id);
    if (a && a.docId !== doc.docId) throw new ProtocolError('forbidden', 'the annotation belongs to another document');
    return a;
  };
  const panelFrame = async (d: { tabId: number; frameId: number }): Promise<FrameDocument> => {
    const r = await deps.frames.get(d.tabId, d.frameId);
    if (!r?.doc) throw new ProtocolError('invalid', 'no document in that frame');
    return r.doc;
  };
  const asFrameDoc = (d: FrameDocument | undefined): FrameDoc => ({ docId: d?.docId ?? null, near: d?.near ?? [] });
  const keepFrameDoc = (tabId: number, frameId: number, doc: FrameDocument) => keepFrameDocument(deps, tabId, frameId, doc);

  /** A frame's annotation saved: filed under the frame's document (kept now) at the frame's URL, whatever it says. */
  const putFromFrame = async (tabId: number, frameId: number, doc: FrameDocument, a: Annotation): Promise<Annotation> => {
    const docId = await keepFrameDoc(tabId, frameId, doc);
    const saved = await putAnnotation(await deps.db(), { ...a, docId, target: { ...a.target, source: doc.url } });
    deps.notifyPanel('panel:tabUpdated', { tabId });
    return saved;
  };
  /** A live note token's binding, the frame's document, and the annotation as stored now (if it is). */
  const noteContext = async (token: string): Promise<{ b: NoteBinding; doc: FrameDocument; stored: Annotation | undefined }> => {
    const b = await deps.notes.get(token);
    if (!b) throw new ProtocolError('invalid', 'the note editor has expired: open it again from the page');
    const doc = (await deps.frames.get(b.tabId, b.frameId))?.doc;
    // the frame has gone on to another page since (the note frame went with the old one, but a save may be on its way)
    if (!doc || doc.url !== b.url) throw new ProtocolError('invalid', 'the page of this note has changed: open it again from the page');
    const stored = await getAnnotation(await deps.db(), b.annotation.id);
    if (stored && stored.docId !== (doc.docId ?? '')) throw new ProtocolError('forbidden', 'the annotation belongs to another document');
    return { b, doc, stored: stored && !stored.deleted ? stored : undefined };
  };

  return {
    'bg:analyze': {
      from: 'page',
      valid: g.isAnalysisInput,
      run: (input) => answerAnalyze(input, deps.analyze),
    },
    'bg:paint': {
      from: 'page',
      valid: g.isAnalysisInput,
      run(input, s) {
        const p = s as Page;
        return answerPaint(input, deps.analyze, (m) => deps.models.put(p.tabId, p.frameId, m));
      },
    },
    'bg:model': {
      from: 'page',
      valid: g.hasId,
      // a frame gets its own analysis only: the key is checked against the sender's tab and frame
      run: (d, s) => answerModel(deps.models.take(d.id, (s as Page).tabId, (s as Page).frameId)),
    },
    'bg:pageState': {
      from: 'page',
      valid: g.isPageState,
      async run(state, s) {
        const p = s as Page;
        await deps.frames.update(p.tabId, p.frameId, (r) => ({ ...r, state }));
        const best = bestFrame(await deps.frames.frames(p.tabId));
        if (best) deps.onTabState?.(p.tabId, best.state);
        deps.notifyPanel('panel:tabUpdated', { tabId: p.tabId });
      },
    },
    'bg:docOpened': {
      from: 'page',
      valid: g.isDocOpened,
      async run(d, s) {
        const p = s as Page;
        const url = canonicalUrl(p.url);
        // Identity: this URL, or this site and content hash; a SimHash neighbour is only offered.
        // Nothing is written: a visit keeps nothing.
        const { contentHash, simhash } = await documentFingerprints(d.content);
        const r = await resolveDocument(await deps.db(), { url, contentHash, simhash });
        const doc: FrameDocument = {
          url,
          title: d.title,
          docNumber: d.docNumber,
          issuer: d.issuer,
          date: d.date,
          contentHash,
          simhash,
          docId: r.document?.id ?? null,
          near: r.near,
        };
        await deps.frames.update(p.tabId, p.frameId, (rec) => ({ ...rec, doc }));
        return asFrameDoc(doc);
      },
    },
    'bg:listAnnotations': {
      from: 'page',
      valid: g.isNothing,
      async run(_d, s) {
        const doc = await frameDoc(s as Page);
        return doc.docId ? listAnnotations(await deps.db(), doc.docId) : [];
      },
    },
    'bg:anchorAnnotations': {
      from: 'page',
      valid: g.hasText,
      async run(d, s) {
        const doc = await frameDoc(s as Page);
        const list = doc.docId ? await listAnnotations(await deps.db(), doc.docId) : [];
        const anchors = anchorAll(
          d.text,
          list.map((a) => a.target),
        );
        return list.map((annotation, i) => ({ annotation, anchor: anchors[i]! }));
      },
    },
    'bg:currentMeasure': {
      from: 'page',
      valid: g.hasNullableMeasureId,
      run(d, s) {
        deps.notifyPanel('panel:currentMeasure', { tabId: (s as Page).tabId, measureId: d.measureId });
      },
    },
    'bg:putAnnotation': {
      from: 'page-or-panel',
      valid: g.isAnnotationShape,
      async run(a, s) {
        const db = await deps.db();
        if (s.kind === 'extension') return putAnnotation(db, a);
        const doc = await frameDoc(s);
        await ownAnnotation(s, a.id);
        return putFromFrame(s.tabId, s.frameId, doc, a);
      },
    },
    'bg:deleteAnnotation': {
      from: 'page-or-panel',
      valid: g.hasId,
      async run(d, s) {
        if (s.kind === 'page' && !(await ownAnnotation(s, d.id))) throw new ProtocolError('invalid', 'no such annotation');
        const a = await softDelete(await deps.db(), d.id);
        if (s.kind === 'page') {
          deps.notifyPanel('panel:deleted', { tabId: s.tabId, id: a.id });
          deps.notifyPanel('panel:tabUpdated', { tabId: s.tabId });
        }
        return a;
      },
    },
    'bg:getTabFrame': {
      from: 'panel',
      valid: g.hasTabId,
      async run(d) {
        return { frameId: bestFrame(await deps.frames.frames(d.tabId))?.frameId ?? 0 };
      },
    },
    'bg:frameDoc': {
      from: 'panel',
      valid: g.hasTabFrame,
      async run(d) {
        return asFrameDoc((await deps.frames.get(d.tabId, d.frameId))?.doc);
      },
    },
    'bg:keepFrameDocument': {
      from: 'panel',
      valid: g.hasTabFrame,
      async run(d) {
        return { docId: await keepFrameDoc(d.tabId, d.frameId, await panelFrame(d)) };
      },
    },
    'bg:linkDocument': {
      from: 'panel',
      valid: (x) => g.hasTabFrame(x) && g.hasDocId(x),
      async run(d) {
        const doc = await panelFrame(d);
        await linkDocument(await deps.db(), d.docId, { url: doc.url, contentHash: doc.contentHash });
        const next = await deps.frames.update(d.tabId, d.frameId, (r) => ({ ...r, doc: { ...doc, docId: d.docId, near: [] } }));
        return asFrameDoc(next.doc);
      },
    },
    'bg:undoDelete': {
      from: 'panel',
      valid: g.hasId,
      async run(d) {
        return undoDelete(await deps.db(), d.id);
      },
    },
    'bg:forgetDocument': {
      from: 'panel',
      valid: g.hasDocId,
      async run(d) {
        await forgetDocument(await deps.db(), d.docId);
      },
    },
    'bg:openNote': {
      from: 'page',
      valid: g.hasAnnotation,
      async run(d, s) {
        const p = s as Page;
        const doc = await frameDoc(p);
        await ownAnnotation(p, d.annotation.id);
        return { token: await deps.notes.issue({ tabId: p.tabId, frameId: p.frameId, annotation: d.annotation, url: doc.url }) };
      },
    },
    'bg:noteDraft': {
      from: 'note',
      valid: g.hasToken,
      async run(d) {
        const { b, stored } = await noteContext(d.token);
        const a = stored ?? b.annotation;
        return { quote: a.target.quote.exact, color: a.color, note: a.note, tags: a.tags, existing: !!stored };
      },
    },
    'bg:noteSave': {
      from: 'note',
      valid: g.isNoteSave,
      async run(d) {
        const { b, doc, stored } = await noteContext(d.token);
        const base = stored ?? b.annotation;
        const saved = await putFromFrame(b.tabId, b.frameId, doc, { ...base, color: d.color, note: d.note, tags: d.tags, modified: new Date().toISOString() });
        await deps.notes.drop(d.token);
        deps.notifyFrame(b.tabId, b.frameId, 'page:noteClosed', { id: saved.id, saved: true });
        return saved;
      },
    },
    'bg:noteClose': {
      from: 'note',
      valid: g.hasToken,
      async run(d) {
        const b = await deps.notes.get(d.token);
        if (!b) return;
        await deps.notes.drop(d.token);
        deps.notifyFrame(b.tabId, b.frameId, 'page:noteClosed', { id: b.annotation.id, saved: false });
      },
    },
  };
}
