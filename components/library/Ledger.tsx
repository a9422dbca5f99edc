/**
 * The ledger across documents, grouped by unit (the units that lead most first), with its
 * filters and its downloads. Grouping runs when a filter that changes the rows changes; typing a
 * unit only filters the groups. Groups and the rows of the open ones are one windowed list: a
 * unit that takes part in thousands of rows opens as fast as one with three.
 */
import { useMemo, useState } from 'preact/hooks';
import type { T } from '../../lib/i18n';
import {
  dueWindow,
  groupByUnit,
  groupEntries,
  type CrossLedgerRow,
  type DueWindow,
  type IssuerLevel,
  type LedgerDocument,
  type UnitGroup,
} from '../../lib/library/ledger';
import { DUE_NAME, DUE_ORDER, GroupLine, LEVEL_KEY, RowLine } from './rows';
import { VirtualList } from './virtual';

/** The status filter's value for rows without a status (statuses are the analyst's words, never this). */
const NO_STATUS = '\u0000none';

type Line = { g: UnitGroup; r?: undefined } | { g: UnitGroup; r: CrossLedgerRow; i: number };

export interface LedgerProps {
  docs: readonly LedgerDocument[];
  /** The ledger's rows, made when first asked for (a filter, an open unit, a download). */
  rows: () => CrossLedgerRow[];
  urls: Map<string, string | undefined>;
  today: string;
  downloadCsv(rows: CrossLedgerRow[]): void;
  downloadXlsx(rows: CrossLedgerRow[]): Promise<void>;
  failed(e: unknown): void;
  t: T;
}

export function Ledger({ docs, rows, urls, today, downloadCsv, downloadXlsx, failed, t }: LedgerProps) {
  const [unitQuery, setUnitQuery] = useState('');
  const [leadOnly, setLeadOnly] = useState(false);
  const [succession, setSuccession] = useState(true);
  const [level, setLevel] = useState<IssuerLevel | ''>('');
  const [dueFilter, setDueFilter] = useState<DueWindow | ''>('');
  const [issuer, setIssuer] = useState('');
  const [area, setArea] = useState('');
  const [status, setStatus] = useState('');
  // the choices, what this library holds (not a fixed list), from the documents: issuers by their
  // ledger lines, areas by their measures, statuses by the measures that have them
  const choices = useMemo(() => {
    const issuers = new Map<string, number>();
    const areas = new Map<string, number>();
    const statuses = new Map<string, number>();
    for (const d of docs) {
      if (d.issuer) issuers.set(d.issuer, (issuers.get(d.issuer) ?? 0) + d.entry.lineCount);
      for (const [a, n] of d.entry.areas ?? []) areas.set(a, (areas.get(a) ?? 0) + n);
      for (const s of Object.values(d.statuses ?? {})) statuses.set(s, (statuses.get(s) ?? 0) + 1);
    }
    const order = (n: Map<string, number>) => [...n].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'zh')).map(([k]) => k);
    return { issuers: order(issuers), areas: order(areas), statuses: order(statuses) };
  }, [docs]);
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  // Until a filter is set or a unit opened, the groups come from the documents' entries, with no row made
  const needRows = leadOnly || !!level || !!issuer || !!area || !!status || !!dueFilter || open.size > 0;
  const base = useMemo(
    () =>
      needRows
        ? rows().filter(
            (r) =>
              (!leadOnly || r.role === 'lead') &&
              (!level || r.level === level) &&
              (!issuer || r.issuer === issuer) &&
              (!area || r.areas.includes(area)) &&
              (!status || (status === NO_STATUS ? !r.status : r.status === status)) &&
              (!dueFilter || dueWindow(r, today) === dueFilter),
          )
        : null,
    [needRows, rows, leadOnly, level, issuer, area, status, dueFilter, today],
  );
  const allGroups = useMemo(() => (base ? groupByUnit(base, { succession }) : groupEntries(docs, { succession })), [base, docs, succession]);
  const groups = useMemo(() => {
    const q = unitQuery.trim();
    return q ? allGroups.filter((g) => g.names.some((n) => n.includes(q))) : allGroups;
  }, [allGroups, unitQuery]);
  /** The rows the downloads take: what the filters and the unit typed leave. */
  const filtered = () => {
    const list = base ?? rows();
    const q = unitQuery.trim();
    return q ? (base ? groups : groupByUnit(list, { succession }).filter((g) => g.names.some((n) => n.includes(q)))).flatMap((g) => g.rows) : list;
  };
  const lines = useMemo(() => {
    const out: Line[] = [];
    for (const g of groups) {
      out.push({ g });
      if (open.has(g.unit)) g.rows.forEach((r, i) => out.push({ g, r, i }));
    }
    return out;
  }, [groups, open]);
  const toggle = (unit: string) =>
    setOpen((was) => {
      const next = new Set(was);
      if (!next.delete(unit)) next.add(unit);
      return next;
    });
  return (
    <>
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
        <Choice name="issuer" label={t('libColIssuer')} value={issuer} set={setIssuer} options={choices.issuers} t={t} />
        <Choice name="area" label={t('libArea')} value={area} set={setArea} options={choices.areas} t={t} />
        <Choice
          name="status"
          label={t('libStatus')}
          value={status}
          set={setStatus}
          options={[...choices.statuses.map((s) => [s, s] as const), [NO_STATUS, t('libStatusNone')] as const]}
          t={t}
        />
        <label>
          {t('libDue')}{' '}
          <select data-filter="due" value={dueFilter} onChange={(e) => setDueFilter((e.currentTarget as HTMLSelectElement).value as DueWindow | '')}>
            <option value="">{t('libAll')}</option>
            {DUE_ORDER.map(([w]) => (
              <option key={w} value={w}>
                {t(DUE_NAME[w])}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => downloadCsv(filtered())}>
          {t('libDownloadCsv')}
        </button>
        <button type="button" data-action="xlsx" onClick={() => void downloadXlsx(filtered()).catch(failed)}>
          {t('libDownloadXlsx')}
        </button>
      </div>
      <VirtualList
        class="pl-lib-groups"
        label={t('libLedger')}
        items={lines}
        keyOf={(l) => (l.r ? `${l.g.unit}\u0000${l.i}` : l.g.unit)}
        line={(l) =>
          l.r ? (
            <RowLine r={l.r} url={urls.get(l.r.docId)} group={l.g.unit} t={t} />
          ) : (
            <GroupLine g={l.g} open={open.has(l.g.unit)} toggle={() => toggle(l.g.unit)} t={t} />
          )
        }
      />
    </>
  );
}

/** A filter's select: "all" first, then the choices (values, or [value, label] pairs). */
function Choice({
  name,
  label,
  value,
  set,
  options,
  t,
}: {
  name: string;
  label: string;
  value: string;
  set: (v: string) => void;
  options: readonly (string | readonly [string, string])[];
  t: T;
}) {
  return (
    <label>
      {label}{' '}
      <select data-filter={name} value={value} onChange={(e) => set((e.currentTarget as HTMLSelectElement).value)}>
        <option value="">{t('libAll')}</option>
        {options.map((o) => {
          const [v, l] = typeof o === 'string' ? [o, o] : o;
          return (
            <option key={v} value={v}>
              {l}
            </option>
          );
        })}
      </select>
    </label>
  );
}
