// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { readFileSync } from 'node:fs';
import 'fake-indexeddb/auto';
import { analyze, ENGINE_VERSION } from '../../../lib/analysis';
import { linkCitations } from '../../../lib/library/citations';
import { libraryEntry } from '../../../lib/library/entry';
import type { PolicyModel } from '../../../lib/analysis/types';
import { crossLedger, dueWindow, groupByUnit, type CrossLedgerRow, type LedgerDocument } from '../../../lib/library/ledger';
import { searchTexts } from '../../../lib/library/search';
import { loadLibrary } from '../../../lib/library/load';
import { LibraryApp, type LibraryActions } from '../../../components/library/LibraryApp';
import { I18nProvider } from '../../../components/sidepanel';
import { zhT } from '../../fixtures/catalog';
import { keepDocument, openPolicyLensDb, putMeasureNote, recordAnalysis } from '../../../lib/store';

afterEach(cleanup);
const read = (p: string) => readFileSync(p, 'utf8');
const TODAY = '2026-11-20';

function doc(id: string, file: string): LedgerDocument & { model: PolicyModel } {
  const model = analyze({ text: read(file), today: TODAY });
  return {
    id,
    title: model.meta.title,
    docNumber: model.meta.docNumber,
    issuer: model.meta.issuer,
    date: model.meta.date,
    model,
    entry: libraryEntry(id, '', model),
    url: `https://example.gov.cn/${id}.html`,
  };
}
const central = doc('central', 'seeds/library/guofa-shuzi.txt');
const provincial = doc('provincial', 'seeds/citations/shishi-yijian.txt');
const city = doc('city', 'seeds/citations/yingshang-fangan.txt');
const DOCS = [central, provincial, city];
/** The page's full-text search and re-analysis, for tests that do not use them. */
const NO_TEXT = {
  reanalyse: async () => {
    throw new Error('not in this test');
  },
  searchText: async () => ({ hits: new Map(), words: [], searched: 0 }),
  openFile: () => {},
};

