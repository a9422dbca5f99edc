/** Export downloads and import for the side panel (extension page: Blob + <a download>). */
import type { PolicyLensDb } from '../../lib/store';
import { listDocuments } from '../../lib/store';
import {
  exportAll,
  loadBundle,
  serializeExport,
  buildCsv,
  buildCsvAll,
  buildMarkdown,
  buildIcs,
  buildIcsAll,
  exportFileName,
  parseImport,
  applyImport,
  describeReportEntry,
  describeValidationIssue,
  type ExportKind,
  type DocumentBundle,
} from '../../lib/export';
import type { ImportSummary } from '../../components/sidepanel/types';
import type { T } from '../../lib/i18n';

export function download(name: string, data: string, type: string): void {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

const MIME: Record<ExportKind, string> = {
  json: 'application/json;charset=utf-8',
  csv: 'text/csv;charset=utf-8',
  md: 'text/markdown;charset=utf-8',
  ics: 'text/calendar;charset=utf-8',
};

/** Builds the file; returns its name and content (the panel then downloads it). */
export async function buildExportFile(
  db: PolicyLensDb,
  kind: ExportKind,
  scope: 'doc' | 'all',
  ctx: { docId: string | null; text?: string; extensionVersion: string; now?: Date; t: T },
): Promise<{ name: string; content: string; type: string }> {
  const now = ctx.now ?? new Date();
  if (kind === 'json') {
    if (scope === 'doc' && !ctx.docId) throw new Error(ctx.t('errNoDocumentRecord'));
    const env = await exportAll(db, {
      extensionVersion: ctx.extensionVersion,
      now,
      docIds: scope === 'doc' ? [ctx.docId!] : undefined,
      texts: ctx.docId && ctx.text ? { [ctx.docId]: ctx.text } : undefined,
    });
    const first = scope === 'doc' ? env.documents[0]?.document : null;
    const name = exportFileName(first ?? { title: ctx.t('exportAllTitle') }, 'json', now);
    return { name, content: serializeExport(env), type: MIME.json };
  }
  const ids = scope === 'doc' ? (ctx.docId ? [ctx.docId] : []) : (await listDocuments(db)).map((d) => d.id);
  const bundles: DocumentBundle[] = [];
  for (const id of ids) {
    const b = await loadBundle(db, id, id === ctx.docId ? ctx.text : undefined);
    if (b) bundles.push(b);
  }
  if (bundles.length === 0) throw new Error(ctx.t('errExportNothing'));
  const all = scope === 'all';
  const content =
    kind === 'csv'
      ? all
        ? buildCsvAll(bundles)
        : buildCsv(bundles[0]!)
      : kind === 'md'
        ? bundles.map((b) => buildMarkdown(b, { exported: now.toISOString() })).join('\n\n---\n\n')
        : all
          ? buildIcsAll(bundles, { now, calendarName: ctx.t('exportAllTitle') })
          : buildIcs(bundles[0]!, { now });
  const name = exportFileName(all ? { title: ctx.t('exportAllTitle') } : bundles[0]!.document, kind, now);
  return { name, content, type: MIME[kind] };
}

/** Report lines shown after an import (the rest are counted). */
const REPORT_LINES = 20;

export async function importFile(db: PolicyLensDb, file: File, t: T): Promise<ImportSummary> {
  if (file.size > 50 * 1024 * 1024) return { imported: 0, skipped: 0, errors: [t('errImportTooLarge', (file.size / 1048576).toFixed(1))] };
  const bytes = new Uint8Array(await file.arrayBuffer());
  const parsed = parseImport(bytes);
  if (!parsed.ok) return { imported: 0, skipped: 0, errors: parsed.errors.slice(0, 20).map((e) => describeValidationIssue(e, t)) };
  const r = await applyImport(db, parsed.data);
  // Each repaired or skipped record is named (path, what was done, why); the file still imports.
  const report = [...parsed.data.report, ...r.report];
  const repaired = report.filter((e) => e.action === 'repaired').length;
  const skipped = report.length - repaired;
  const lines = report.slice(0, REPORT_LINES).map((e) => describeReportEntry(e, t));
  if (report.length > REPORT_LINES) lines.push(t('importReportMore', report.length - REPORT_LINES));
  return {
    imported: r.added + r.updated,
    skipped,
    errors: [],
    summary: t('importSummaryReport', r.added + r.updated, r.unchanged, repaired, skipped),
    report: lines,
  };
}
