/**
 * The user's annotations on the page: the kept document of the current text model (told to the
 * background once per text model), the stored annotations re-anchored on it and painted, and
 * the user's changes — made optimistic (painted at once, rolled back with the reason when the
 * background refuses), never dropped silently while the document record is still being opened.
 *
 * The text model, the analysis, the painter and the one user-facing error are the page
 * controller's (lib/page/controller.ts): they come in as functions.
 */
import type { PolicyModel } from '../analysis/types';
import type { Annotation, HighlightColor } from '../annotations/types';
import { HIGHLIGHT_COLORS } from '../annotations/types';
import { canonicalUrl } from '../anchoring/url';
import { describe } from '../anchoring/describe';
import type { Category } from '../highlight/painter';
import { userCategory } from '../highlight/painter';
import type { T } from '../i18n';
import type { BackgroundProtocol, Send } from '../protocol';
import type { TextModel } from '../text/types';
import { afterNextFrame, perfMark } from './frame';
import type { PaintPayload } from './remote-engine';
import { measureAt } from './spans';
import { newUuid, type CryptoLike } from './uuid';

export interface AnchoredAnnotation {
  annotation: Annotation;
  start: number;
  end: number;
}

export interface AnnotationsDeps {
  win: Window;
  send: Send<BackgroundProtocol>;
  t: T;
  text(): TextModel | null;
  /** What the current analysis painted: the document's metadata and the analysed range. */
  shown(): Pick<PaintPayload, 'meta' | 'range'> | null;
  /** The current analysis's whole model (for the measure an annotation is in); null without one. */
  model(): Promise<PolicyModel | null>;
  paint(category: Category, spans: { start: number; end: number; key?: string }[]): void;
  scrollToOffsets(start: number, end: number): boolean;
  /** The controller's one user-facing error, shared with the analysis. */
  setError(e: string | null): void;
  error(): string | null;
}

export interface PageAnnotations {
  /** Anchored on the current text model, in text order (with the user's unsaved new ones). */
  list(): AnchoredAnnotation[];
  orphans(): { id: string; reason: string }[];
  /** The kept document this page is (null while nothing of it is kept). */
  docId(): string | null;
  /** Open the document of the current text model and re-anchor its annotations; `afterFrame`: let the page render first. */
  load(afterFrame?: boolean): Promise<void>;
  create(start: number, end: number, init: { color: HighlightColor; note?: string; tags?: string[] }): Promise<Annotation | null>;
  openNote(target: Annotation | { start: number; end: number; color: HighlightColor }): Promise<string | null>;
  update(a: Annotation): Promise<Annotation | null>;
  remove(id: string): Promise<void>;
  /** Move an orphan (or any annotation) onto the text `sel` of the current text model. */
  reattach(id: string, sel: [number, number] | null): Promise<{ ok: boolean; reason?: string }>;
  scrollTo(id: string): boolean;
}

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

