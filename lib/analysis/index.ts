/**
 * Policy analysis engine: text in → PolicyModel out. Pure; runs in Node and every extension
 * context. All offsets in the output are UTF-16 code units into the ORIGINAL input text.
 *
 * The pipeline, one stage per module, in the order `analyze` runs them:
 *   view (normalize: compact text + offset map) → lines → metadata (meta: title, 发文字号,
 *   signature) → task tables (tables) → parts (parts: the notice, the plan printed after its
 *   signature, each 附件) → measures (measures: each part's outline with its table rows) →
 *   responsibility (clauses placed in measures, who leads, standing rules, inheritance) →
 *   schedule (deadlines placed in measures, dates against the document's anchors) → action
 *   areas → citations (the documents it cites, and how) → detection.
 *
 * Measure ids are ordinal paths ("2.3.1"); an attachment's measures carry its letter ("A1.2"),
 * as does a second numbered part printed after the signature. A non-policy page yields no
 * measures, assignments or deadlines unless `force` asks for them (the user asked to analyse it).
 */
import type { AnalysisInput, Citation, PolicyModel } from './types';
import { buildView, type TextView } from './normalize';
import { spanTest, splitLines, type Line } from './lines';
import { extractMeta, readHeader, type MetaResult } from './meta';
import { findTaskTables } from './tables';
import { findParts } from './parts';
import { buildMeasures, innermostFinder, outputMeasures } from './measures';
import { buildAssignments } from './responsibility';
import { buildDeadlines } from './schedule';
import { findActionAreas } from './actionAreas';
import { detect } from './detect';
import { findCitations } from './citations';

export type * from './types';

import { ENGINE_VERSION } from './version';

export { ENGINE_VERSION };

function validateInput(input: AnalysisInput): void {
  if (!input || typeof input !== 'object') throw new TypeError('analyze: input must be an object { text, ... }');
  if (typeof input.text !== 'string') throw new TypeError('analyze: input.text must be a string');
  if (input.range !== undefined) {
    const r = input.range;
    if (!Array.isArray(r) || r.length !== 2 || !Number.isInteger(r[0]) || !Number.isInteger(r[1]) || r[0] < 0 || r[1] < r[0] || r[1] > input.text.length) {
      throw new RangeError(`analyze: input.range must be [start, end] with 0 <= start <= end <= text.length (${input.text.length}); got ${JSON.stringify(r)}`);
    }
  }
  if (input.today !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(input.today)) {
    throw new RangeError(`analyze: input.today must be YYYY-MM-DD; got ${JSON.stringify(input.today)}`);
  }
  if (input.tables !== undefined && !Array.isArray(input.tables)) throw new TypeError('analyze: input.tables must be an array');
}

export function analyze(input: AnalysisInput): PolicyModel {
  validateInput(input);
  const v = buildView(input.text, input.range);
  const lines = splitLines(v.s);
  const metaRes = readMetadata(input, v, lines);
  const docDate = metaRes.meta.date;
  const tables = findTaskTables(v, lines, input.tables ?? []);
  const inTable = spanTest(tables.map((t) => [t.start, t.end]));
  const parts = findParts(v, lines, metaRes.signature);
  const ms = buildMeasures(v, lines, parts, tables, inTable);
  const innermost = innermostFinder(ms);
  const assignments = buildAssignments(v, ms, inTable, docDate, innermost);
  const deadlines = buildDeadlines(v, lines, ms, metaRes, input, inTable, innermost);
  const measures = outputMeasures(v, ms);
  const actionAreas = findActionAreas(
    ms.map((m, i) => ({ id: m.id, parentId: m.parent?.id ?? null, normTitle: m.normTitle, start: measures[i]!.start, end: measures[i]!.end })),
  );
  const citations = [
    ...titleCitations(input, v, metaRes.meta.title),
    ...findCitations(v, metaRes.meta, (pos) => {
      const i = innermost(pos);
      return i >= 0 ? measures[i]!.id : null;
    }),
  ];
  const tableRows = ms.reduce((n, m) => n + (m.row ? 1 : 0), 0);
  const detection = detect(v, lines, {
    url: input.url,
    pageTitle: input.pageTitle,
    metaFields: input.metaFields,
    meta: metaRes,
    measureCount: ms.length - tableRows,
    assignmentCount: assignments.length,
    deadlineCount: deadlines.length,
    tableRows,
    leadColumns: tables.some((t) => t.hasLead),
  });
  const isPolicy = detection.score >= 0.5;
  const keep = isPolicy || input.force === true;
  return {
    isPolicy,
    detection,
    meta: metaRes.meta,
    measures: keep ? measures : [],
    assignments: keep ? assignments : [],
    deadlines: keep ? deadlines : [],
    actionAreas: keep ? actionAreas : [],
    citations: keep ? citations : [],
    range: [v.range[0], v.range[1]],
    engine: ENGINE_VERSION,
  };
}

// ---- Stages -------------------------------------------------------------------------------

/**
 * The title line's citations when the title is printed before the analysed content (an <h1>
 * outside the article container): 关于贯彻落实《…》的实施意见 says what the document implements.
 */
function titleCitations(input: AnalysisInput, v: TextView, title: string | null): Citation[] {
  if (!title?.includes('《') || v.range[0] === 0) return [];
  const at = input.text.lastIndexOf(title, v.range[0] - 1);
  if (at < 0 || at + title.length > v.range[0]) return [];
  return findCitations(buildView(input.text, [at, at + title.length]), { title: null, docNumber: null }, () => null);
}

/** Title, 发文字号, issuer and date; the page chrome before the body may hold the label table and the <h1>. */
function readMetadata(input: AnalysisInput, v: TextView, lines: readonly Line[]): MetaResult {
  const r0 = v.range[0];
  const header = r0 > 0 ? readHeader(buildView(input.text, [Math.max(0, r0 - 4000), r0])) : undefined;
  return extractMeta(v, lines, input.metaFields, input.pageTitle, header);
}
