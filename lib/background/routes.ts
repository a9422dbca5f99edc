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
import { canonicalUrl, fingerprint } from '../anchoring';
import { normalizeForFingerprint } from '../anchoring/fingerprint';
import { answerAnalyze } from '../page/remote-engine';
import type { BackgroundProtocol, DataOf, FrameDoc, PageState, PanelProtocol } from '../protocol';
import * as g from '../protocol/guards';
import { ProtocolError, type Routes } from '../protocol/serve';
import type { Sender } from '../protocol/sender';
import { deleteDocument, getAnnotation, getDocument, listAnnotations, putAnnotation, softDelete, undoDelete, upsertDocument, type PolicyLensDb } from '../store';
import { bestFrame, type FrameDocument, type FrameStore } from './frames';

export interface BackgroundDeps {
  db(): Promise<PolicyLensDb>;
  frames: FrameStore;
  analyze(input: AnalysisInput): PolicyModel;
  /** Broadcast to the side panel (none open is fine). */
  notifyPanel<K extends keyof PanelProtocol>(type: K, data: DataOf<PanelProtocol[K]>): void;
  /** The state that now speaks for the tab changed (badge, title). */
  onTabState?(tabId: number, state: PageState): void;
}

/** Content shorter than this (normalised characters) is never fingerprinted: its identity is its URL. */
export const MIN_FINGERPRINT_CHARS = 200;

type Page = Extract<Sender, { kind: 'page' }>;

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

  return {
    'bg:analyze': {
      from: 'page',
      valid: g.isAnalysisInput,
      run: (input) => answerAnalyze(input, deps.analyze),
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
        const long = normalizeForFingerprint(d.content).length >= MIN_FINGERPRINT_CHARS;
        const simhash = long ? fingerprint(d.content) : null;
        const r = await upsertDocument(await deps.db(), { url, fingerprint: simhash ?? '', title: d.title, docNumber: d.docNumber, issuer: d.issuer, date: d.date });
        const doc: FrameDocument = { url, title: d.title, docNumber: d.docNumber, issuer: d.issuer, date: d.date, contentHash: null, simhash, docId: r.document.id, near: [] };
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
        if (!doc.docId) throw new ProtocolError('invalid', 'no document record for this frame');
        // The frame's document and URL, whatever the message says.
        const saved = await putAnnotation(db, { ...a, docId: doc.docId, target: { ...a.target, source: doc.url } });
        deps.notifyPanel('panel:tabUpdated', { tabId: s.tabId });
        return saved;
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
        const doc = await panelFrame(d);
        if (!doc.docId) throw new ProtocolError('invalid', 'no document record for this frame');
        return { docId: doc.docId };
      },
    },
    'bg:linkDocument': {
      from: 'panel',
      valid: (x) => g.hasTabFrame(x) && g.hasDocId(x),
      async run(d) {
        const doc = await panelFrame(d);
        if (!(await getDocument(await deps.db(), d.docId))) throw new ProtocolError('invalid', 'no such document');
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
        await deleteDocument(await deps.db(), d.docId);
      },
    },
  };
}
