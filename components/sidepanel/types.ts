/**
 * Props contract between the side panel views (components/sidepanel) and the lead's wiring
 * (entrypoints/sidepanel). The views are props-driven: they never call browser APIs or the store.
 */
import type { PolicyModel } from '../../lib/analysis/types';
import type { Annotation, MeasureNote, MeasureStatus } from '../../lib/annotations/types';
import type { NearMatch } from '../../lib/protocol';
import type { Attachment } from '../../lib/page/attachments';

/** Highlight categories; each maps to page highlight names: area → pl-area, lead → pl-lead, co → pl-co, deadline → pl-deadline + pl-deadline-past, cite → pl-cite. */
export type HighlightCategory = 'area' | 'lead' | 'co' | 'deadline' | 'cite';

export interface HighlightSettings {
  /** Master switch: when false, nothing is painted regardless of the categories. */
  master: boolean;
  area: boolean;
  lead: boolean;
  co: boolean;
  deadline: boolean;
  cite: boolean;
}

export const DEFAULT_HIGHLIGHT_SETTINGS: HighlightSettings = {
  master: true,
  area: true,
  lead: true,
  co: true,
  deadline: true,
  cite: true,
};

/**
 * Settings shown in the panel: the highlight toggles, plus the host list when the wiring
 * provides it (Settings.autoHosts from lib/settings.ts, built-ins included or not — the
 * panel always shows lib/hosts BUILT_IN_HOST_PATTERNS as fixed rows).
 */
export interface PanelSettings extends HighlightSettings {
  /** Host patterns where Policy Lens runs by itself. Without it the host section is not shown. */
  autoHosts?: string[];
  /** Settings.openPdfLinks: PDF links on those hosts open in the viewer. */
  openPdfLinks?: boolean;
}

/** Answer of addAutoHost / removeAutoHost; `error` is shown to the user as text. */
export type HostActionResult = { ok: true } | { ok: false; error: string };

/** An annotation that could not be re-attached on this page. */
export interface OrphanInfo {
  annotation: Annotation;
  /** Why re-attachment failed (AnchorResult.reason), shown to the user. */
  reason: string;
}

/** The stored record of this page, as the background knows it. */
export interface PanelDoc {
  /** The kept document (null while nothing of it is kept). */
  docId: string | null;
  /** Kept documents that look the same (offered to link). */
  near: NearMatch[];
}

export interface ReadyState {
  kind: 'ready';
  /** The stored record of this page (without it, nothing about keeping is shown). */
  doc?: PanelDoc;
  /** An annotation just deleted from the page's card: the Annotations tab offers Undo for it. */
  deletedInPage?: Annotation | null;
  model: PolicyModel;
  url: string;
  /** "Today" as YYYY-MM-DD (overdue / due-soon are computed against it). */
  today: string;
  /** This page's live (not deleted) annotations that anchored. Orphans are passed in `orphans`. */
  annotations: Annotation[];
  /** This document's measure notes / statuses. */
  measureNotes: MeasureNote[];
  orphans: OrphanInfo[];
  settings: PanelSettings;
  /** The measure the page is scrolled to (aria-current in the outline), if known. */
  currentMeasureId: string | null;
  /**
   * Optional own text of each measure (key: measure id): from its start to its first child's
   * start — `measureOwnTexts(model.measures, textModel.text)` in lib/view/model-index.ts.
   * When present, the outline text search also looks inside the measure text; without it,
   * search covers titles, paths, key terms and action-area names only.
   */
  measureTexts?: Record<string, string>;
  /** The page's attachment links (PDF, Word …), read in the page when the panel shows it. */
  attachments?: Attachment[];
}

export type PanelState =
  | { kind: 'loading' }
  /** chrome://, about:, the web stores, view-source: … — extensions may not read these pages. */
  | { kind: 'restricted'; url: string }
  /** Analysed, but the detector says this is not a policy document (model.detection has the reasons). */
  | { kind: 'not-policy'; model: PolicyModel; url: string }
  /** The page has no Policy Lens content script yet (opened before install, or not an auto host). */
  | {
      kind: 'no-content-script';
      url: string;
      /** Current host list (Settings.autoHosts): with addAutoHost, the panel offers "always analyse this site". */
      autoHosts?: string[];
    }
  | { kind: 'error'; message: string }
  /** Nothing to analyse here (the file viewer with no file, or a scan without text): the tab says why. */
  | { kind: 'empty'; message: string }
  | ReadyState;

