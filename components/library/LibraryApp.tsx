/**
 * The library page: every kept document, the ledger across them grouped by unit, what falls
 * due, and the citations between them. Props-driven (entrypoints/library wires the database);
 * every string through the catalog, all content rendered as text. The search, year and sort of
 * the documents scope the whole page; each section keeps its own filters.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { entryMeasures } from '../../lib/library/entry';
import { crossLedger, type CrossLedgerRow, type LedgerDocument } from '../../lib/library/ledger';
import type { LibraryContents } from '../../lib/library/load';
import type { ReanalyseReport } from '../../lib/library/reanalyse';
import type { TextHit } from '../../lib/library/search';
import { describeError } from '../../lib/store/errors';
import type { T } from '../../lib/i18n';
import { FILE_ACCEPT } from '../../lib/viewer/formats';
import { useT } from '../common/i18n';
import { Citations } from './Citations';
import { Documents } from './Documents';
import { Due } from './Due';
import { Ledger } from './Ledger';
import { Reminders, type ReminderPorts } from './Reminders';

export interface LibraryActions {
  forget(docId: string): Promise<void>;
  downloadCsv(rows: CrossLedgerRow[]): void;
  downloadXlsx(rows: CrossLedgerRow[]): Promise<void>;
  /** One calendar (ICS) of every kept document's deadlines. */
  downloadIcs(): Promise<void>;
  /** Analyse every kept document again with this engine (lib/library/reanalyse); the page reloads the library after. */
  reanalyse(progress: (done: number, total: number) => void): Promise<ReanalyseReport>;
  /** Full-text search of the stored texts (lib/library/search); `searched`: how many documents have one. */
  searchText(query: string): Promise<{ hits: Map<string, TextHit>; words: string[]; searched: number }>;
  /** Open a file from the disk (a PDF) in the viewer, in a tab of its own. */
  openFile(file: File): void;
}

/** Typing pauses this long before the full text is searched (the headings are searched at once). */
const TEXT_SEARCH_DELAY_MS = 250;

type DocSort = 'date' | 'title' | 'measures';

const SORTS: Record<DocSort, (a: LedgerDocument, b: LedgerDocument) => number> = {
  date: (a, b) => (b.date ?? '').localeCompare(a.date ?? ''),
  title: (a, b) => (a.title ?? '').localeCompare(b.title ?? '', 'zh'),
  measures: (a, b) => b.entry.measureCount - a.entry.measureCount,
};

