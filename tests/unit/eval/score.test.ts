import { describe, expect, it } from 'vitest';
import type { Assignment, Measure, PolicyModel } from '../../../lib/analysis/types';
import { parseExpected, ExpectedFormatError, type ExpectedDoc } from '../../../lib/eval/expected';
import {
  failingCategories,
  formatMisses,
  formatTable,
  normTitle,
  prf,
  scoreCorpus,
  scoreDocument,
} from '../../../lib/eval/score';

// A small 国办发-style plan, read by hand.
const expected: ExpectedDoc = {
  file: 'gov/zhengce/content/2017-08/10/content_12345.htm',
  isPolicy: true,
  meta: { title: '国务院办公厅关于印发促进冷链物流发展实施方案的通知', docNumber: '国办发〔2017〕58号', issuer: '国务院办公厅', date: '2017-08-02' },
  measures: [
    { id: '1', marker: '一、', title: '健全冷链物流标准体系' },
    { id: '1.1', marker: '（一）', title: '“互联网+”冷链监测' },
    { id: '2', marker: '二、', title: '完善基础设施' },
  ],
  assignments: [
    { measureId: '1.1', unit: '国家发展改革委', canonical: '国家发展和改革委员会', lead: true, inherited: false },
    { measureId: '1.1', unit: '商务部', canonical: '商务部', lead: false, inherited: false },
    { measureId: '1.1', unit: '质检总局', canonical: '国家质量监督检验检疫总局', lead: false, inherited: false },
    { measureId: '2', unit: '省发展改革委', canonical: null, lead: true, inherited: false },
  ],
  deadlines: [
    { text: '2017年底前', date: '2017-12-31', kind: 'by', measureId: '1.1' },
    { text: '长期坚持', date: null, kind: 'ongoing', measureId: '2' },
  ],
  actionAreas: [{ name: '“互联网+”冷链监测', measureId: '1.1' }],
};

function measure(id: string, marker: string, title: string): Measure {
  const parts = id.split('.');
  return {
    id,
    parentId: parts.length > 1 ? parts.slice(0, -1).join('.') : null,
    level: parts.length,
    marker,
    markerKind: marker.startsWith('（') ? 'paren-cn' : 'cn',
    ordinal: Number(parts[parts.length - 1]),
    title,
    start: 0,
    end: 0,
    headStart: 0,
    headEnd: 0,
    path: marker,
    keyTerms: [],
  };
}

function assignment(measureId: string, units: string[], lead: string[], canonical: (string | null)[], rule: Assignment['rule'] = 'lead-marker'): Assignment {
  return { measureId, units, lead, canonical, inherited: false, sourceText: '', start: 0, end: 0, mentions: [], rule };
}

/** The engine output a perfect engine would give (written independently of the expected rows). */
function perfectModel(): PolicyModel {
  return {
    isPolicy: true,
    detection: { score: 0.95, reasons: ['发文字号 国办发〔2017〕58号'] },
    meta: { title: '国务院办公厅关于印发促进冷链物流发展实施方案的通知', docNumber: '国办发〔2017〕58号', issuer: '国务院办公厅', date: '2017-08-02' },
    measures: [
      measure('1', '一、', '健全冷链物流标准体系。'),
      // quote style and stray space differ from the expectation: still the same title
      measure('1.1', '（一）', '"互联网+" 冷链监测'),
      measure('2', '二、', '完善基础设施'),
    ],
    assignments: [
      // written form with a stray OCR space; canonical decides
      assignment('1.1', ['国家发展 改革委', '商务部', '质检总局'], ['国家发展 改革委'], ['国家发展和改革委员会', '商务部', '国家质量监督检验检疫总局']),
      assignment('2', ['省发展改革委'], ['省发展改革委'], [null], 'single'),
    ],
    deadlines: [
      { text: '2017年底前', date: '2017-12-31', kind: 'by', measureId: '1.1', start: 0, end: 0 },
      { text: '长期坚持', date: null, kind: 'ongoing', measureId: '2', start: 0, end: 0 },
    ],
    actionAreas: [{ name: '“互联网+”冷链监测', measureId: '1.1', start: 0, end: 0 }],
    range: [0, 100],
    engine: 'test',
  };
}

