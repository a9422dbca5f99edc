/** Hand-written validators for the records inside an export (mirrors schema/export.schema.json). */
import { arr, bool, isoDate, isoDateTime, literal, nullable, num, obj, record, str, tuple, type Validator } from './validate';

const offset = num({ int: true, min: 0 });
const optStr = nullable(str());

export const documentRecordV: Validator = obj({
  id: str({ nonEmpty: true, max: 2048 }),
  url: str({ nonEmpty: true, max: 8192 }),
  urls: arr(str({ max: 8192 }), { max: 1000 }),
  title: str({ max: 2000 }),
  docNumber: optStr,
  issuer: optStr,
  date: nullable(isoDate),
  fingerprint: str({ max: 512 }),
  created: isoDateTime,
  modified: isoDateTime,
});

export const measureNoteV: Validator = obj({
  id: str({ nonEmpty: true }),
  docId: str({ nonEmpty: true }),
  measureId: str({ nonEmpty: true, max: 200 }),
  measurePath: str({ max: 500 }),
  status: nullable(literal('未开始', '推进中', '已完成', '关注')),
  note: str({ max: 1_000_000 }),
  created: isoDateTime,
  modified: isoDateTime,
});

const measureV = obj(
  {
    id: str({ nonEmpty: true }),
    parentId: optStr,
    level: num({ int: true, min: 1 }),
    marker: str(),
    markerKind: literal('chapter', 'section', 'article', 'cn', 'paren-cn', 'arabic', 'paren-arabic', 'circled', 'row'),
    ordinal: num({ int: true, min: 0 }),
    title: str(),
    start: offset,
    end: offset,
    headStart: offset,
    headEnd: offset,
    path: str(),
  },
  { keyTerms: arr(str()) },
);

const roleWordV = literal('牵头', '负责', '责任', '配合', '参与', '协办', '协同', '指导', '落实');
const mentionV = obj({ text: str(), canonical: optStr, role: literal('lead', 'co'), start: offset, end: offset }, { word: roleWordV });

const assignmentV = obj(
  {
    measureId: optStr,
    units: arr(str()),
    lead: arr(str()),
    canonical: arr(optStr),
    inherited: bool,
    sourceText: str(),
    start: offset,
    end: offset,
    rule: literal('first-listed', 'joint-lead', 'lead-marker', 'lead-column', 'responsible-only', 'single', 'standing'),
  },
  // roles and inheritedUnits: engine 1.1 and later (older exports have none).
  { mentions: arr(mentionV), roles: arr(roleWordV), inheritedUnits: arr(str()) },
);

const deadlineV = obj(
  {
    text: str(),
    date: nullable(isoDate),
    kind: literal('by', 'from', 'period', 'recurring', 'ongoing', 'relative'),
    measureId: optStr,
    start: offset,
    end: offset,
  },
  { startDate: nullable(isoDate), anchor: obj({ basis: literal('docDate', 'planYear', 'programme', 'published', 'today'), value: str({ max: 10 }) }) },
);

export const policyModelV: Validator = obj({
  isPolicy: bool,
  detection: obj({ score: num({ min: 0, max: 1 }), reasons: arr(str()) }),
  meta: obj(
    { title: optStr, docNumber: optStr, issuer: optStr, date: nullable(isoDate) },
    { source: record(literal('metaTable', 'text', 'pageTitle')) },
  ),
  measures: arr(measureV),
  assignments: arr(assignmentV),
  deadlines: arr(deadlineV),
  actionAreas: arr(obj({ name: str(), measureId: str(), start: offset, end: offset })),
  range: tuple(offset, offset),
  engine: str(),
});