export function LibraryApp({
  contents,
  today,
  engine,
  actions,
  reminders,
}: {
  contents: LibraryContents;
  today: string;
  engine: string;
  actions: LibraryActions;
  /** The local reminders' switch (absent: not offered, as in the bench). */
  reminders?: ReminderPorts;
}) {
  const t = useT();
  const [docQuery, setDocQuery] = useState('');
  const [text, setText] = useState<{ query: string; hits: Map<string, TextHit>; words: string[]; searched: number } | 'searching' | null>(null);
  const [redo, setRedo] = useState<{ done: number; total: number } | ReanalyseReport | null>(null);
  const [docSort, setDocSort] = useState<DocSort>('date');
  const [year, setYear] = useState('');
  const [error, setError] = useState<string | null>(null);
  const all = contents.documents;
  const years = useMemo(() => [...new Set(all.map((d) => d.date?.slice(0, 4)).filter((y): y is string => !!y))].sort().reverse(), [all]);
  // every measure's heading, read from the entries the first time a search needs them (not for the first view)
  const headings = useMemo(() => {
    let made: Map<string, string> | null = null;
    return () =>
      (made ??= new Map(
        all.map((d) => [
          d.id,
          entryMeasures(d.entry)
            .map((m) => m.title)
            .join('\n'),
        ]),
      ));
  }, [all]);
  // search: title, 文号, issuer and every measure's heading (substring: Chinese has no spaces to split on)
  const docs = useMemo(() => {
    const q = docQuery.trim();
    const inText = text && text !== 'searching' && text.query === q ? text.hits : null;
    const hit = (d: LedgerDocument) =>
      !q || [d.title, d.docNumber, d.issuer].some((x) => (x ?? '').includes(q)) || headings().get(d.id)!.includes(q) || !!inText?.has(d.id);
    return all.filter((d) => hit(d) && (!year || d.date?.startsWith(year))).sort(SORTS[docSort]);
  }, [all, headings, docQuery, docSort, year, text]);
  // the search runs again when the query or the library changes, not when the page redraws
  const latest = useRef({ actions, failed: (e: unknown) => failed(e) });
  latest.current = { actions, failed: (e: unknown) => failed(e) };
  useEffect(() => {
    const q = docQuery.trim();
    if (q.length < 2) return setText(null);
    setText('searching');
    let live = true;
    const timer = setTimeout(() => {
      latest.current.actions
        .searchText(q)
        .then((r) => live && setText({ query: q, ...r }))
        .catch((e: unknown) => {
          if (live) setText(null);
          latest.current.failed(e);
        });
    }, TEXT_SEARCH_DELAY_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [docQuery, all]);
  // What falls due and the citations are below the fold: drawn in the task after the first view
  // (the citations' first title normalisation builds a table of every CJK character).
  const [below, setBelow] = useState(false);
  useEffect(() => {
    if (below) {
      performance.mark('pl:library-complete'); // for the benchmark (tests/bench/library.tsx)
      return;
    }
    const id = setTimeout(() => setBelow(true), 0);
    return () => clearTimeout(id);
  }, [below]);
  const older = useMemo(() => all.filter((d) => d.entry.engine !== engine).length, [all, engine]);
  const urls = useMemo(() => new Map(docs.map((d) => [d.id, d.url])), [docs]);
  const titles = useMemo(() => new Map(docs.map((d) => [d.id, d.docNumber ? `${d.title ?? ''}（${d.docNumber}）` : (d.title ?? d.id)])), [docs]);
  // the rows are made when first asked for: the first view draws from the entries alone
  const rows = useMemo(() => {
    let made: CrossLedgerRow[] | null = null;
    return () => (made ??= crossLedger(docs));
  }, [docs]);
  const rowCount = useMemo(() => docs.reduce((n, d) => n + d.entry.lineCount, 0), [docs]);

  const failed = (e: unknown) => setError(t('actionFailed', describeError(e, t)));
  const forget = async (id: string) => {
    try {
      await actions.forget(id);
      setError(null);
      return true;
    } catch (e) {
      failed(e);
      return false;
    }
  };

  return (
    <main class="pl-library">
      <h1>{t('libTitle')}</h1>
      <label class="pl-lib-openfile">
        {t('libOpenFile')}{' '}
        <input
          type="file"
          data-input="open-file"
          accept={FILE_ACCEPT}
          onChange={(e) => {
            const input = e.currentTarget as HTMLInputElement;
            const f = input.files?.[0];
            if (f) actions.openFile(f);
            input.value = '';
          }}
        />
      </label>
      <p class="pl-muted" data-testid="lib-counts">
        {t('libCounts', docs.length, rowCount)}
      </p>
      {error && (
        <p role="alert" class="pl-error">
          {error}
        </p>
      )}
      <Reanalyse
        older={older}
        engine={engine}
        state={redo}
        t={t}
        run={() => {
          setRedo({ done: 0, total: all.length });
          actions
            .reanalyse((done, total) => setRedo({ done, total }))
            .then(setRedo)
            .catch((e: unknown) => {
              setRedo(null);
              failed(e);
            });
        }}
      />

      <section aria-labelledby="lib-docs">
        <h2 id="lib-docs">{t('libDocuments')}</h2>
        <div class="pl-row">
          <label>
            {t('libSearch')}{' '}
            <input type="search" data-input="doc-search" value={docQuery} onInput={(e) => setDocQuery((e.currentTarget as HTMLInputElement).value)} />
          </label>
          <label>
            {t('libYear')}{' '}
            <select value={year} onChange={(e) => setYear((e.currentTarget as HTMLSelectElement).value)}>
              <option value="">{t('libAll')}</option>
              {years.map((y) => (
                <option key={y} value={y}>
                  {y}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('libSort')}{' '}
            <select value={docSort} onChange={(e) => setDocSort((e.currentTarget as HTMLSelectElement).value as DocSort)}>
              <option value="date">{t('libSortDate')}</option>
              <option value="title">{t('libSortTitle')}</option>
              <option value="measures">{t('libSortMeasures')}</option>
            </select>
          </label>
        </div>
        {text && <TextSearchLine text={text} kept={all.length} t={t} />}
        <Documents docs={docs} unanalysed={contents.unanalysed} snippets={text && text !== 'searching' ? text.hits : undefined} forget={forget} t={t} />
      </section>

      <section aria-labelledby="lib-ledger">
        <h2 id="lib-ledger">{t('libLedger')}</h2>
        <Ledger docs={docs} rows={rows} urls={urls} today={today} downloadCsv={actions.downloadCsv} downloadXlsx={actions.downloadXlsx} failed={failed} t={t} />
      </section>

      <section aria-labelledby="lib-due">
        <h2 id="lib-due">{t('libDue')}</h2>
        {reminders && <Reminders t={t} ports={reminders} />}
        {below && <Due rows={rows()} urls={urls} today={today} downloadIcs={() => void actions.downloadIcs().catch(failed)} t={t} />}
      </section>

      <section aria-labelledby="lib-cites">
        <h2 id="lib-cites">{t('libCitations')}</h2>
        {below && <Citations docs={docs} titles={titles} t={t} />}
      </section>
    </main>
  );
}

/** Documents an older engine analysed, "analyse all again", its progress and its outcome. */
function Reanalyse({
  older,
  engine,
  state,
  run,
  t,
}: {
  older: number;
  engine: string;
  state: { done: number; total: number } | ReanalyseReport | null;
  run: () => void;
  t: T;
}) {
  const running = state !== null && !('analysed' in state);
  return (
    <div class="pl-row" data-section="reanalyse">
      {older > 0 && <span>{t('libOldEngine', older, engine.replace(/^.*\//, ''))}</span>}
      <button type="button" data-action="reanalyse" disabled={running} onClick={run}>
        {t('libReanalyse')}
      </button>
      {running && (
        <span role="status">
          <progress max={state.total} value={state.done} /> {t('libReanalysing', state.done, state.total)}
        </span>
      )}
      {state && 'analysed' in state && (
        <span role="status" data-outcome="reanalyse">
          {t('libReanalysed', state.analysed, state.notesMoved + state.annotationsMoved)}
          {state.noSource.length > 0 && ` ${t('libNoSource', state.noSource.length)}`}
          {state.failed.length > 0 && ` ${t('libReanalyseFailed', state.failed.length, state.failed.map((f) => f.reason).join('；'))}`}
        </span>
      )}
    </div>
  );
}

/** What the full-text search found, or that it is searching. */
function TextSearchLine({
  text,
  kept,
  t,
}: {
  kept: number;
  text: { query: string; hits: Map<string, TextHit>; words: string[]; searched: number } | 'searching';
  t: T;
}) {
  if (text === 'searching') return <p class="pl-muted">{t('libTextSearching')}</p>;
  const hits = [...text.hits.values()];
  const phrase = hits.filter((h) => h.phrase).length;
  const words = hits.length - phrase;
  return (
    <p class="pl-muted" data-testid="lib-text-hits">
      {t('libTextHits', phrase, text.query)}
      {words > 0 && t('libTextWords', words, text.words.join(' '))}
      {text.searched < kept && ` ${t('libTextNoSource', kept - text.searched)}`}
    </p>
  );
}
