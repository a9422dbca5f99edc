/**
 * The library's shared pieces: a ledger row (a link to its measure on its page), a list drawn in
 * part with "show all", a unit's line, and the catalog keys of levels and due windows.
 */
import { useState } from 'preact/hooks';
import type { MessageKey, T } from '../../lib/i18n';
import type { ShownWindow } from '../../lib/library/due';
import type { CrossLedgerRow, IssuerLevel, UnitGroup } from '../../lib/library/ledger';

export const LEVEL_KEY: Record<IssuerLevel, MessageKey> = {
  central: 'libLevelCentral',
  provincial: 'libLevelProvincial',
  municipal: 'libLevelMunicipal',
  county: 'libLevelCounty',
  unknown: 'libLevelUnknown',
};
export const DUE_ORDER: [ShownWindow, MessageKey][] = [
  ['overdue', 'libDueOverdue'],
  ['d30', 'libDue30'],
  ['d90', 'libDue90'],
  ['recurring', 'libDueRecurring'],
];
export const DUE_NAME: Record<ShownWindow, MessageKey> = {
  overdue: 'libWinOverdue',
  d30: 'libWin30',
  d90: 'libWin90',
  recurring: 'libWinRecurring',
};
/** Documents drawn before "show all" (in the table and the citations). */
export const DOCS_SHOWN = 100;
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
export function ShowAll({ shown, total, onShow, t }: { shown: number; total: number; onShow: () => void; t: T }) {
  return total > shown ? (
    <button type="button" class="pl-linkbtn" onClick={onShow}>
      {t('libShowAll', total)}
    </button>
  ) : null;
}

export function Rows({ rows, urls, t }: { rows: CrossLedgerRow[]; urls: Map<string, string | undefined>; t: T }) {
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
export function Group({ g, urls, t }: { g: UnitGroup; urls: Map<string, string | undefined>; t: T }) {
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