export type ExportKind = 'json' | 'csv' | 'md' | 'ics';
export type ExportScope = 'doc' | 'all';

/** One hit of the cross-document search (actions.searchAll). */
export interface SearchResult {
  kind: 'annotation' | 'measureNote' | 'document';
  docId: string;
  docTitle: string;
  /** Where the document was seen; shown as a link only for http(s)/file URLs. */
  url: string;
  annotationId?: string;
  measureId?: string;
  measurePath?: string;
  /** The quote (annotation), the measure title (measure note) or the document title. */
  text: string;
  note?: string;
}

/** What importFile may resolve with (shown to the user); void means "done, nothing to report". */
export interface ImportSummary {
  imported: number;
  skipped: number;
  /** Why the file was refused as a whole (nothing imported). */
  errors: string[];
  /** One line of counts, in the UI language (when the file was read). */
  summary?: string;
  /** One line per repaired or skipped record (path, what was done, why). */
  report?: string[];
}

export interface PanelActions {
  scrollToMeasure(id: string): void;
  /** Analyse a page the detector rejected, or inject the content script on a page that has none. */
  analyzeAnyway(): void;
  setHighlightSetting(category: HighlightCategory | 'master', on: boolean): void;
  setMeasureStatus(id: string, status: MeasureStatus | null): void | Promise<void>;
  setMeasureNote(id: string, text: string): void | Promise<void>;
  openAnnotation(id: string): void;
  deleteAnnotation(id: string): void | Promise<void>;
  /** Undo the deletion of this annotation (the one the toast names). */
  undoDelete(id: string): void | Promise<void>;
  /** This page is that kept document (a near match the user accepted). */
  linkDocument?(docId: string): Promise<void>;
  /** Remove this page's kept document with its annotations, measure statuses and notes. */
  forgetDocument?(): Promise<void>;
  /** Keep this page's document in the library (with its analysis). */
  keepDocument?(): Promise<void>;
  /** Open the library page in a tab. */
  openLibrary?(): void;
  /** Open an attachment in the viewer (the host's permission asked in the click when the extension has none). */
  openAttachment?(url: string): Promise<string | null>;
  exportFile(kind: ExportKind, scope: ExportScope): void | Promise<void>;
  importFile(file: File): void | Promise<ImportSummary | void>;
  searchAll(query: string): Promise<SearchResult[]>;
  /** Every annotation of every document (grouped by document, in document order), for the "all documents" list. */
  listAllAnnotations?(): Promise<SearchResult[]>;
  /** Start re-attaching an orphan (e.g. the user then selects the passage on the page). */
  reattachOrphan(id: string): void | Promise<void>;
  /**
   * Add a host pattern to Settings.autoHosts. `pattern` is already normalized and validated
   * (lib/hosts checkHostPattern); the view calls this synchronously inside the click / submit
   * handler, so the wiring can call browser.permissions.request({ origins: [toMatchPattern(pattern)] })
   * as its FIRST await (it needs the user gesture), then store the list (lib/hosts addHostPattern)
   * and register the content script for it. Resolve { ok: false, error } when the user refuses
   * the permission or storage fails; nothing is stored then.
   * Optional only until wired: the host settings appear when both host actions and
   * settings.autoHosts are provided.
   */
  addAutoHost?(pattern: string): Promise<HostActionResult>;
  /** Remove a user-added pattern (lib/hosts removeHostPattern), unregister it, release its permission. Built-ins are never passed. */
  removeAutoHost?(pattern: string): Promise<HostActionResult>;
  /** Turn Settings.openPdfLinks on or off (saved; the background registers the PDF-link script on the auto hosts). */
  setOpenPdfLinks?(on: boolean): Promise<void>;
}
