/**
 * The one protocol between the extension's contexts: every message, who may send it, what it
 * carries and what it answers. Three receivers, three protocol maps:
 *   - the background (`BackgroundProtocol`, names `bg:*`),
 *   - the content script of a frame (`PageProtocol`, `page:*`, sent to a tab and frame),
 *   - the side panel (`PanelProtocol`, `panel:*`, broadcast by the background).
 * Names are unique across the three: every extension page sees every runtime message and a
 * receiver answers only its own.
 *
 * Transport: @webext-core/messaging, which answers through `sendResponse` (every Chrome and
 * Firefox we support; a Promise returned from `runtime.onMessage` is honoured by Chrome only from
 * 144). The first look (entrypoints/first-look.ts) keeps its single raw message (`FIRST_LOOK`):
 * it must not load this library on pages it leaves alone.
 *
 * What a message carries is data from another context: receivers check it (`lib/protocol/serve`)
 * and know the sender from the browser (`lib/protocol/sender`), never from the message.
 */
import { defineExtensionMessaging } from '@webext-core/messaging';
import type { AnalysisInput, PolicyModel } from '../analysis/types';
import type { AnchorResult, Annotation, NearMatch } from '../annotations/types';

/** 'empty': nothing to analyse (the file viewer before a file is opened, or a file without text): `notice` says why. */
export type PageStatus = 'analysing' | 'policy' | 'not-policy' | 'error' | 'empty';

export interface PageState {
  status: PageStatus;
  url: string;
  title: string;
  highlightCount: number;
  measures: number;
  /** Why the page was (not) recognised. */
  reasons: string[];
  error?: string;
  /** Why there is nothing to analyse (status 'empty'), in the user's language. */
  notice?: string;
}

export interface PageSnapshot {
  state: PageState;
  model: PolicyModel | null;
  /** Own text of each measure (up to its first child), for the side panel's search, keyed by measure id. */
  measureTexts: Record<string, string>;
  /** The analysed content text and its start offset in the text model. */
  content: { start: number; text: string };
  /** The kept document this page is (null while nothing of it is kept). */
  docId: string | null;
  orphans: { id: string; reason: string }[];
  currentMeasureId: string | null;
}

/** What the background answers to `bg:analyze`: the model as one JSON string (see lib/page/remote-engine). */
export interface AnalyzeAnswer {
  json: string;
  /** The engine's own time (ms). */
  engineMs: number;
  /** Wall clock (ms since the epoch) when the engine started and when the JSON was ready. */
  startedAt: number;
  doneAt: number;
}

/** What the background answers to `bg:paint`: the paint payload as one JSON string, and the key of the whole model it keeps. */
export interface PaintAnswer extends AnalyzeAnswer {
  key: string;
}

/** A stored annotation and where it is on the frame's text now (or why it is an orphan). */
interface AnchoredStored {
  annotation: Annotation;
  anchor: AnchorResult;
}

/** What a frame tells the background about the document it shows. The URL is the sender's, not the message's. */
export interface DocOpened {
  title: string;
  docNumber: string | null;
  issuer: string | null;
  date: string | null;
  /** The analysed content text: the background fingerprints it (SHA-256 for identity, SimHash for near matches). */
  content: string;
}

/** A kept document that looks like this page (SimHash near match): offered, never merged silently. */
export type { NearMatch } from '../annotations/types';

/** The document of a frame as the background knows it. */
export interface FrameDoc {
  /** The kept document (same URL, or same site and content hash); null when nothing of it is kept. */
  docId: string | null;
  near: NearMatch[];
}

/** Handled by the background. */
export interface BackgroundProtocol {
  // ---- from content scripts (about their own frame)
  /** Run the engine on the frame's text model (the engine lives here, warm and off the page's thread). */
  'bg:analyze'(input: AnalysisInput): AnalyzeAnswer;
  /** The same, answering only what the page paints; the whole model is kept for the frame under the answer's key. */
  'bg:paint'(input: AnalysisInput): PaintAnswer;
  /** The whole model of this frame's last `bg:paint` (once: fetched, it is dropped here). */
  'bg:model'(d: { id: string }): AnalyzeAnswer;
  'bg:pageState'(state: PageState): void;
  /** The frame shows this document: which kept document it is, and near matches. */
  'bg:docOpened'(d: DocOpened): FrameDoc;
  /** Annotations of the sender frame's document. */
  'bg:listAnnotations'(): Annotation[];
  /**
   * The same, each re-anchored on `text` (the frame's current text model): anchoring runs here,
   * off the page's main thread, and its fuzzy matcher stays out of the content script.
   */
  'bg:anchorAnnotations'(d: { text: string }): AnchoredStored[];
  'bg:currentMeasure'(d: { measureId: string | null }): void;
  // ---- from content scripts (into their frame's document) and the side panel (any document)
  /** Save an annotation. From a frame: its `docId` is the frame's document (kept on first use). */
  'bg:putAnnotation'(a: Annotation): Annotation;
  /** Soft-delete (undoable by id). */
  'bg:deleteAnnotation'(d: { id: string }): Annotation;
  // ---- from the side panel only
  /** Which frame of the tab holds the document (policy frame first). */
  'bg:getTabFrame'(d: { tabId: number }): { frameId: number };
  /** The document of a frame (for the panel's near-match offer and its stored items). */
  'bg:frameDoc'(d: { tabId: number; frameId: number }): FrameDoc;
  /** Keep the frame's document now (a measure status or note is being saved): its id. */
  'bg:keepFrameDocument'(d: { tabId: number; frameId: number }): { docId: string };
  /** The user accepted a near match: this frame's page is that kept document. */
  'bg:linkDocument'(d: { tabId: number; frameId: number; docId: string }): FrameDoc;
  /** Undo a deletion, by the annotation's id (the panel holds the undo list, so it survives the worker). */
  'bg:undoDelete'(d: { id: string }): Annotation;
  /** Remove a kept document with its annotations, measure notes and cached analysis. */
  'bg:forgetDocument'(d: { docId: string }): void;
  // ---- the note editor (lib/background/notes.ts)
  /**
   * From a content script: the user wants to write the note of this annotation (new, not saved
   * yet, or one of its frame's document). Answers the one-time token the note frame is opened
   * with; the note is typed there, in the extension's origin, where the page cannot listen.
   */
  'bg:openNote'(d: { annotation: Annotation }): { token: string };
  /** From the note frame: what it edits. */
  'bg:noteDraft'(d: { token: string }): NoteDraft;
  /** From the note frame: save (the annotation is filed under its frame's document, as a frame's own put is). */
  'bg:noteSave'(d: { token: string } & NoteFields): Annotation;
  /** From the note frame: closed without saving. */
  'bg:noteClose'(d: { token: string }): void;
}

