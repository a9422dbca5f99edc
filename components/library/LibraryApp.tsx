/**
 * The library page: every kept document, the ledger across them grouped by unit, what falls
 * due, and the citations between them. Props-driven (entrypoints/library wires the database);
 * every string through the catalog, all content rendered as text. The search, year and sort of
 * the documents scope the whole page; each section keeps its own filters.
 */
import { useMemo, useState } from 'preact/hooks';
import { entryMeasures } from '../../lib/library/entry';
import { crossLedger, type CrossLedgerRow, type LedgerDocument } from '../../lib/library/ledger';
import type { LibraryContents } from '../../lib/library/load';
import { describeError } from '../../lib/store/errors';
import { useT } from '../common/i18n';
import { Citations } from './Citations';
import { Documents } from './Documents';
import { Due } from './Due';
import { Ledger } from './Ledger';

export interface LibraryActions {
  forget(docId: string): Promise<void>;
  downloadCsv(rows: CrossLedgerRow[]): void;
  downloadXlsx(rows: CrossLedgerRow[]): Promise<void>;
  /** One calendar (ICS) of every kept document's deadlines. */
  downloadIcs(): Promise<void>;
}

type DocSort = 'date' | 'title' | 'measures';

const SORTS: Record<DocSort, (a: LedgerDocument, b: LedgerDocument) => number> = {
  date: (a, b) => (b.date ?? '').localeCompare(a.date ?? ''),
  title: (a, b) => (a.title ?? '').localeCompare(b.title ?? '', 'zh'),
  measures: (a, b) => b.entry.measureCount - a.entry.measureCount,
};

export function LibraryApp({ contents, today, actions }: { contents: LibraryContents; today: string; actions: LibraryActions }) {
  const t = useT();
  const [docQuery, setDocQuery] = useState('');
  const [docSort, setDocSort] = useState<DocSort>('date');
  const [year, setYear] = useState('');
  const [error, setError] = useState<string | null>(null);
  const all = contents.documents;
  const years = useMemo(() => [...new Set(all.map((d) => d.date?.slice(0, 4)).filter((y): y is string => !!y))].sort().reverse(), [all]);
  const headings = useMemo(
    () =>
      new Map(
        all.map((d) => [
          d.id,
          entryMeasures(d.entry)
            .map((m) => m.title)
            .join('\n'),
        ]),
      ),
    [all],
  );
  // search: title, 文号, issuer and every measure's heading (substring: Chinese has no spaces to split on)
  const docs = useMemo(() => {
    const q = docQuery.trim();
    const hit = (d: LedgerDocument) => !q || [d.title, d.docNumber, d.issuer].some((x) => (x ?? '').includes(q)) || headings.get(d.id)!.includes(q);
    return all.filter((d) => hit(d) && (!year || d.date?.startsWith(year))).sort(SORTS[docSort]);
  }, [all, headings, docQuery, docSort, year]);
  const urls = useMemo(() => new Map(docs.map((d) => [d.id, d.url])), [docs]);
  const titles = useMemo(() => new Map(docs.map((d) => [d.id, d.docNumber ? `${d.title ?? ''}（${d.docNumber}）` : (d.title ?? d.id)])), [docs]);
  const rows = useMemo(() => crossLedger(docs), [docs]);

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
      <p class="pl-muted" data-testid="lib-counts">
        {t('libCounts', docs.length, rows.length)}
      </p>
      {error && (
        <p role="alert" class="pl-error">
          {error}
        </p>
      )}

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
        <Documents docs={docs} unanalysed={contents.unanalysed} forget={forget} t={t} />
      </section>

      <section aria-labelledby="lib-ledger">
        <h2 id="lib-ledger">{t('libLedger')}</h2>
        <Ledger rows={rows} urls={urls} today={today} downloadCsv={actions.downloadCsv} downloadXlsx={actions.downloadXlsx} failed={failed} t={t} />
      </section>

      <section aria-labelledby="lib-due">
        <h2 id="lib-due">{t('libDue')}</h2>
        <Due rows={rows} urls={urls} today={today} downloadIcs={() => void actions.downloadIcs().catch(failed)} t={t} />
      </section>

      <section aria-labelledby="lib-cites">
        <h2 id="lib-cites">{t('libCitations')}</h2>
        <Citations docs={docs} titles={titles} t={t} />
      </section>
    </main>
  );
}
