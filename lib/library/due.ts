/**
 * What falls due across the library, from the ledger's rows: one entry per measure and deadline
 * (a deadline shared by five units is one thing to do), by window — overdue, within 30 / 90
 * days, recurring — and by month for the next twelve. Pure.
 */
import { dueWindow, type CrossLedgerRow, type DueWindow } from './ledger';

/** The rows that stand for a measure's deadline: the first row of each (document, measure, deadline). */
function dueEntries(rows: readonly CrossLedgerRow[]): CrossLedgerRow[] {
  const seen = new Set<string>();
  return rows.filter((r) => {
    if (!r.deadline) return false;
    const k = `${r.docId}#${r.measureId}#${r.deadline}`;
    return !seen.has(k) && !!seen.add(k);
  });
}

export type ShownWindow = Exclude<DueWindow, 'none' | 'later'>;

/** Entries by window on `today`, each list by due date. */
export function dueLists(rows: readonly CrossLedgerRow[], today: string): Map<ShownWindow, CrossLedgerRow[]> {
  const by = new Map<ShownWindow, CrossLedgerRow[]>();
  for (const r of dueEntries(rows)) {
    const w = dueWindow(r, today);
    if (w === 'none' || w === 'later') continue;
    (by.get(w) ?? by.set(w, []).get(w)!).push(r);
  }
  for (const list of by.values()) list.sort((a, b) => (a.due ?? '').localeCompare(b.due ?? ''));
  return by;
}

/** The twelve months from `today`'s ("YYYY-MM"), each with the entries due in it (start dates of 自…起 excluded). */
export function monthView(rows: readonly CrossLedgerRow[], today: string): [string, CrossLedgerRow[]][] {
  const [y, m] = today.split('-').map(Number) as [number, number];
  const by = new Map<string, CrossLedgerRow[]>();
  for (let i = 0; i < 12; i++) {
    const d = new Date(Date.UTC(y, m - 1 + i, 1));
    by.set(`${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`, []);
  }
  for (const r of dueEntries(rows)) {
    const k = r.due?.slice(0, 7);
    if (k && r.deadlineKind !== 'from') by.get(k)?.push(r);
  }
  return [...by];
}
