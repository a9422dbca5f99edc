/**
 * The Dexie database "policy-lens", opened in the extension's own origin (background / side
 * panel) — never in a web page's origin.
 *
 * openPolicyLensDb opens (creating or upgrading) it and then runs the repair pass: rows written
 * by an older version after a downgrade are brought to the current shape (see ./migrate).
 *
 * Schema history
 *  v1: documents(id, url, fingerprint), annotations(id, docId, modified), measureNotes(id, docId)
 *  v2: + documents.*urls (multiEntry: other URLs the document was seen at)
 *      + annotations.*tokens (multiEntry word index for search), annotations.[docId+deletedFlag]
 *        (deletedFlag 0|1 — booleans are not valid IndexedDB keys)
 *      + analyses(docId) cache
 *      upgrade(): fills urls, tokens and deletedFlag from v1 data.
 *  v3: documents(id, url, *urls, site, *hashes): random ids; identity by URL or by site + SHA-256
 *      of the content ("host sha256hex" in hashes); fingerprint → simhash (suggestions only).
 *      upgrade(): migrateV2Rows — splits records that v2 merged across hosts, drops visit-only
 *      records with their analysis, loses no annotation.
 *  v4: + analyses[docId+recorded] (which analysis is newer than its library entry, read from keys)
 *      + libraryIndex(docId): the library page's compact entry of each analysis (lib/library/entry),
 *        rebuilt by lib/library/load when missing or older than its analysis: no upgrade pass
 *      + sources(docId): the analysis input (text, content range, tables, page metadata) a kept
 *        document was analysed from, so the library can be analysed again by a newer engine.
 *
 * A database left by a newer extension version (after a downgrade) still opens: Dexie 4 keeps
 * the unknown tables/indexes and adds what this version needs.
 */
import Dexie, { type Table, type Transaction } from 'dexie';
import type { Annotation, DocumentRecord, MeasureNote } from '../annotations/types';
import type { AnalysisInput, PolicyModel } from '../analysis/types';
import type { LibraryEntry } from '../library/entry';
import { StorageError, classifyStorageError, type RetryOptions } from './errors';
import { bigramTokenizer, computeTokens, type Tokenizer } from './tokens';
import { migrateV2Rows, type MigrationReport } from './migrate';

/** Annotation as stored: the public shape plus derived index fields. */
export interface StoredAnnotation extends Annotation {
  tokens: string[];
  deletedFlag: 0 | 1;
}

export interface StoredAnalysis {
  docId: string;
  engine: string;
  recorded: string;
  model: PolicyModel;
}

/** The input a kept document's analysis ran on (without `force` and `today`: the library re-analyses as of its date). */
export type StoredInput = Omit<AnalysisInput, 'force' | 'today'>;

export interface StoredSource {
  docId: string;
  recorded: string;
  input: StoredInput;
}

export const SCHEMA_V1 = {
  documents: 'id, url, fingerprint',
  annotations: 'id, docId, modified',
  measureNotes: 'id, docId',
} as const;

export const SCHEMA_V2 = {
  documents: 'id, url, fingerprint, *urls',
  annotations: 'id, docId, modified, *tokens, [docId+deletedFlag]',
  measureNotes: 'id, docId',
  analyses: 'docId',
} as const;

const SCHEMA_V3 = {
  documents: 'id, url, *urls, site, *hashes',
  annotations: 'id, docId, modified, *tokens, [docId+deletedFlag]',
  measureNotes: 'id, docId',
  analyses: 'docId',
} as const;

export const SCHEMA_V4 = {
  documents: 'id, url, *urls, site, *hashes',
  annotations: 'id, docId, modified, *tokens, [docId+deletedFlag]',
  measureNotes: 'id, docId',
  analyses: 'docId, [docId+recorded]',
  libraryIndex: 'docId',
  sources: 'docId',
} as const;

export const DB_VERSION = 4;

export interface OpenOptions {
  /** fake-indexeddb in tests; the global one otherwise. */
  indexedDB?: { open(...args: never[]): unknown };
  IDBKeyRange?: { bound(...args: never[]): unknown; lowerBound(...args: never[]): unknown; upperBound(...args: never[]): unknown };
  /** Search tokenizer (jieba's searchTokens in the extension). Default: CJK bigrams. */
  tokenize?: Tokenizer;
  /** Clock, ISO 8601 (tests). */
  now?: () => string;
  /** Retry policy for writes. */
  retry?: RetryOptions;
  /** Dexie addons / middleware registration (run before open; tests inject failures here). */
  addons?: Array<(db: Dexie) => void>;
}

