/**
 * The library page: every kept document, the ledger across them grouped by unit, what falls
 * due, and the citations between them. Props-driven (entrypoints/library wires the database);
 * every string through the catalog, all content rendered as text.
 */
import { useMemo, useState } from 'preact/hooks';
import type { MessageKey, T } from '../../lib/i18n';
import { linkCitations } from '../../lib/library/citations';
import {
  crossLedger,
  dueWindow,
  groupByUnit,
  issuerLevel,
  type CrossLedgerRow,
  type DueWindow,
  type IssuerLevel,
  type UnitGroup,
} from '../../lib/library/ledger';
import type { LibraryContents } from '../../lib/library/load';
import { describeError } from '../../lib/store/errors';
import { DONE_STATUS } from '../../lib/annotations/types';
import { useT } from '../common/i18n';
import { relationLabel } from '../common/relations';

export interface LibraryActions {
  forget(docId: string): Promise<void>;
  downloadCsv(rows: CrossLedgerRow[]): void;
  downloadXlsx(rows: CrossLedgerRow[]): Promise<void>;
  /** One calendar (ICS) of every kept document's deadlines. */
  downloadIcs(): Promise<void>;
}

type DocSort = 'date' | 'title' | 'measures';

const LEVEL_KEY: Record<IssuerLevel, MessageKey> = {
  central: 'libLevelCentral',
  provincial: 'libLevelProvincial',
  municipal: 'libLevelMunicipal',
  county: 'libLevelCounty',
  unknown: 'libLevelUnknown',
};
const DUE_ORDER: [Exclude<DueWindow, 'none' | 'later'>, MessageKey][] = [
  ['overdue', 'libDueOverdue'],
  ['d30', 'libDue30'],
  ['d90', 'libDue90'],
  ['recurring', 'libDueRecurring'],
];
const DUE_NAME: Record<Exclude<DueWindow, 'none' | 'later'>, MessageKey> = {
  overdue: 'libWinOverdue',
  d30: 'libWin30',
  d90: 'libWin90',
  recurring: 'libWinRecurring',
};
/** Documents drawn before "show all" (in the table and the citations). */
const DOCS_SHOWN = 100;
/** Rows drawn per group and per due list before "show all" (a group can hold thousands). */
const ROWS_SHOWN = 50;

const measureUrl = (url: string | undefined, measureId: string) => (url ? `${url.split('#')[0]}#pl-measure=${encodeURIComponent(measureId)}` : undefined);

function RowLine({ r, url, t }: { r: CrossLedgerRow; url?: string; t: T }) {
  return (
    <li class="pl-lib-row" data-doc={r.docId} data-measure={r.measureId}>
      <a href={measureUrl(url, r.measureId)} target="_blank" rel="noopener">
        {r.docNumber ?? r.title} {r.measurePath} {r.measureTitle}
      </a>
      {r.role && <span class={`pl-badge pl-${r.role}`}>{t(r.role === 'lead' ? 'cdLead' : 'cdParticipant')}</span>}
      {r.deadline && (
        <span class="pl-lib-due">
          {r.deadline}
          {r.due ? ` · ${r.due}` : ''}
        </span>
      )}
      {r.status && <span class="pl-badge">{r.status}</span>}
    </li>
  );
}

/** "Show all N" under a list drawn in part. */
function ShowAll({ shown, total, onShow, t }: { shown: number; total: number; onShow: () => void; t: T }) {
  return total > shown ? (
    <button type="button" class="pl-linkbtn" onClick={onShow}>
      {t('libShowAll', total)}
    </button>
  ) : null;
}

function Rows({ rows, urls, t }: { rows: CrossLedgerRow[]; urls: Map<string, string | undefined>; t: T }) {
  const [all, setAll] = useState(false);
  const shown = all ? rows : rows.slice(0, ROWS_SHOWN);
  return (
    <>
      <ul class="pl-lib-rows">
        {shown.map((r, i) => (
          <RowLine key={i} r={r} url={urls.get(r.docId)} t={t} />
        ))}
      </ul>
      <ShowAll shown={shown.length} total={rows.length} onShow={() => setAll(true)} t={t} />
    </>
  );
}

