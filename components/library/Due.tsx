/** What falls due across the library: the twelve months ahead, the windows, one calendar of it all. */
import { useMemo, useState } from 'preact/hooks';
import type { T } from '../../lib/i18n';
import { dueLists, monthView } from '../../lib/library/due';
import type { CrossLedgerRow } from '../../lib/library/ledger';
import { DUE_ORDER, Rows } from './rows';

export function Due({
  rows,
  urls,
  today,
  downloadIcs,
  t,
}: {
  rows: CrossLedgerRow[];
  urls: Map<string, string | undefined>;
  today: string;
  downloadIcs(): void;
  t: T;
}) {
  const [month, setMonth] = useState<string | null>(null);
  const due = useMemo(() => dueLists(rows, today), [rows, today]);
  const months = useMemo(() => monthView(rows, today), [rows, today]);
  return (
    <>
      <button type="button" data-action="ics" onClick={downloadIcs}>
        {t('libDownloadIcs')}
      </button>
      <h3>{t('libMonths')}</h3>
      <div class="pl-lib-months" role="group" aria-label={t('libMonths')}>
        {months.map(([k, list]) => (
          <button key={k} type="button" data-month={k} aria-pressed={month === k} disabled={list.length === 0} onClick={() => setMonth(month === k ? null : k)}>
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
    </>
  );
}
