/**
 * A file opened in the viewer as a kept document, and the analyst's highlights on it. The viewer
 * is an extension page: it reads and writes the database itself (no content script, no frame to
 * authorise). Pure of browser APIs: the database, the text model and the painter come in.
 *
 * Identity: a file has no web address, so its document URL names its content — `urn:pdf:<pdf.js
 * fingerprint>` for a PDF (the file's own ID: the same PDF however it was copied or renamed),
 * `urn:sha256:<hash of the bytes>` for another file — beside the usual content hash of its text
 * (the same text at the same "site" is the same document). A kept file document is kept with its
 * analysis and its source, as a web page is, so the library ledgers and re-analyses it.
 *
 * Highlights: a selection on the text layer (or the .docx page) becomes an annotation with the
 * W3C selectors of the text model (TextQuote + TextPosition, lib/anchoring describe), with its
 * colour, note and tags, stored under the document; opening the file again anchors them
 * (anchorAll) and paints them. A deleted one is deleted softly, as the side panel's delete is,
 * so it can be undone.
 */
import type { AnalysisInput, PolicyModel } from '../analysis/types';
import { describe } from '../anchoring/describe';
import { anchorAll } from '../anchoring/anchor';
import { documentFingerprints } from '../anchoring/fingerprint';
import { HIGHLIGHT_COLORS, type Annotation } from '../annotations/types';
import { measureAt } from '../page/spans';
import { userCategory } from '../highlight/painter';
import {
  getAnnotation,
  getDocumentByUrl,
  keepDocument,
  linkDocument,
  listAnnotations,
  putAnnotation,
  recordAnalysis,
  resolveDocument,
  softDelete,
  undoDelete,
  type PolicyLensDb,
} from '../store';
import type { TextModel } from '../text/types';

export interface FileKey {
  url: string;
  contentHash: string | null;
  simhash: string | null;
  /** Other URLs naming the same file: its urn:pdf when it came from a link (the same PDF kept from disk is this document). */
  aliases?: string[];
}

/** The document URL of a file: its PDF fingerprint, else the SHA-256 of its bytes (hex). */
export function fileUrl(file: { pdfFingerprint?: string | null; sha256: string }): string {
  return file.pdfFingerprint ? `urn:pdf:${file.pdfFingerprint.toLowerCase()}` : `urn:sha256:${file.sha256}`;
}

export async function fileKey(url: string, tm: TextModel, aliases: string[] = []): Promise<FileKey> {
  const { contentHash, simhash } = await documentFingerprints(tm.text.slice(tm.content[0], tm.content[1]));
  return { url, contentHash, simhash, aliases: aliases.filter((a) => a !== url) };
}

export interface FileDocument {
  /** The kept document this file is (null while nothing of it is kept). */
  docId(): string | null;
  /** Keep it (with its analysis and source) if it is not kept yet; answers its id. */
  keep(): Promise<string>;
  /** Save the text-model range [start, end) as a highlight (keeping the document first); answers it. */
  highlight(start: number, end: number, init?: Partial<AnnotationFields>): Promise<Annotation>;
  /** The highlights shown (anchored on this text), in the order they were loaded or made. */
  list(): { annotation: Annotation; start: number; end: number }[];
  /** Change a highlight's colour, note or tags; answers it as saved. */
  update(id: string, fields: Partial<AnnotationFields>): Promise<Annotation>;
  /** Delete it (softly: `restore` brings it back), and take it off the page. */
  remove(id: string): Promise<void>;
  restore(id: string): Promise<void>;
  /** The stored highlights anchored on this text and painted; answers how many anchored and how many did not. */
  load(): Promise<{ anchored: number; orphans: number }>;
}

/** What the analyst gives a highlight beside its text. */
type AnnotationFields = Pick<Annotation, 'color' | 'note' | 'tags'>;

export interface FileDocumentDeps {
  db: PolicyLensDb;
  key: FileKey;
  tm: TextModel;
  model: PolicyModel;
  input: AnalysisInput;
  /** The painter's category paint (lib/page/paint `paint`). */
  paint(category: ReturnType<typeof userCategory>, spans: { start: number; end: number; key?: string }[]): void;
  newId?: () => string;
}

export async function openFileDocument(deps: FileDocumentDeps): Promise<FileDocument> {
  const { db, key, tm, model } = deps;
  const newId = deps.newId ?? (() => crypto.randomUUID());
  const { aliases = [], ...identity } = key;
  let docId = (await resolveDocument(db, identity)).document?.id ?? null;
  for (const alias of aliases) {
    if (docId) break;
    docId = (await getDocumentByUrl(db, alias))?.id ?? null;
    // the file kept before under its other name (from disk): it answers to this URL too from now on
    if (docId) await linkDocument(db, docId, { url: identity.url }).catch(() => {});
  }
  let shown: { annotation: Annotation; start: number; end: number }[] = [];

  const paintAll = () => {
    for (const color of HIGHLIGHT_COLORS)
      deps.paint(
        userCategory(color),
        shown.filter((s) => s.annotation.color === color).map((s) => ({ start: s.start, end: s.end, key: `user:${s.annotation.id}` })),
      );
  };

  const doc: FileDocument = {
    docId: () => docId,
    async keep() {
      if (docId) return docId;
      const kept = await keepDocument(db, {
        ...identity,
        title: model.meta.title ?? tm.pageTitle,
        docNumber: model.meta.docNumber,
        issuer: model.meta.issuer,
        date: model.meta.date,
      });
      docId = kept.document.id;
      // a name another kept document holds stays that document's
      for (const alias of aliases) await linkDocument(db, docId, { url: alias }).catch(() => {});
      await recordAnalysis(db, docId, model, deps.input);
      return docId;
    },
    async highlight(start, end, init = {}) {
      const target = describe(tm.text, start, end);
      const id = await doc.keep();
      const m = measureAt(model, target.position.start);
      const saved = await putAnnotation(db, {
        id: newId(),
        docId: id,
        target: { source: identity.url, ...target, measureId: m?.id ?? null, measurePath: m?.path ?? null },
        color: init.color ?? 'yellow',
        note: init.note ?? '',
        tags: init.tags ?? [],
        created: '',
        modified: '',
      });
      shown = [...shown, { annotation: saved, start: target.position.start, end: target.position.end }];
      paintAll();
      return saved;
    },
    list: () => shown,
    async update(id, fields) {
      const stored = docId ? await getAnnotation(db, id) : undefined;
      if (!stored || stored.docId !== docId || stored.deleted) throw new Error(`no highlight ${id} on this file`);
      const saved = await putAnnotation(db, { ...stored, ...fields });
      shown = shown.map((s) => (s.annotation.id === id ? { ...s, annotation: saved } : s));
      paintAll();
      return saved;
    },
    async remove(id) {
      if (!shown.some((s) => s.annotation.id === id)) throw new Error(`no highlight ${id} on this file`);
      await softDelete(db, id);
      shown = shown.filter((s) => s.annotation.id !== id);
      paintAll();
    },
    async restore(id) {
      await undoDelete(db, id);
      await doc.load();
    },
    async load() {
      if (!docId) return { anchored: 0, orphans: 0 };
      const stored = await listAnnotations(db, docId);
      const results = anchorAll(
        tm.text,
        stored.map((a) => a.target),
      );
      shown = stored.flatMap((annotation, i) => {
        const r = results[i]!;
        return r.status === 'anchored' ? [{ annotation, start: r.start, end: r.end }] : [];
      });
      paintAll();
      return { anchored: shown.length, orphans: stored.length - shown.length };
    },
  };
  return doc;
}