describe('the library across documents', () => {
  it('citations resolve to kept documents by 文号 or title, both ways', () => {
    const links = linkCitations(DOCS.map((d) => ({ id: d.id, title: d.title, docNumber: d.docNumber, citations: d.entry.citations })));
    const prov = links.cites.get('provincial')!;
    // the title line and the preamble name the same document: one entry, resolved to the central one
    expect(prov.filter((c) => c.target === 'central')).toHaveLength(1);
    expect(prov.find((c) => c.target === 'central')!.citation.relation).toBe('implements');
    expect(prov.filter((c) => c.target === null).map((c) => c.citation.title)).toContain('中华人民共和国数据安全法');
    expect(links.citedBy.get('central')).toEqual([expect.objectContaining({ from: 'provincial' })]);
    expect(links.citedBy.get('city')).toBeUndefined();
  });

  it('units grouped across documents, the leaders first; due windows by today', () => {
    const rows = crossLedger(DOCS);
    const groups = groupByUnit(rows);
    const miit = groups.find((g) => g.unit === '工业和信息化部')!;
    expect(miit).toMatchObject({ leads: 0, measures: 2, documents: 1 });
    const data = groups.find((g) => g.unit === '省数据局')!;
    expect(data.leads).toBeGreaterThanOrEqual(2);
    expect(groups[0]!.leads).toBeGreaterThanOrEqual(groups[groups.length - 1]!.leads);
    const w = (due: string | null, kind: 'by' | 'recurring' = 'by', status: string | null = null) => dueWindow({ due, deadlineKind: kind, status }, TODAY);
    expect([w('2026-11-01'), w('2026-11-01', 'by', '已完成'), w('2026-12-15'), w('2027-02-01'), w('2027-12-31'), w(null, 'recurring'), w(null)]).toEqual([
      'overdue',
      'none',
      'd30',
      'd90',
      'later',
      'recurring',
      'none',
    ]);
  });

  it('the page: documents with their level, the ledger by unit with a lead filter, due items, citations both ways, forget', async () => {
    const forget = vi.fn(async () => {});
    const downloadCsv = vi.fn();
    render(
      <I18nProvider t={zhT}>
        <LibraryApp
          contents={{ documents: DOCS, unanalysed: [] }}
          today={TODAY}
          engine={ENGINE_VERSION}
          actions={{ forget, downloadCsv, downloadXlsx: async () => {}, downloadIcs: async () => {}, ...NO_TEXT }}
        />
      </I18nProvider>,
    );
    expect(screen.getByTestId('lib-counts').textContent).toMatch(/^3 份文件 · \d+ 条台账$/);
    const table = screen.getAllByRole('table')[0]!;
    const levels = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((r) => r.children[3]!.textContent);
    expect(levels).toEqual(['省级', '市级', '中央']); // newest first
    const unit = (name: string) => document.querySelector(`[data-unit="${name}"]`);
    expect(unit('工业和信息化部')!.textContent).toContain('牵头 0 项措施（0 份文件）· 共 2 项（1 份文件）');
    fireEvent.click(screen.getByLabelText('只看牵头'));
    expect(unit('工业和信息化部')).toBeNull();
    expect(unit('国务院办公厅')).not.toBeNull();
    fireEvent.click(screen.getByText('下载 CSV'));
    expect(downloadCsv.mock.calls[0]![0].every((r: { role: string }) => r.role === 'lead')).toBe(true);
    // what falls due and the citations come in the task after the first view
    await waitFor(() => expect(document.querySelector('[data-due="d90"]')).not.toBeNull());
    // due: the central plan's 2026年底前 falls within 90 days of 2026-11-20 … its 2027年6月底前 later; 每年 is recurring
    expect(document.querySelector('[data-due="d90"]')!.textContent).toContain('2026年底前');
    expect(document.querySelector('[data-due="recurring"]')!.textContent).toContain('每年');
    const cites = document.querySelector('.pl-lib-cites[data-doc="provincial"] [data-list="cites"]')!;
    expect(cites.querySelector('[data-target="central"]')!.textContent).toContain('国务院关于加强数字政府建设的指导意见');
    expect(document.querySelector('.pl-lib-cites[data-doc="central"] [data-list="cited-by"]')!.textContent).toContain('贯彻落实');
    // a row opens its measure on its page
    // a group's rows are drawn when it is opened
    expect(document.querySelector('[data-group="国务院办公厅"]')).toBeNull();
    fireEvent.click(unit('国务院办公厅')!.querySelector('button')!);
    expect(unit('国务院办公厅')!.querySelector('button')!.getAttribute('aria-expanded')).toBe('true');
    const link = document.querySelector('[data-group="国务院办公厅"] a')!;
    expect(link.getAttribute('href')).toMatch(/^https:\/\/example\.gov\.cn\/central\.html#pl-measure=/);
    // the month view: the next twelve months, each with its dated deadlines; one opens its list
    const monthButtons = [...document.querySelectorAll<HTMLButtonElement>('[data-month]')];
    expect(monthButtons.map((b) => b.dataset.month)).toEqual([
      '2026-11',
      '2026-12',
      '2027-01',
      '2027-02',
      '2027-03',
      '2027-04',
      '2027-05',
      '2027-06',
      '2027-07',
      '2027-08',
      '2027-09',
      '2027-10',
    ]);
    const dec = monthButtons[1]!;
    expect(dec.textContent).toMatch(/^2026-12（[1-9]\d*）$/);
    fireEvent.click(dec);
    expect(document.querySelector('[data-month-list="2026-12"]')!.textContent).toContain('2026年底前');
    expect(monthButtons[7]!.textContent).toMatch(/^2027-06（[1-9]/); // 2027年6月底前 of the central plan
    fireEvent.click(dec);
    expect(document.querySelector('[data-month-list]')).toBeNull();
    // the due filter keeps the ledger rows of one window
    fireEvent.click(screen.getByLabelText('只看牵头'));
    fireEvent.change(document.querySelector('[data-filter="due"]')!, { target: { value: 'recurring' } });
    for (const b of document.querySelectorAll<HTMLButtonElement>('.pl-lib-groups [aria-expanded="false"]')) fireEvent.click(b);
    const shown = [...document.querySelectorAll('.pl-lib-groups .pl-lib-row')];
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.every((li) => /每年|每季度/.test(li.textContent ?? ''))).toBe(true);
    fireEvent.change(document.querySelector('[data-filter="due"]')!, { target: { value: '' } });
    // search: by 文号, by a measure's heading; sort by measures
    const search = document.querySelector('[data-input="doc-search"]')!;
    fireEvent.input(search, { target: { value: '江政发' } });
    expect(
      within(table)
        .getAllByRole('row')
        .slice(1)
        .map((r) => r.children[1]!.textContent),
    ).toEqual(['江政发〔2025〕7号']);
    fireEvent.input(search, { target: { value: '规范涉企收费' } });
    expect(
      within(table)
        .getAllByRole('row')
        .slice(1)
        .map((r) => r.children[1]!.textContent),
    ).toEqual(['清政办发〔2024〕21号']);
    fireEvent.input(search, { target: { value: '' } });
    fireEvent.change(screen.getAllByRole('combobox')[1]!, { target: { value: 'measures' } });
    const counts = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((r) => Number(r.children[5]!.textContent));
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    fireEvent.change(screen.getAllByRole('combobox')[1]!, { target: { value: 'date' } });
    const row = table.querySelector<HTMLElement>('tr[data-doc="city"]')!;
    fireEvent.click(within(row).getByText('移出文库'));
    fireEvent.click(within(row).getByText('确认移出（删除其批注和状态）'));
    await vi.waitFor(() => expect(forget).toHaveBeenCalledWith('city'));
  });

  it('loads kept documents with their analysis and statuses from the database', async () => {
    const db = await openPolicyLensDb(`lib-${Math.random()}`);
    const kept = await keepDocument(db, {
      url: 'https://www.gov.cn/a.htm',
      title: central.title!,
      docNumber: central.docNumber,
      issuer: central.issuer,
      date: central.date,
    });
    await recordAnalysis(db, kept.document.id, central.model);
    const m = central.model.measures[2]!;
    await putMeasureNote(db, { docId: kept.document.id, measureId: m.id, measurePath: m.path, status: '已完成', note: '' });
    await keepDocument(db, { url: 'https://www.gov.cn/b.htm', title: '尚未分析的文件' });
    const lib = await loadLibrary(db);
    expect(lib.documents.map((d) => [d.title, d.docNumber, d.statuses])).toEqual([[central.title, '国发〔2022〕14号', { [m.id]: '已完成' }]]);
    expect(lib.unanalysed.map((d) => d.title)).toEqual(['尚未分析的文件']);
    db.close();
  });
});