/** A unit's line: its rows are drawn only once it is opened (a library holds tens of thousands). */
function Group({ g, urls, t }: { g: UnitGroup; urls: Map<string, string | undefined>; t: T }) {
  const [open, setOpen] = useState(false);
  return (
    <li data-unit={g.unit}>
      <details onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}>
        <summary>
          <span class="pl-lib-unit" lang="zh-CN">
            {g.unit}
          </span>{' '}
          <span class="pl-lib-summary">{t('libUnitSummary', g.leads, g.leadDocuments, g.measures, g.documents)}</span>
          {g.formerNames.length > 0 && (
            <span class="pl-muted" lang="zh-CN">
              {' '}
              {t('libFormerNames', g.formerNames.join('、'))}
            </span>
          )}
        </summary>
        {open && <Rows rows={g.rows} urls={urls} t={t} />}
      </details>
    </li>
  );
}

export function LibraryApp({ contents, today, actions }: { contents: LibraryContents; today: string; actions: LibraryActions }) {
  const t = useT();
  const [unitQuery, setUnitQuery] = useState('');
  const [leadOnly, setLeadOnly] = useState(false);
  const [succession, setSuccession] = useState(true);
  const [docQuery, setDocQuery] = useState('');
  const [docSort, setDocSort] = useState<DocSort>('date');
  const [year, setYear] = useState('');
  const [dueFilter, setDueFilter] = useState<DueWindow | ''>('');
  const [allDocs, setAllDocs] = useState(false);
  const [allCites, setAllCites] = useState(false);
  const [showAllGroups, setAllGroups] = useState(false);
  const [month, setMonth] = useState<string | null>(null);
  const [level, setLevel] = useState<IssuerLevel | ''>('');
  const [confirming, setConfirming] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const all = contents.documents;
  const years = useMemo(() => [...new Set(all.map((d) => d.date?.slice(0, 4)).filter((y): y is string => !!y))].sort().reverse(), [all]);
  // search: title, 文号, issuer and every measure's heading (substring: Chinese has no spaces to split on)
  const docs = useMemo(() => {
    const q = docQuery.trim();
    const hit = (d: (typeof all)[number]) =>
      !q || [d.title, d.docNumber, d.issuer].some((x) => (x ?? '').includes(q)) || d.model.measures.some((m) => m.title.includes(q));
    const list = all.filter((d) => hit(d) && (!year || d.date?.startsWith(year)));
    const by: Record<DocSort, (a: (typeof all)[number], b: (typeof all)[number]) => number> = {
      date: (a, b) => (b.date ?? '').localeCompare(a.date ?? ''),
      title: (a, b) => (a.title ?? '').localeCompare(b.title ?? '', 'zh'),
      measures: (a, b) => b.model.measures.length - a.model.measures.length,
    };
    return list.sort(by[docSort]);
  }, [all, docQuery, docSort, year]);
  const urls = useMemo(() => new Map(docs.map((d) => [d.id, d.url])), [docs]);
  const titles = useMemo(() => new Map(docs.map((d) => [d.id, d.docNumber ? `${d.title ?? ''}（${d.docNumber}）` : (d.title ?? d.id)])), [docs]);
  const rows = useMemo(() => crossLedger(docs), [docs]);
  const links = useMemo(
    () => linkCitations(docs.map((d) => ({ id: d.id, title: d.title, docNumber: d.docNumber, citations: d.model.citations ?? [] }))),
    [docs],
  );
  // Grouping runs when a filter that changes the rows changes; typing a unit only filters the groups.
  const base = useMemo(
    () => rows.filter((r) => (!leadOnly || r.role === 'lead') && (!level || r.level === level) && (!dueFilter || dueWindow(r, today) === dueFilter)),
    [rows, leadOnly, level, dueFilter, today],
  );
  const allGroups = useMemo(() => groupByUnit(base, { succession }), [base, succession]);
  const groups = useMemo(() => {
    const q = unitQuery.trim();
    return q ? allGroups.filter((g) => g.names.some((n) => n.includes(q))) : allGroups;
  }, [allGroups, unitQuery]);
  const filtered = useMemo(() => (unitQuery.trim() ? groups.flatMap((g) => g.rows) : base), [groups, base, unitQuery]);
  const due = useMemo(() => {
    const by = new Map<DueWindow, CrossLedgerRow[]>();
    // one entry per measure and deadline (not one per unit)
    const seen = new Set<string>();
    for (const r of rows) {
      const w = dueWindow(r, today);
      const k = `${r.docId}#${r.measureId}#${r.deadline}`;
      if (w === 'none' || w === 'later' || seen.has(k)) continue;
      seen.add(k);
      (by.get(w) ?? by.set(w, []).get(w)!).push(r);
    }
    for (const list of by.values()) list.sort((a, b) => (a.due ?? '').localeCompare(b.due ?? ''));
    return by;
  }, [rows, today]);

  // the month view: the next twelve months from this one, each with its dated deadlines
  const months = useMemo(() => {
    const [y, m] = today.split('-').map(Number) as [number, number];
    const keys = Array.from({ length: 12 }, (_, i) => {
      const d = new Date(Date.UTC(y, m - 1 + i, 1));
      return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
    });
    const by = new Map<string, CrossLedgerRow[]>(keys.map((k) => [k, []]));
    const seen = new Set<string>();
    for (const r of rows) {
      const k = r.due?.slice(0, 7);
      const id = `${r.docId}#${r.measureId}#${r.deadline}`;
      if (!k || !by.has(k) || r.deadlineKind === 'from' || seen.has(id)) continue;
      seen.add(id);
      by.get(k)!.push(r);
    }
    return [...by];
  }, [rows, today]);

  // documents linked to another kept one first: those are what the section is for
  const citing = useMemo(() => {
    const linked = (id: string) => (links.citedBy.get(id)?.length ?? 0) > 0 || (links.cites.get(id) ?? []).some((c) => c.target);
    const any = docs.filter((d) => (links.cites.get(d.id)?.length ?? 0) > 0 || (links.citedBy.get(d.id)?.length ?? 0) > 0);
    return [...any.filter((d) => linked(d.id)), ...any.filter((d) => !linked(d.id))];
  }, [docs, links]);

  const failed = (e: unknown) => setError(t('actionFailed', describeError(e, t)));
  const forget = async (id: string) => {
    try {
      await actions.forget(id);
      setConfirming(null);
      setError(null);
    } catch (e) {
      failed(e);
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
        {docs.length === 0 && contents.unanalysed.length === 0 && <p>{t('libEmpty')}</p>}
        <table class="pl-lib-docs">
          <thead>
            <tr>
              <th>{t('libColTitle')}</th>
              <th>{t('libColNumber')}</th>
              <th>{t('libColIssuer')}</th>
              <th>{t('libColLevel')}</th>
              <th>{t('libColDate')}</th>
              <th>{t('libColMeasures')}</th>
              <th>{t('libColDone')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {(allDocs ? docs : docs.slice(0, DOCS_SHOWN)).map((d) => {
              const statuses = Object.values(d.statuses ?? {});
              return (
                <tr key={d.id} data-doc={d.id}>
                  <td>
                    <a href={d.url} target="_blank" rel="noopener" lang="zh-CN">
                      {d.title}
                    </a>
                  </td>
                  <td>{d.docNumber}</td>
                  <td>{d.issuer}</td>
                  <td>{t(LEVEL_KEY[issuerLevel(d.issuer ?? d.model.meta.issuer)])}</td>
                  <td>{d.date}</td>
                  <td>{d.model.measures.length}</td>
                  <td>{t('libDone', statuses.filter((s) => s === DONE_STATUS).length, d.model.measures.length)}</td>
                  <td>
                    {confirming === d.id ? (
                      <>
                        <button type="button" class="pl-danger" onClick={() => void forget(d.id)}>
                          {t('libForgetConfirm')}
                        </button>
                        <button type="button" onClick={() => setConfirming(null)}>
                          {t('libCancel')}
                        </button>
                      </>
                    ) : (
                      <button type="button" class="pl-linkbtn pl-danger" onClick={() => setConfirming(d.id)}>
                        {t('libForget')}
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
            {contents.unanalysed.map((d) => (
              <tr key={d.id} data-doc={d.id}>
                <td>
                  <a href={d.url} target="_blank" rel="noopener" lang="zh-CN">
                    {d.title}
                  </a>
                </td>
                <td>{d.docNumber}</td>
                <td>{d.issuer}</td>
                <td colSpan={5} class="pl-muted">
                  {t('libNotAnalysed')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <ShowAll shown={allDocs ? docs.length : DOCS_SHOWN} total={docs.length} onShow={() => setAllDocs(true)} t={t} />
      </section>

      <section aria-labelledby="lib-ledger">
        <h2 id="lib-ledger">{t('libLedger')}</h2>
        <div class="pl-row">
          <label>
            {t('libFilterUnit')} <input type="search" value={unitQuery} onInput={(e) => setUnitQuery((e.currentTarget as HTMLInputElement).value)} />
          </label>
          <label class="pl-switch">
            <input type="checkbox" checked={leadOnly} onChange={(e) => setLeadOnly((e.currentTarget as HTMLInputElement).checked)} />
            {t('libLeadOnly')}
          </label>
          <label class="pl-switch">
            <input type="checkbox" checked={succession} onChange={(e) => setSuccession((e.currentTarget as HTMLInputElement).checked)} />
            {t('libSuccession')}
          </label>
          <label>
            {t('libColLevel')}{' '}
            <select value={level} onChange={(e) => setLevel((e.currentTarget as HTMLSelectElement).value as IssuerLevel | '')}>
              <option value="">{t('libAll')}</option>
              {(Object.keys(LEVEL_KEY) as IssuerLevel[]).map((l) => (
                <option key={l} value={l}>
                  {t(LEVEL_KEY[l])}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('libDue')}{' '}
            <select value={dueFilter} onChange={(e) => setDueFilter((e.currentTarget as HTMLSelectElement).value as DueWindow | '')}>
              <option value="">{t('libAll')}</option>
              {DUE_ORDER.map(([w]) => (
                <option key={w} value={w}>
                  {t(DUE_NAME[w])}
                </option>
              ))}
            </select>
          </label>
          <button type="button" onClick={() => actions.downloadCsv(filtered)}>
            {t('libDownloadCsv')}
          </button>
          <button type="button" data-action="xlsx" onClick={() => void actions.downloadXlsx(filtered).catch(failed)}>
            {t('libDownloadXlsx')}
          </button>
        </div>
        <ul class="pl-lib-groups">
          {groups.slice(0, showAllGroups ? undefined : DOCS_SHOWN).map((g) => (
            <Group key={g.unit} g={g} urls={urls} t={t} />
          ))}
        </ul>
        <ShowAll shown={showAllGroups ? groups.length : DOCS_SHOWN} total={groups.length} onShow={() => setAllGroups(true)} t={t} />
      </section>

      <section aria-labelledby="lib-due">
        <h2 id="lib-due">{t('libDue')}</h2>
        <button type="button" data-action="ics" onClick={() => void actions.downloadIcs().catch(failed)}>
          {t('libDownloadIcs')}
        </button>
        <h3>{t('libMonths')}</h3>
        <div class="pl-lib-months" role="group" aria-label={t('libMonths')}>
          {months.map(([k, list]) => (
            <button
              key={k}
              type="button"
              data-month={k}
              aria-pressed={month === k}
              disabled={list.length === 0}
              onClick={() => setMonth(month === k ? null : k)}
            >
              {t('libMonthCount', k, list.length)}
            </button>
          ))}
        </div>
        {month && (
          <div data-month-list={month}>
            <Rows rows={months.find(([k]) => k === month)?.[1] ?? []} urls={urls} t={t} />
          </div>
        )}
        {DUE_ORDER.map(([w, label]) => (
          <div key={w} data-due={w}>
            <h3>{t(label, due.get(w)?.length ?? 0)}</h3>
            <Rows rows={due.get(w) ?? []} urls={urls} t={t} />
          </div>
        ))}
      </section>

      <section aria-labelledby="lib-cites">
        <h2 id="lib-cites">{t('libCitations')}</h2>
        {citing.slice(0, allCites ? undefined : DOCS_SHOWN).map((d) => (
          <div key={d.id} class="pl-lib-cites" data-doc={d.id}>
            <h3 lang="zh-CN">{titles.get(d.id)}</h3>
            {(links.cites.get(d.id)?.length ?? 0) > 0 && (
              <>
                <p class="pl-muted">{t('libCites')}</p>
                <ul data-list="cites">
                  {links.cites.get(d.id)!.map((c, i) => (
                    <li key={i} data-target={c.target ?? ''}>
                      <span class="pl-badge">{relationLabel(t, c.citation.relation)}</span>{' '}
                      <span lang="zh-CN">
                        {c.target ? titles.get(c.target) : [c.citation.title && `《${c.citation.title}》`, c.citation.docNumber].filter(Boolean).join('')}
                      </span>
                      {!c.target && <span class="pl-muted"> {t('libNotKept')}</span>}
                    </li>
                  ))}
                </ul>
              </>
            )}
            {(links.citedBy.get(d.id)?.length ?? 0) > 0 && (
              <>
                <p class="pl-muted">{t('libCitedBy')}</p>
                <ul data-list="cited-by">
                  {links.citedBy.get(d.id)!.map((c, i) => (
                    <li key={i} data-from={c.from}>
                      <span class="pl-badge">{relationLabel(t, c.citation.relation)}</span> <span lang="zh-CN">{titles.get(c.from)}</span>
                    </li>
                  ))}
                </ul>
              </>
            )}
          </div>
        ))}
        <ShowAll shown={allCites ? citing.length : DOCS_SHOWN} total={citing.length} onShow={() => setAllCites(true)} t={t} />
      </section>
    </main>
  );
}