describe('scoreDocument', () => {
  it('a perfect model scores 1.0 in every category', () => {
    const s = scoreCorpus([scoreDocument(perfectModel(), expected)]);
    for (const c of Object.values(s.categories)) {
      expect(c.fp).toBe(0);
      expect(c.fn).toBe(0);
      expect(c.f1).toBe(1);
    }
    expect(s.categories.assignments.tp).toBe(4);
    expect(s.categories.leads.tp).toBe(2);
    expect(s.categories.metadata.tp).toBe(4);
    expect(failingCategories(s)).toEqual([]);
  });

  it('a missed unit lowers assignment recall but not precision', () => {
    const m = perfectModel();
    m.assignments[0] = assignment('1.1', ['国家发展改革委', '商务部'], ['国家发展改革委'], ['国家发展和改革委员会', '商务部']);
    const doc = scoreDocument(m, expected);
    const s = scoreCorpus([doc]).categories.assignments;
    expect(s.precision).toBe(1);
    expect(s.recall).toBe(0.75);
    expect(doc.misses.assignments.missing).toEqual(['1.1 质检总局 (国家质量监督检验检疫总局) [co]']);
    // leads untouched
    expect(scoreCorpus([doc]).categories.leads.f1).toBe(1);
  });

  it('a wrong lead flag is both a false positive and a false negative', () => {
    const m = perfectModel();
    m.assignments[0]!.lead = ['国家发展 改革委', '商务部'];
    const s = scoreCorpus([scoreDocument(m, expected)]).categories;
    expect(s.assignments.tp).toBe(3);
    expect(s.assignments.fp).toBe(1);
    expect(s.assignments.fn).toBe(1);
    // as lead units alone: one extra lead lowers precision only
    expect(s.leads.precision).toBeCloseTo(2 / 3);
    expect(s.leads.recall).toBe(1);
  });

  it('a unit at the wrong measure does not match', () => {
    const m = perfectModel();
    m.assignments[1]!.measureId = '1';
    const s = scoreCorpus([scoreDocument(m, expected)]).categories;
    expect(s.assignments.fn).toBe(1);
    expect(s.assignments.fp).toBe(1);
    expect(s.leads.f1).toBeCloseTo(0.5);
  });

  it('matches on canonical names when both sides have one, on the written form otherwise', () => {
    const m = perfectModel();
    // 发改委 is another short form of the same body: canonical match
    m.assignments[0]!.units[0] = '发改委';
    m.assignments[0]!.lead = ['发改委'];
    // a wrong canonical on an otherwise identical written form is a miss
    m.assignments[0]!.canonical[1] = '商务部投资促进事务局';
    // the engine knows no canonical for 省发展改革委: written form decides
    const s = scoreCorpus([scoreDocument(m, expected)]).categories.assignments;
    expect(s.tp).toBe(3);
    expect(s.fn).toBe(1);
    expect(s.fp).toBe(1);
  });

  it('an engine that drops the canonical still matches on the written form', () => {
    const m = perfectModel();
    m.assignments[0]!.canonical = [null, null, null];
    m.assignments[0]!.units[0] = '国家发展改革委';
    m.assignments[0]!.lead = ['国家发展改革委'];
    expect(scoreCorpus([scoreDocument(m, expected)]).categories.assignments.f1).toBe(1);
  });

  it('a duplicated assignment row is a false positive', () => {
    const m = perfectModel();
    m.assignments.push({ ...m.assignments[1]!, inherited: true });
    const s = scoreCorpus([scoreDocument(m, expected)]).categories.assignments;
    expect(s.fp).toBe(1);
    expect(s.recall).toBe(1);
  });

  it('scores metadata field by field, trimmed but otherwise exact', () => {
    const m = perfectModel();
    m.meta.title = '  国务院办公厅关于印发促进冷链物流发展实施方案的通知\n';
    m.meta.date = '2017-08-10'; // 发布日期 instead of 成文日期
    m.meta.docNumber = null;
    const doc = scoreDocument(m, expected);
    const s = scoreCorpus([doc]).categories.metadata;
    expect(s.tp).toBe(2);
    expect(s.fn).toBe(2);
    expect(s.fp).toBe(1);
    expect(doc.misses.metadata.missing).toContain('docNumber: 国办发〔2017〕58号');
    expect(doc.misses.metadata.extra).toEqual(['date: 2017-08-10']);
  });

  it('outline: a title that differs in more than spaces, quotes and trailing punctuation is a miss', () => {
    const m = perfectModel();
    m.measures[0] = measure('1', '一、', '健全冷链物流标准'); // heading cut short
    m.measures.push(measure('3', '3.', '增长1.5倍')); // a sentence taken for a heading
    const s = scoreCorpus([scoreDocument(m, expected)]).categories.outline;
    expect(s.tp).toBe(2);
    expect(s.fn).toBe(1);
    expect(s.fp).toBe(2);
  });

  it('deadlines: found is judged on measure + text, dates on text + date', () => {
    const m = perfectModel();
    m.deadlines[0] = { ...m.deadlines[0]!, measureId: '1', date: '2017-12-30' };
    m.deadlines.push({ text: '2015年7月1日', date: '2015-07-01', kind: 'by', measureId: null, start: 0, end: 0 });
    const s = scoreCorpus([scoreDocument(m, expected)]).categories;
    expect(s.deadlines).toMatchObject({ tp: 1, fp: 2, fn: 1 });
    expect(s.deadlineDates).toMatchObject({ tp: 1, fp: 2, fn: 1 });
  });

  it('deadline text ignores stray whitespace ("到 2025 年")', () => {
    const exp: ExpectedDoc = { ...expected, deadlines: [{ text: '到 2025 年', date: '2025-12-31', kind: 'by', measureId: '2' }] };
    const m = perfectModel();
    m.deadlines = [{ text: '到2025年', date: '2025-12-31', kind: 'by', measureId: '2', start: 0, end: 0 }];
    const s = scoreCorpus([scoreDocument(m, exp)]).categories;
    expect(s.deadlines.f1).toBe(1);
    expect(s.deadlineDates.f1).toBe(1);
  });

  it('action areas must carry the normalised name', () => {
    const m = perfectModel();
    m.actionAreas = [{ name: '"互联网十"冷链监测', measureId: '1.1', start: 0, end: 0 }];
    expect(scoreCorpus([scoreDocument(m, expected)]).categories.actionAreas.f1).toBe(0);
  });

  it('a non-policy page only scores detection', () => {
    const news: ExpectedDoc = {
      file: 'gov/xinwen/x.htm',
      isPolicy: false,
      meta: { title: null, docNumber: null, issuer: null, date: null },
      measures: [],
      assignments: [],
      deadlines: [],
      actionAreas: [],
    };
    const ok = scoreDocument({ ...perfectModel(), isPolicy: false }, news);
    expect(ok.skipped).toContain('assignments');
    expect(ok.counts.detection).toEqual({ tp: 0, fp: 0, fn: 0 });
    expect(ok.counts.assignments).toEqual({ tp: 0, fp: 0, fn: 0 });
    const wrong = scoreDocument(perfectModel(), news);
    expect(wrong.counts.detection.fp).toBe(1);
    expect(wrong.misses.detection.extra[0]).toContain('国办发〔2017〕58号');
  });

  it('a policy the engine rejects is a detection false negative', () => {
    const m = { ...perfectModel(), isPolicy: false };
    const s = scoreCorpus([scoreDocument(m, expected)]).categories.detection;
    expect(s.recall).toBe(0);
    expect(s.f1).toBe(0);
  });
});