describe('units across reorganisations', () => {
  const make = (id: string, year: number, lead: string) => {
    const text = `国务院办公厅关于推进健康工作的通知\n国办发〔${year}〕${id === 'old' ? 1 : 2}号\n一、重点任务\n（一）推进健康建设。（${lead}牵头，财政部配合，${year + 1}年底前完成）\n国务院办公厅\n${year}年3月1日`;
    const model = analyze({ text, today: TODAY });
    return {
      id,
      title: model.meta.title,
      docNumber: model.meta.docNumber,
      issuer: model.meta.issuer,
      date: model.meta.date,
      entry: libraryEntry(id, '', model),
    } as LedgerDocument;
  };
  const docs = [make('old', 2016, '卫生计生委'), make('new', 2020, '国家卫生健康委')];

  it('国家卫生计生委 and 国家卫生健康委 are one line of succession, under today’s name; the switch keeps them apart', () => {
    const rows = crossLedger(docs);
    expect(rows.find((r) => r.docId === 'old' && r.role === 'lead')).toMatchObject({ unit: '国家卫生和计划生育委员会', successor: '国家卫生健康委员会' });
    expect(rows.find((r) => r.docId === 'new' && r.role === 'lead')).toMatchObject({ unit: '国家卫生健康委员会', successor: null });
    const line = groupByUnit(rows).find((g) => g.unit === '国家卫生健康委员会')!;
    expect(line).toMatchObject({ leads: 2, leadDocuments: 2, formerNames: ['国家卫生和计划生育委员会'] });
    const apart = groupByUnit(rows, { succession: false });
    expect(apart.find((g) => g.unit === '国家卫生健康委员会')!.leads).toBe(1);
    expect(apart.find((g) => g.unit === '国家卫生和计划生育委员会')!.leads).toBe(1);
    // a current body is its own successor
    expect(rows.find((r) => r.unit === '财政部')!.successor).toBeNull();
  });

  it('the library page merges them by default and shows the former name; unticked, two lines', () => {
    render(
      <I18nProvider t={zhT}>
        <LibraryApp
          contents={{ documents: docs, unanalysed: [] }}
          today={TODAY}
          engine={ENGINE_VERSION}
          actions={{ forget: async () => {}, downloadCsv: () => {}, downloadXlsx: async () => {}, downloadIcs: async () => {}, ...NO_TEXT }}
        />
      </I18nProvider>,
    );
    const unit = (name: string) => document.querySelector(`[data-unit="${name}"]`);
    expect(unit('国家卫生健康委员会')!.textContent).toContain('牵头 2 项措施（2 份文件）');
    expect(unit('国家卫生健康委员会')!.textContent).toContain('（含 国家卫生和计划生育委员会）');
    expect(unit('国家卫生和计划生育委员会')).toBeNull();
    fireEvent.click(screen.getByLabelText('按机构改革合并名称'));
    expect(unit('国家卫生和计划生育委员会')!.textContent).toContain('牵头 1 项措施（1 份文件）');
  });
});