/** The parts of an annotation the note frame edits. */
export interface NoteFields {
  color: Annotation['color'];
  note: string;
  tags: string[];
}

/** What the note frame shows: the quoted text, the current values, and whether it already exists. */
export interface NoteDraft extends NoteFields {
  quote: string;
  existing: boolean;
}

/** The extension page the note editor runs in (framed into the page's closed shadow root). */
export const NOTE_PAGE = '/note.html';

/** Handled by a frame's content script (sent by the background or the side panel to one frame). */
export interface PageProtocol {
  'page:getState'(): PageState;
  'page:getSnapshot'(): PageSnapshot;
  /** What the frame's last analysis ran on (text, content range, tables, page metadata): kept with a kept document's analysis. */
  'page:getAnalysisInput'(): AnalysisInput | null;
  'page:scrollTo'(d: { measureId: string }): { ok: boolean };
  'page:scrollToAnnotation'(d: { id: string }): { ok: boolean };
  'page:analyzeAnyway'(): PageState;
  /** Stored annotations changed elsewhere (panel, import, undo, link): reload them. */
  'page:annotationsChanged'(): { ok: boolean };
  /** Re-attach an orphaned annotation to the current selection. */
  'page:reattach'(d: { id: string }): { ok: boolean; reason?: string };
  /** The note frame is done (saved or closed): remove it, and reload the annotations when saved. */
  'page:noteClosed'(d: { id: string; saved: boolean }): { ok: boolean };
}

/** Handled by the side panel (broadcast by the background). */
export interface PanelProtocol {
  'panel:tabUpdated'(d: { tabId: number }): void;
  'panel:currentMeasure'(d: { tabId: number; measureId: string | null }): void;
  /** An annotation was deleted in the page (card): the panel offers Undo. */
  'panel:deleted'(d: { tabId: number; id: string }): void;
}

export const toBackground = defineExtensionMessaging<BackgroundProtocol>();
export const toPage = defineExtensionMessaging<PageProtocol>();
export const toPanel = defineExtensionMessaging<PanelProtocol>();

/** Data and answer types of a message. */
export type DataOf<F> = F extends (...args: infer A) => unknown ? (A extends [] ? undefined : A[0]) : never;
export type ReplyOf<F> = F extends (...args: never[]) => infer R ? R : never;

/** A typed sender for one protocol (what the page controller and the tests are given). */
export type Send<P> = <K extends keyof P & string>(type: K, ...data: DataOf<P[K]> extends undefined ? [] : [DataOf<P[K]>]) => Promise<ReplyOf<P[K]>>;

/** Where a message to a tab goes: its frame (0, the top frame, by default). */
export interface TabTarget {
  tabId: number;
  frameId?: number;
}

/**
 * A messenger of this protocol as a `Send` (the library spells each message's arguments out, which
 * a generic caller cannot name): the one place its sendMessage is called without its own types.
 */
export function sendVia<P>(messenger: { sendMessage: unknown }, target?: TabTarget): Send<P> {
  const send = messenger.sendMessage as (type: string, data: unknown, target?: TabTarget) => Promise<never>;
  return (type, ...data) => (target ? send(type, data[0], target) : send(type, data[0]));
}

/** The first look's one raw message ("this frame shows signs of a policy document: inject the content script"). */
const FIRST_LOOK = 'pl:firstLook';
export type FirstLookMessage = { type: typeof FIRST_LOOK; look: 'article' | 'signals' | 'unknown' };
export function isFirstLook(x: unknown): x is FirstLookMessage {
  const m = x as FirstLookMessage;
  return typeof m === 'object' && m !== null && m.type === FIRST_LOOK && (m.look === 'article' || m.look === 'signals' || m.look === 'unknown');
}

/**
 * The PDF-link script's one raw message (entrypoints/pdf-links.ts): the analyst clicked a PDF link
 * on an auto host with openPdfLinks on; the background opens it in the viewer (or, without the
 * file host's permission, as the browser would have).
 */
const PDF_LINK = 'pl:openPdfLink';
export type PdfLinkMessage = { type: typeof PDF_LINK; url: string; newTab: boolean };
export function isPdfLinkMessage(x: unknown): x is PdfLinkMessage {
  const m = x as PdfLinkMessage;
  return typeof m === 'object' && m !== null && m.type === PDF_LINK && typeof m.url === 'string' && m.url.length <= 8192 && typeof m.newTab === 'boolean';
}

/**
 * Longest text the background analyses for a page (UTF-16 units), even when the user forces it.
 * Chrome caps an extension message at 64 MiB of JSON; the answer runs to about 5 bytes of model
 * per character of text, so 8 million characters stay well under it.
 */
export const MAX_ANALYZE_CHARS = 8_000_000;