describe('scoreCorpus', () => {
  it('micro-averages: sums counts over documents before dividing', () => {
    const a = scoreDocument(perfectModel(), expected);
    const m = perfectModel();
    m.assignments = [];
    const b = scoreDocument(m, expected);
    const s = scoreCorpus([a, b]).categories.assignments;
    expect(s).toMatchObject({ tp: 4, fp: 0, fn: 4 });
    expect(s.recall).toBe(0.5);
    expect(s.f1).toBeCloseTo(2 / 3);
    expect(failingCategories(scoreCorpus([a, b]))).toEqual(expect.arrayContaining(['assignments', 'leads']));
  });

  it('prf: no predictions and nothing expected is perfect; no predictions with expectations is 0', () => {
    expect(prf({ tp: 0, fp: 0, fn: 0 }).f1).toBe(1);
    expect(prf({ tp: 0, fp: 0, fn: 3 }).f1).toBe(0);
    expect(prf({ tp: 3, fp: 1, fn: 0 }).precision).toBe(0.75);
  });

  it('formats a table and per-document misses', () => {
    const m = perfectModel();
    m.assignments.pop();
    const s = scoreCorpus([scoreDocument(m, expected)]);
    const table = formatTable(s);
    expect(table.split('\n')).toHaveLength(9);
    expect(table).toMatch(/unit assignments\s+1\.000\s+0\.750\s+0\.857\s+3\/0\/1\s+< gate/);
    expect(formatMisses(s.docs[0]!)).toContain('- missing 2 省发展改革委 [lead]');
  });
});