export class PolicyLensDb extends Dexie {
  documents!: Table<DocumentRecord, string>;
  annotations!: Table<StoredAnnotation, string>;
  measureNotes!: Table<MeasureNote, string>;
  analyses!: Table<StoredAnalysis, string>;
  libraryIndex!: Table<LibraryEntry, string>;
  sources!: Table<StoredSource, string>;
  readonly tokenize: Tokenizer;
  readonly now: () => string;
  readonly retry: RetryOptions;
  /** What the v3 upgrade did when this open ran it (null otherwise). */
  upgradeReport: MigrationReport | null = null;
  /** What the repair pass on open did (null when there was nothing to repair). */
  repairReport: MigrationReport | null = null;

  constructor(name: string, opts: OpenOptions = {}) {
    super(name, {
      ...(opts.indexedDB ? { indexedDB: opts.indexedDB } : {}),
      ...(opts.IDBKeyRange ? { IDBKeyRange: opts.IDBKeyRange } : {}),
      ...(opts.addons ? { addons: opts.addons } : {}),
    });
    this.tokenize = opts.tokenize ?? bigramTokenizer;
    this.now = opts.now ?? (() => new Date().toISOString());
    this.retry = opts.retry ?? {};
    const tokenize = this.tokenize;

    this.version(1).stores(SCHEMA_V1);
    this.version(2)
      .stores(SCHEMA_V2)
      .upgrade(async (tx: Transaction) => {
        await tx
          .table('documents')
          .toCollection()
          .modify((d: Record<string, unknown>) => {
            const urls = Array.isArray(d.urls) ? (d.urls as unknown[]).filter((u): u is string => typeof u === 'string') : [];
            d.urls = [...new Set(urls.filter((u) => u !== d.url))];
          });
        await tx
          .table('annotations')
          .toCollection()
          .modify((a: Record<string, unknown>) => {
            const ann = a as unknown as Annotation;
            if (!Array.isArray(ann.tags)) a.tags = [];
            if (typeof ann.note !== 'string') a.note = '';
            a.tokens = computeTokens(tokenize, a as unknown as Annotation);
            a.deletedFlag = ann.deleted ? 1 : 0;
          });
      });
    this.version(3)
      .stores(SCHEMA_V3)
      .upgrade(async (tx: Transaction) => {
        this.upgradeReport = await migrateV2Rows(
          { documents: tx.table('documents'), annotations: tx.table('annotations'), measureNotes: tx.table('measureNotes'), analyses: tx.table('analyses') },
          { tokenize },
        );
      });
    this.version(4).stores(SCHEMA_V4);
  }
}

/**
 * Rows an older version wrote after a downgrade (Dexie 4 lets it open this database, and no
 * upgrade runs when this version opens it again): documents without `site`, annotations without
 * their index fields. Two key-only counts tell whether there is any; usually there is none.
 */
async function repairRows(db: PolicyLensDb): Promise<MigrationReport | null> {
  const [docs, docsV3, anns, annsIndexed] = await Promise.all([
    db.documents.count(),
    db.documents.orderBy('site').count(),
    db.annotations.count(),
    db.annotations.orderBy('[docId+deletedFlag]').count(),
  ]);
  if (docs === docsV3 && anns === annsIndexed) return null;
  return db.transaction('rw', [db.documents, db.annotations, db.measureNotes, db.analyses], () =>
    migrateV2Rows({ documents: db.documents, annotations: db.annotations, measureNotes: db.measureNotes, analyses: db.analyses }, { tokenize: db.tokenize }),
  );
}

/** Opens (creating or upgrading) the Policy Lens database. */
export async function openPolicyLensDb(name = 'policy-lens', opts: OpenOptions = {}): Promise<PolicyLensDb> {
  const db = new PolicyLensDb(name, opts);
  try {
    await db.open();
    db.repairReport = await repairRows(db);
  } catch (e) {
    const cls = classifyStorageError(e);
    throw new StorageError(cls === 'quota' ? 'quota' : cls === 'version' ? 'version' : 'failed', {
      cause: e,
      detail: e instanceof Error ? `[${e.name}: ${e.message}]` : undefined,
    });
  }
  return db;
}