export function createPageAnnotations(deps: AnnotationsDeps): PageAnnotations {
  const { win, send, t } = deps;
  let docId: string | null = null;
  let anchored: AnchoredAnnotation[] = [];
  /** Highlights made on a text model and not saved yet: kept on screen when the stored ones are re-anchored. */
  let pendingNew: { entry: AnchoredAnnotation; text: TextModel }[] = [];
  let orphans: { id: string; reason: string }[] = [];
  let openedFromHash = false;
  /** The text model the background was last told about (bg:docOpened). */
  let openedFor: TextModel | null = null;
  /** The pending docOpened/listAnnotations round trip, so a quick first highlight can wait for it. */
  let loading: Promise<void> | null = null;

  function paintUser() {
    for (const c of HIGHLIGHT_COLORS) {
      deps.paint(
        userCategory(c),
        anchored.filter((a) => a.annotation.color === c).map((a) => ({ start: a.start, end: a.end, key: `user:${a.annotation.id}` })),
      );
    }
  }

  function load(afterFrame = false): Promise<void> {
    const p = afterFrame ? afterNextFrame(win).then(loadNow) : loadNow();
    loading = p;
    void p.finally(() => {
      if (loading === p) loading = null;
    });
    return p;
  }

  async function loadNow() {
    const forText = deps.text();
    const model = deps.shown();
    if (!forText || !model) return;
    try {
      // The document depends only on the text: tell the background once per text model.
      if (openedFor !== forText) await openDocument(forText, model);
      // re-anchored by the background (off this thread; the matcher is not in the content script)
      const list = await send('bg:anchorAnnotations', { text: forText.text });
      if (deps.text() !== forText) return; // re-analysed meanwhile: that run loads its own
      // kept since it was opened (a note saved through the note editor, the panel): its id
      if (list[0]) docId = list[0].annotation.docId;
      anchored = [];
      orphans = [];
      for (const { annotation, anchor: r } of list) {
        if (r.status === 'anchored') anchored.push({ annotation, start: r.start, end: r.end });
        else orphans.push({ id: annotation.id, reason: r.reason });
      }
      for (const p of pendingNew) if (p.text === forText && !anchored.some((x) => x.annotation.id === p.entry.annotation.id)) anchored.push(p.entry);
      anchored.sort((x, y) => x.start - y.start);
      paintUser();
      deps.setError(null);
      // Opened from a search result in the side panel: #pl-annotation=<id>.
      const m = /#pl-annotation=([\w-]{1,100})/.exec(win.location.hash);
      const target = m ? anchored.find((x) => x.annotation.id === decodeURIComponent(m[1]!)) : undefined;
      if (target && !openedFromHash) {
        openedFromHash = true;
        deps.scrollToOffsets(target.start, target.end);
      }
      perfMark(win, 'pl:annotations-anchored');
    } catch (e) {
      deps.setError(messageOf(e));
    }
  }

  async function openDocument(forText: TextModel, m: Pick<PaintPayload, 'meta' | 'range'>): Promise<void> {
    // The background fingerprints the content (off this page's main thread) and takes the URL
    // from the browser, not from us.
    const opened = await send('bg:docOpened', {
      title: m.meta.title ?? forText.pageTitle,
      docNumber: m.meta.docNumber,
      issuer: m.meta.issuer,
      date: m.meta.date,
      content: forText.text.slice(m.range[0], m.range[1]),
    });
    docId = opened.docId;
    openedFor = forText;
  }

  /** A new annotation of `forText` (not saved, not painted). */
  async function draft(forText: TextModel, start: number, end: number, init: { color: HighlightColor; note?: string; tags?: string[] }): Promise<Annotation> {
    const d = describe(forText.text, start, end);
    const model = await deps.model();
    const m = model ? measureAt(model, start) : null;
    const now = new Date().toISOString();
    return {
      id: newUuid((win.crypto ?? globalThis.crypto) as CryptoLike | undefined),
      docId: docId ?? '',
      target: { source: canonicalUrl(win.location.href), quote: d.quote, position: d.position, measureId: m?.id ?? null, measurePath: m?.path ?? null },
      color: init.color,
      note: init.note ?? '',
      tags: init.tags ?? [],
      created: now,
      modified: now,
    };
  }

  /** Wait until the background knows the document of `forText` (or try once more): null when it does, else why not. */
  async function whenOpened(forText: TextModel): Promise<string | null> {
    if (openedFor === forText) return null;
    await (loading ?? load());
    if (deps.text() !== forText) return t('pgTextChanged');
    if (openedFor !== forText) return deps.error() ?? t('pgNoDocument');
    return null;
  }

  async function update(a: Annotation): Promise<Annotation | null> {
    let saved: Annotation;
    try {
      saved = await send('bg:putAnnotation', a);
    } catch (e) {
      deps.setError(t('pgSaveFailed', messageOf(e)));
      return null;
    }
    deps.setError(null);
    await load();
    return saved;
  }

  return {
    list: () => anchored,
    orphans: () => orphans,
    docId: () => docId,
    load,
    async create(start, end, init) {
      const forText = deps.text();
      if (!forText) return null;
      const a = await draft(forText, start, end, init);
      if (deps.text() !== forText) return null;
      // Paint at once (also while the document record is still being opened: the background's
      // first start builds jieba's dictionary); roll back and say why if it cannot be saved.
      const mine: AnchoredAnnotation = { annotation: a, start: a.target.position.start, end: a.target.position.end };
      pendingNew.push({ entry: mine, text: forText });
      anchored = [...anchored, mine].sort((x, y) => x.start - y.start);
      paintUser();
      const rollback = (why: string) => {
        pendingNew = pendingNew.filter((x) => x.entry !== mine);
        anchored = anchored.filter((x) => x.annotation.id !== a.id);
        paintUser();
        deps.setError(t('pgSaveFailed', why));
        return null;
      };
      const notOpened = await whenOpened(forText);
      if (notOpened) return rollback(notOpened);
      let saved: Annotation;
      try {
        saved = await send('bg:putAnnotation', a);
      } catch (e) {
        return rollback(messageOf(e));
      }
      pendingNew = pendingNew.filter((x) => x.entry !== mine);
      // The background files it under the kept document (kept now if it was not).
      docId = saved.docId;
      mine.annotation = saved;
      deps.setError(null);
      return saved;
    },
    async openNote(target) {
      const forText = deps.text();
      if (!forText) return null;
      const a = 'id' in target ? target : await draft(forText, target.start, target.end, { color: target.color });
      const notOpened = await whenOpened(forText);
      if (notOpened) {
        deps.setError(t('pgSaveFailed', notOpened));
        return null;
      }
      try {
        const { token } = await send('bg:openNote', { annotation: a });
        deps.setError(null);
        return token;
      } catch (e) {
        deps.setError(t('pgSaveFailed', messageOf(e)));
        return null;
      }
    },
    update,
    async remove(id) {
      const before = anchored;
      anchored = anchored.filter((x) => x.annotation.id !== id);
      paintUser();
      try {
        await send('bg:deleteAnnotation', { id });
      } catch (e) {
        anchored = before;
        paintUser();
        deps.setError(t('pgDeleteFailed', messageOf(e)));
      }
    },
    async reattach(id, sel) {
      if (!sel) return { ok: false, reason: t('pgSelectFirst') };
      const listed = openedFor ? await send('bg:listAnnotations') : [];
      const a = listed.find((x) => x.id === id);
      const text = deps.text();
      if (!a || !text) return { ok: false, reason: t('pgNoSuchAnnotation') };
      const desc = describe(text.text, sel[0], sel[1]);
      const model = await deps.model();
      const m = model ? measureAt(model, sel[0]) : null;
      await update({ ...a, target: { ...a.target, quote: desc.quote, position: desc.position, measureId: m?.id ?? null, measurePath: m?.path ?? null } });
      return { ok: true };
    },
    scrollTo(id) {
      const a = anchored.find((x) => x.annotation.id === id);
      return a ? deps.scrollToOffsets(a.start, a.end) : false;
    },
  };
}