describe('normTitle', () => {
  it('drops whitespace and trailing punctuation, folds quote styles', () => {
    expect(normTitle('(四)"互联网十" 智慧能源。')).toBe('(四)"互联网十"智慧能源');
    expect(normTitle('总体思路：')).toBe('总体思路');
    expect(normTitle('“互联网+”协同制造')).toBe(normTitle('"互联网+"协同制造'));
    expect(normTitle('互联网+')).not.toBe(normTitle('互联网十'));
  });
});

describe('parseExpected', () => {
  it('accepts a valid file', () => {
    expect(parseExpected(JSON.parse(JSON.stringify(expected)))).toEqual(expected);
  });

  it('lists every problem: orphan ids, unknown measure refs, bad dates and kinds', () => {
    const bad = {
      ...expected,
      meta: { ...expected.meta, date: '2017-02-30' },
      measures: [...expected.measures, { id: '3.1', marker: '（一）', title: '孤儿' }, { id: '1.0', marker: '1.', title: 'x' }],
      assignments: [{ measureId: '9', unit: '国家发展 改革委', canonical: null, lead: 'yes', inherited: false }],
      deadlines: [{ text: '年内', date: null, kind: 'soon', measureId: '1' }],
    };
    let err: unknown;
    try {
      parseExpected(bad, 'bad.json');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ExpectedFormatError);
    const msg = (err as Error).message;
    expect(msg).toContain('bad.json');
    expect(msg).toContain('meta.date "2017-02-30"');
    expect(msg).toContain('parent "3"');
    expect(msg).toContain('measures[4].id must be an ordinal path');
    expect(msg).toContain('assignments[0].measureId "9"');
    expect(msg).toContain('assignments[0].unit must have no whitespace');
    expect(msg).toContain('assignments[0].lead must be a boolean');
    expect(msg).toContain('deadlines[0].kind');
  });

  it('rejects a non-object', () => {
    expect(() => parseExpected([], 'x.json')).toThrow(/top level must be an object/);
  });
});

describe('normDeadlineText', () => {
  it('drops whitespace and quote marks only', async () => {
    const { normDeadlineText } = await import('../../../lib/eval/score');
    expect(normDeadlineText('“十三五” 期间')).toBe(normDeadlineText('"十三五"期间'));
    expect(normDeadlineText('“十三五”期间')).toBe('十三五期间');
    expect(normDeadlineText('2017年底前')).not.toBe(normDeadlineText('2017年底'));
  });
});
