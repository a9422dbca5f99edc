/**
 * The library's shared pieces: a ledger row (a link to its measure on its page), a windowed list
 * of rows, "show all" under a list drawn in part, a unit's line, and the catalog keys of levels
 * and due windows.
 */
import { VirtualList } from './virtual';
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

/** A web page's measure link; a file opened in the viewer (urn:pdf:…) has no address to go back to. */
const measureUrl = (url: string | undefined, measureId: string) =>
  url && /^https?:/i.test(url) ? `${url.split('#')[0]}#pl-measure=${encodeURIComponent(measureId)}` : undefined;

/** A ledger row: a link to its measure on its page, its role, deadline and status (one line; the title holds it whole). */
export function RowLine({ r, url, group, t }: { r: CrossLedgerRow; url?: string; group?: string; t: T }) {
  const text = `${r.docNumber ?? r.title ?? ''} ${r.measurePath} ${r.measureTitle}`;
  return (
    <div class="pl-lib-row" data-doc={r.docId} data-measure={r.measureId} data-group={group} title={text}>
      <a href={measureUrl(url, r.measureId)} target="_blank" rel="noopener">
        {text}
      </a>
      {r.role && <span class={`pl-badge pl-${r.role}`}>{t(r.role === 'lead' ? 'cdLead' : 'cdParticipant')}</span>}
      {r.deadline && (
        <span class="pl-lib-due">
          {r.deadline}
          {r.due ? ` · ${r.due}` : ''}
        </span>
      )}
      {r.status && <span class="pl-badge">{r.status}</span>}
    </div>
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

/** A list of ledger rows, windowed (a due list can hold thousands). */
export function Rows({ rows, urls, t }: { rows: CrossLedgerRow[]; urls: Map<string, string | undefined>; t: T }) {
  return <VirtualList class="pl-lib-rows" items={rows} keyOf={(_, i) => i} line={(r) => <RowLine r={r} url={urls.get(r.docId)} t={t} />} />;
}

/** A unit's line: its name, what it leads across documents, its former names; opens its rows. */
export function GroupLine({ g, open, toggle, t }: { g: UnitGroup; open: boolean; toggle: () => void; t: T }) {
  return (
    <div class="pl-lib-group" data-unit={g.unit}>
      <button type="button" class="pl-lib-grouphead" aria-expanded={open} onClick={toggle}>
        <span aria-hidden="true">{open ? '▾' : '▸'} </span>
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
      </button>
    </div>
  );
}