describe('the library page: full text, more filters, analysing again', () => {
  const draw = (actions: Partial<LibraryActions> = {}, documents = DOCS, engine = ENGINE_VERSION) => {
    const downloadCsv = vi.fn();
    render(
      <I18nProvider t={zhT}>
        <LibraryApp
          contents={{ documents, unanalysed: [] }}
          today={TODAY}
          engine={engine}
          actions={{ forget: async () => {}, downloadCsv, downloadXlsx: async () => {}, downloadIcs: async () => {}, ...NO_TEXT, ...actions }}
        />
      </I18nProvider>,
    );
    const csvRows = () => {
      fireEvent.click(screen.getByText('下载 CSV'));
      return downloadCsv.mock.calls.at(-1)![0] as CrossLedgerRow[];
    };
    return { csvRows };
  };
  const titles = () => [...document.querySelectorAll('.pl-lib-docs tbody tr')].map((r) => r.getAttribute('data-doc'));

  it('a word only the text holds finds its document, with the line it is in', async () => {
    const texts = DOCS.map((d) => ({
      docId: d.id,
      text: read(
        d.id === 'central'
          ? 'seeds/library/guofa-shuzi.txt'
          : d.id === 'provincial'
            ? 'seeds/citations/shishi-yijian.txt'
            : 'seeds/citations/yingshang-fangan.txt',
      ),
    }));
    const searchText = vi.fn(async (q: string) => ({ hits: searchTexts(texts, q, [q]), words: [q], searched: texts.length }));
    draw({ searchText });
    const q = texts[0]!.text.match(/一网通办|数字化转型|政务服务/)![0];
    fireEvent.input(document.querySelector('[data-input="doc-search"]')!, { target: { value: q } });
    await waitFor(() => expect(searchText).toHaveBeenCalledWith(q));
    await waitFor(() => expect(screen.getByTestId('lib-text-hits').textContent).toMatch(/^全文：\d+ 份文件含“/));
    expect(titles()).toContain('central');
    const snippet = document.querySelector('tr[data-doc="central"] .pl-lib-snippet')!;
    expect(snippet.querySelector('mark')!.textContent).toBe(q);
  });

  it('filters the ledger by issuer, action area and status', () => {
    const done = crossLedger(DOCS).find((r) => r.docId === 'central')!.measureId;
    const withStatus = DOCS.map((d) => (d.id === 'central' ? { ...d, statuses: { [done]: '已完成' } } : d));
    const { csvRows } = draw({}, withStatus);
    const pick = (name: string, value: string) => fireEvent.change(document.querySelector(`[data-filter="${name}"]`)!, { target: { value } });
    pick('issuer', '国务院');
    expect(new Set(csvRows().map((r) => r.docId))).toEqual(new Set(['central']));
    pick('issuer', '');
    const areas = [...document.querySelectorAll<HTMLOptionElement>('[data-filter="area"] option')].map((o) => o.value).filter(Boolean);
    expect(areas.length).toBeGreaterThan(0);
    pick('area', areas[0]!);
    expect(csvRows().length).toBeGreaterThan(0);
    expect(csvRows().every((r) => r.areas.includes(areas[0]!))).toBe(true);
    pick('area', '');
    pick('status', '已完成');
    expect(csvRows().length).toBeGreaterThan(0);
    expect([...new Set(csvRows().map((r) => r.status))]).toEqual(['已完成']);
    pick('status', [...document.querySelectorAll<HTMLOptionElement>('[data-filter="status"] option')].at(-1)!.value); // 未设状态
    expect(csvRows().every((r) => r.status === null)).toBe(true);
  });

  it('says how many documents an older engine analysed and analyses them again with progress', async () => {
    let finish!: () => void;
    const reanalyse = vi.fn(async (progress: (d: number, t: number) => void) => {
      progress(1, 3);
      await new Promise<void>((r) => (finish = r));
      return { total: 3, analysed: 2, noSource: ['x'], failed: [], notesMoved: 1, annotationsMoved: 0 };
    });
    draw({ reanalyse }, DOCS, 'policy-lens-analysis/9.9.9');
    const section = document.querySelector('[data-section="reanalyse"]')!;
    expect(section.textContent).toContain('3 份文件由旧版分析引擎分析（当前 9.9.9）');
    fireEvent.click(section.querySelector('[data-action="reanalyse"]')!);
    await waitFor(() => expect(section.textContent).toContain('正在重新分析 1 / 3'));
    expect(section.querySelector<HTMLButtonElement>('[data-action="reanalyse"]')!.disabled).toBe(true);
    finish();
    await waitFor(() => expect(section.querySelector('[data-outcome="reanalyse"]')!.textContent).toContain('已重新分析 2 份文件；1 处'));
    expect(section.textContent).toContain('1 份文件未保存原文');
  });
});
